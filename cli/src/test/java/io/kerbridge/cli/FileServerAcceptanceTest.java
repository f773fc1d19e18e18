package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.dc.DcInit;
import io.kerbridge.dc.DomainController;
import io.kerbridge.directory.GroupScope;
import io.kerbridge.directory.NewAccount;
import io.kerbridge.fileserver.FileServer;
import io.kerbridge.fileserver.FilesConfig;
import io.kerbridge.kerberos.pac.Sid;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Issue "The device, the admin commands and the file server", file-server part: our DC for CONTOSO.TEST
 * (alice in Finance, bob not, a service account FILES$ with SPN HTTP/files.contoso.test whose keytab is
 * exported through the admin API), a file server set up with {@code kerbridge files init} and
 * {@code files share add} and started on 127.0.0.1; then real clients: MIT kinit, curl --negotiate,
 * python-gssapi (verifying mutual authentication) and the JDK's GSS initiator.
 */
class FileServerAcceptanceTest {
    static final String ADMIN_PW = "Adm1n-Passw0rd!";
    static final String USER_PW = "Us3r-Passw0rd!";
    static final String HOST = "files.contoso.test";
    @TempDir
    static Path tmp;
    static DomainController dc;
    static FileServer files;
    static Path krb5;
    static Path filesDir;
    static Path financeDir;
    static Path publicDir;
    static int adminPort;
    static int port;
    static Sid financeSid;

    @BeforeAll
    static void domainAndFileServer() throws Exception {
        Path root = tmp.resolve("contoso");
        var cfg = DcInit.init(new DcInit.Spec(root, "contoso.test", "CONTOSO", "dc1.contoso.test", "127.0.0.1",
                Tools.freePort(), Tools.freePort(), adminPort = Tools.freePort(), ADMIN_PW.toCharArray(), Optional.empty()));
        krb5 = tmp.resolve("krb5.conf");
        Files.writeString(krb5, "[libdefaults]\n    default_realm = CONTOSO.TEST\n    dns_lookup_kdc = false\n"
                + "    rdns = false\n    dns_canonicalize_hostname = false\n[realms]\n" + cfg.krb5ConfRealm()
                + "[domain_realm]\n    .contoso.test = CONTOSO.TEST\n");
        dc = DomainController.start(root, Clock.systemUTC());
        var d = dc.directory();
        var alice = d.users().create(NewAccount.user("alice", USER_PW.toCharArray()));
        d.users().create(NewAccount.user("bob", USER_PW.toCharArray()));
        var finance = d.groups().create("Finance", GroupScope.GLOBAL, "");
        d.groups().addMember(finance.sid(), alice.sid());
        financeSid = finance.sid();
        d.users().create(NewAccount.computer("FILES").withSpns("HTTP/" + HOST));

        // the keytab, exported through the DC's admin API by an administrator (like ktpass)
        assertThat(kinit("Administrator", ADMIN_PW, "cc-admin").exitCode()).isZero();
        Path keytab = tmp.resolve("files.keytab");
        CliRun export = CliRun.of("keytab", "export", "FILES$", "-k", keytab.toString(), "--dc",
                "https://127.0.0.1:" + adminPort, "--dc-spn", "HTTP/dc1.contoso.test", "--cacert",
                root.resolve("tls-cert.pem").toString(), "--config", krb5.toString(), "-c", tmp.resolve("cc-admin").toString());
        assertThat(export.exitCode()).as(export.err()).isZero();

        filesDir = tmp.resolve("files");
        financeDir = tmp.resolve("data/finance");
        publicDir = tmp.resolve("data/public");
        port = Tools.freePort();
        ok(CliRun.of("files", "init", "--dir", filesDir.toString(), "--keytab", keytab.toString(), "--spn", "HTTP/" + HOST,
                "--realm", "CONTOSO.TEST", "--listen", "127.0.0.1", "--port", Integer.toString(port), "--max-upload-mb", "1"));
        ok(CliRun.of("files", "share", "add", "Public", "--dir", filesDir.toString(), "--path", publicDir.toString(),
                "--create", "--read", "Authenticated Users", "--write", "Authenticated Users"));
        ok(CliRun.of("files", "share", "add", "Finance", "--dir", filesDir.toString(), "--path", financeDir.toString(),
                "--create", "--read", financeSid.toString(), "--write", financeSid.toString()));
        Files.writeString(financeDir.resolve("budget.csv"), "year,amount\n2026,42\n");
        Files.writeString(tmp.resolve("data/secret.txt"), "TOP SECRET outside the shares\n");
        files = FileServer.start(FilesConfig.load(filesDir), filesDir, Clock.systemUTC());

        assertThat(kinit("alice", USER_PW, "cc-alice").exitCode()).isZero();
        assertThat(kinit("bob", USER_PW, "cc-bob").exitCode()).isZero();
    }

    @AfterAll
    static void stop() {
        if (files != null) {
            files.close();
        }
        if (dc != null) {
            dc.close();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    static void ok(CliRun r) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    }

    static Map<String, String> env(String ccache) {
        Map<String, String> e = new HashMap<>();
        e.put("KRB5_CONFIG", krb5.toString());
        e.put("KRB5CCNAME", "FILE:" + tmp.resolve(ccache));
        return e;
    }

    static Tools.Result kinit(String principal, String password, String ccache) throws Exception {
        return Tools.run(List.of("kinit", principal), env(ccache), password + "\n");
    }

    static String url(String path) {
        return "http://" + HOST + ":" + port + path;
    }

    /** curl with our name mapped to 127.0.0.1; prints the status code on the last line. */
    static Tools.Result curl(String ccache, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--resolve", HOST + ":" + port + ":127.0.0.1",
                "-w", "\n%{http_code}"));
        cmd.addAll(List.of(args));
        return Tools.run(cmd, env(ccache), null);
    }

    static Tools.Result negotiate(String ccache, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("--negotiate", "-u", ":"));
        a.addAll(List.of(args));
        return curl(ccache, a.toArray(String[]::new));
    }

    static int status(Tools.Result r) {
        String out = r.stdout().strip();
        return Integer.parseInt(out.substring(out.lastIndexOf('\n') + 1).strip());
    }

    static String body(Tools.Result r) {
        String out = r.stdout();
        return out.substring(0, out.lastIndexOf('\n'));
    }

    // ---- the walkthrough: prompt, then single sign-on by group -----------------------------------

    @Test
    void withoutATicketTheServerAsksForNegotiate() throws Exception {
        Tools.Result r = curl("cc-none", "-D", "-", url("/Finance/"));
        assertThat(status(r)).isEqualTo(401);
        assertThat(r.stdout()).containsIgnoringCase("WWW-Authenticate: Negotiate\r\n")
                .contains("authenticate with Kerberos");
    }

    @Test
    void aliceInFinanceGetsTheListingBobGets403() throws Exception {
        Tools.Result alice = negotiate("cc-alice", url("/Finance/"));
        assertThat(status(alice)).as(alice.toString()).isEqualTo(200);
        assertThat(body(alice)).contains("budget.csv").contains("signed in as alice@CONTOSO.TEST");
        assertThat(tool("cc-alice", "klist").stdout()).contains("HTTP/" + HOST + "@CONTOSO.TEST");

        Tools.Result bob = negotiate("cc-bob", url("/Finance/"));
        assertThat(status(bob)).isEqualTo(403);
        assertThat(body(bob)).contains("bob@CONTOSO.TEST may not read share Finance");
        Tools.Result bobPublic = negotiate("cc-bob", url("/"));
        assertThat(status(bobPublic)).isEqualTo(200);
        assertThat(body(bobPublic)).contains(">Public<").doesNotContain(">Finance<");
    }

    @Test
    void putThenGetRoundTrip() throws Exception {
        Path upload = tmp.resolve("upload.txt");
        String content = "quarterly numbers ✓\n".repeat(2000);
        Files.writeString(upload, content);
        Tools.Result put = negotiate("cc-alice", "-T", upload.toString(), url("/Finance/q3.txt"));
        assertThat(status(put)).as(put.toString()).isEqualTo(201);
        assertThat(Files.readString(financeDir.resolve("q3.txt"))).isEqualTo(content);
        Tools.Result get = negotiate("cc-alice", url("/Finance/q3.txt"));
        assertThat(status(get)).isEqualTo(200);
        assertThat(body(get)).isEqualTo(content);
        Tools.Result bobPut = negotiate("cc-bob", "-T", upload.toString(), url("/Finance/bob.txt"));
        assertThat(status(bobPut)).isEqualTo(403);
        assertThat(financeDir.resolve("bob.txt")).doesNotExist();
        Tools.Result mkcol = negotiate("cc-bob", "-X", "MKCOL", url("/Public/bobs"));
        assertThat(status(mkcol)).isEqualTo(201);
        Tools.Result del = negotiate("cc-bob", "-X", "DELETE", url("/Public/bobs/"));
        assertThat(status(del)).isEqualTo(204);
    }

    @Test
    void propfindDepth1IsAValidMultistatus() throws Exception {
        Tools.Result r = negotiate("cc-alice", "-X", "PROPFIND", "-H", "Depth: 1", url("/Finance/"));
        assertThat(status(r)).as(r.toString()).isEqualTo(207);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body(r).getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("DAV:");
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("multistatus");
        NodeList hrefs = doc.getElementsByTagNameNS("DAV:", "href");
        List<String> list = new ArrayList<>();
        for (int i = 0; i < hrefs.getLength(); i++) {
            list.add(hrefs.item(i).getTextContent());
        }
        assertThat(list).contains("/Finance/", "/Finance/budget.csv");
        assertThat(doc.getElementsByTagNameNS("DAV:", "collection").getLength()).isEqualTo(1);
        assertThat(body(r)).contains("<D:getcontentlength>20</D:getcontentlength>");
    }

    @Test
    void pathTraversalIsRefused() throws Exception {
        for (String p : List.of("/Public/../..", "/Public/../../secret.txt", "/Public/%2e%2e/%2e%2e/secret.txt",
                "/Public/%2e%2e%2f%2e%2e%2fsecret.txt", "/Public/..%5c..%5csecret.txt", "/Finance/../Public/")) {
            Tools.Result r = negotiate("cc-bob", "--path-as-is", url(p));
            assertThat(status(r)).as(p + "\n" + r).isEqualTo(400);
            assertThat(r.stdout()).doesNotContain("TOP SECRET").doesNotContain("year,amount");
        }
    }

    @Test
    void aReplayedAuthorizationHeaderIsRefused() throws Exception {
        Tools.Result first = negotiate("cc-alice", "-v", url("/Public/"));
        assertThat(status(first)).isEqualTo(200);
        String header = first.stderr().lines().filter(l -> l.startsWith("> Authorization: Negotiate "))
                .map(l -> l.substring(2).strip()).findFirst().orElseThrow(() -> new AssertionError(first.stderr()));
        Tools.Result replay = curl("cc-none", "-H", header, url("/Public/"));
        assertThat(status(replay)).isEqualTo(401);
        assertThat(body(replay)).contains("already used");
    }

    @Test
    void aGarbageTokenIs401AndTheServerStillAnswers() throws Exception {
        for (String token : List.of("Negotiate AAAA", "Negotiate " + Base64.getEncoder().encodeToString(new byte[5000]),
                "Negotiate YIIBAAYGKwYBBQUCoA==", "Negotiate ***")) {
            Tools.Result r = curl("cc-none", "-H", "Authorization: " + token, url("/Public/"));
            assertThat(status(r)).as(token).isEqualTo(401);
            assertThat(body(r)).startsWith("401 Unauthorized: ");
        }
        assertThat(status(negotiate("cc-bob", url("/Public/")))).isEqualTo(200);
    }

    // ---- other clients ---------------------------------------------------------------------------

    @Test
    void pythonGssapiVerifiesMutualAuthentication() throws Exception {
        Tools.Result py = tool("cc-alice", "/usr/bin/python3", Tools.resource(tmp, "files/negotiate_http.py"),
                "http://127.0.0.1:" + port + "/Finance/budget.csv", HOST);
        assertThat(py.exitCode()).as(py.toString()).isZero();
        assertThat(py.stdout()).startsWith("200").contains("mutual authentication ok, complete=True")
                .contains("2026,42");
        Tools.Result bob = tool("cc-bob", "/usr/bin/python3", Tools.resource(tmp, "files/negotiate_http.py"),
                "http://127.0.0.1:" + port + "/Finance/budget.csv", HOST);
        assertThat(bob.stdout()).startsWith("403");
    }

    @Test
    void theJdkGssInitiatorIsAccepted() throws Exception {
        JdkGss.Result init = JdkGss.initiate(krb5, tmp.resolve("cc-alice"), "HTTP/" + HOST + "@CONTOSO.TEST");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/Finance/budget.csv"))
                .header("Authorization", "Negotiate " + Base64.getEncoder().encodeToString(init.token())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("2026,42");
    }

    @Test
    void theShareCommands() throws Exception {
        CliRun list = CliRun.of("files", "share", "list", "--dir", filesDir.toString());
        ok(list);
        assertThat(list.out()).contains("Public").contains("Authenticated Users (S-1-5-11)").contains("Finance")
                .contains(financeSid.toString());
        CliRun dup = CliRun.of("files", "share", "add", "public", "--dir", filesDir.toString(), "--path",
                publicDir.toString(), "--read", "Everyone");
        assertThat(dup.exitCode()).isEqualTo(1);
        assertThat(dup.err().strip()).isEqualTo("kerbridge files share add: share Public exists; remove it first");
        CliRun badSid = CliRun.of("files", "share", "add", "HR", "--dir", filesDir.toString(), "--path",
                tmp.resolve("data/hr").toString(), "--create", "--read", "HR Staff");
        assertThat(badSid.exitCode()).isEqualTo(1);
        assertThat(badSid.err()).contains("'HR Staff' is neither a SID").doesNotContain("Exception");
        assertThat(badSid.err().lines().count()).isEqualTo(1);
        CliRun noKey = CliRun.of("files", "init", "--dir", tmp.resolve("files2").toString(), "--keytab",
                tmp.resolve("files.keytab").toString(), "--spn", "HTTP/other.contoso.test", "--realm", "CONTOSO.TEST");
        assertThat(noKey.exitCode()).isEqualTo(1);
        assertThat(noKey.err()).contains("has no key for HTTP/other.contoso.test@CONTOSO.TEST");
        CliRun open = CliRun.of("files", "init", "--dir", tmp.resolve("files3").toString(), "--keytab",
                tmp.resolve("files.keytab").toString(), "--spn", "HTTP/" + HOST, "--realm", "CONTOSO.TEST",
                "--listen", "0.0.0.0");
        assertThat(open.exitCode()).isEqualTo(1);
        assertThat(open.err()).contains("plain HTTP on 0.0.0.0");
    }

    // ---- helpers --------------------------------------------------------------------------------

    static Tools.Result tool(String ccache, String... cmd) throws Exception {
        return Tools.run(List.of(cmd), env(ccache), null);
    }
}
