package io.kerbridge.fileserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.pac.SidAndAttributes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The file server over real HTTP with tickets minted by {@link TestTickets}: Negotiate outcomes, PAC-based
 * ACLs, every method, traversal and links out of a share, size limits, and robustness.
 */
class FileServerTest {
    @TempDir
    static Path tmp;
    static TestTickets kdc = new TestTickets();
    static FileServer server;
    static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static Path publicDir;
    static Path financeDir;
    static Path outside;
    static final long MAX_UPLOAD = 64 * 1024;

    @BeforeAll
    static void start() throws Exception {
        publicDir = Files.createDirectories(tmp.resolve("shares/public"));
        financeDir = Files.createDirectories(tmp.resolve("shares/finance"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "TOP SECRET outside the shares");
        Files.writeString(financeDir.resolve("budget.csv"), "year,amount\n2026,42\n");
        Files.writeString(publicDir.resolve("readme.txt"), "hello from Public\n");
        Files.createDirectories(publicDir.resolve("docs"));
        Files.writeString(publicDir.resolve("docs/a b ü.txt"), "spaces and umlaut");
        Files.createSymbolicLink(publicDir.resolve("escape"), outside);
        Files.createSymbolicLink(publicDir.resolve("escape.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(publicDir.resolve("inside.txt"), publicDir.resolve("readme.txt"));
        Files.writeString(publicDir.resolve(".kerbridge-upload-leftover"), "temporary");
        Path keytab = tmp.resolve("files.keytab");
        kdc.writeKeytab(keytab);
        FilesConfig cfg = new FilesConfig("127.0.0.1", 0, "HTTP/files.contoso.test", "CONTOSO.TEST",
                keytab.toString(), Optional.empty(), false, MAX_UPLOAD, List.of(
                        new FilesConfig.ShareConfig("Public", publicDir.toString(), List.of("Authenticated Users"),
                                List.of("S-1-5-11")),
                        new FilesConfig.ShareConfig("Finance", financeDir.toString(), List.of(TestTickets.FINANCE.toString()),
                                List.of(TestTickets.FINANCE.toString())),
                        new FilesConfig.ShareConfig("DropBox", Files.createDirectories(tmp.resolve("shares/drop")).toString(),
                                List.of(), List.of("Authenticated Users"))));
        server = FileServer.start(cfg, tmp, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    static HttpResponse<String> send(String method, String path, String authorization, String body,
            String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> as(TestTickets.Ticketed who, String method, String path, String body,
            String... headers) throws Exception {
        return send(method, path, who.header(), body, headers);
    }

    /** A request written by hand, for paths an HTTP client library would normalise. */
    static String raw(String requestLine, String authorization) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: files.contoso.test\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Document xml(String body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> hrefs(Document d) {
        NodeList n = d.getElementsByTagNameNS("DAV:", "href");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            out.add(n.item(i).getTextContent());
        }
        return out;
    }

    // ---- Negotiate ------------------------------------------------------------------------------

    @Test
    void withoutCredentialsTheAnswerIs401Negotiate() throws Exception {
        HttpResponse<String> r = send("GET", "/Finance/", null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Negotiate");
        assertThat(r.body()).contains("authenticate with Kerberos");
        HttpResponse<String> basic = send("GET", "/", "Basic YWxpY2U6cHc=", null);
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.headers().allValues("WWW-Authenticate")).containsExactly("Negotiate");
        assertThat(basic.body()).contains("only Kerberos");
    }

    @Test
    void aGoodTicketGetsTheFileAndAMutualAuthenticationToken() throws Exception {
        HttpResponse<String> r = as(kdc.alice(), "GET", "/Finance/budget.csv", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("year,amount\n2026,42\n");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Negotiate ")
                .hasSizeGreaterThan(30);
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox");
    }

    @Test
    void aReplayedAuthorizationHeaderIsRefused() throws Exception {
        String header = kdc.alice().header();
        assertThat(send("GET", "/Public/readme.txt", header, null).statusCode()).isEqualTo(200);
        HttpResponse<String> again = send("GET", "/Public/readme.txt", header, null);
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.body()).contains("already used");
        assertThat(again.headers().allValues("WWW-Authenticate")).containsExactly("Negotiate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Negotiate", "Negotiate ", "Negotiate !!!notbase64", "Negotiate AAAA",
            "Negotiate YIIBAAYGKwYBBQUCoA==", "Negotiate oRQwEqADCgEBoQsGCSqGSIb3EgECAg==", "NEGOTIATE TlRMTVNTUAABAAAA"})
    void garbageTokensAre401AndTheServerKeepsAnswering(String header) throws Exception {
        HttpResponse<String> r = send("GET", "/Public/", header, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate")).containsExactly("Negotiate");
        assertThat(r.body()).startsWith("401 Unauthorized: ");
        assertThat(as(kdc.bob(), "GET", "/Public/readme.txt", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aTicketForAnotherServiceOrKeyIs401() throws Exception {
        TestTickets.Ticketed t = kdc.alice();
        t.sname = io.kerbridge.kerberos.types.PrincipalName.parse("HTTP/other.contoso.test");
        assertThat(send("GET", "/Public/", t.header(), null).statusCode()).isEqualTo(401);
        TestTickets.Ticketed k = kdc.alice();
        k.ticketKey = kdc.krbtgtKey; // the right name, the wrong key
        HttpResponse<String> r = send("GET", "/Public/", k.header(), null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("does not decrypt");
    }

    // ---- PAC ------------------------------------------------------------------------------------

    @Test
    void aTicketWithoutAPacIs403() throws Exception {
        TestTickets.Ticketed t = kdc.alice();
        t.pac = false;
        HttpResponse<String> r = send("GET", "/Public/", t.header(), null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("carries no PAC");
    }

    @Test
    void aPacWithABadServerSignatureIs403() throws Exception {
        TestTickets.Ticketed t = kdc.alice();
        t.corruptServerSignature = true;
        HttpResponse<String> r = send("GET", "/Finance/", t.header(), null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("PAC").contains("failed verification");
    }

    @Test
    void aPacIssuedForAnotherClientIs403() throws Exception {
        TestTickets.Ticketed t = kdc.bob();
        t.clientInfoName = "alice";
        HttpResponse<String> r = send("GET", "/Public/", t.header(), null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("PAC names another client");
        TestTickets.Ticketed other = kdc.bob();
        other.pacAuthTime = other.authTime.minusSeconds(3600); // the PAC of an earlier logon
        HttpResponse<String> r2 = send("GET", "/Public/", other.header(), null);
        assertThat(r2.statusCode()).isEqualTo(403);
        assertThat(r2.body()).contains("issued for another logon");
    }

    @Test
    void financeIsForTheFinanceGroupOnly() throws Exception {
        HttpResponse<String> alice = as(kdc.alice(), "GET", "/Finance/", null);
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.body()).contains("budget.csv").contains("signed in as alice@CONTOSO.TEST");
        HttpResponse<String> bob = as(kdc.bob(), "GET", "/Finance/", null);
        assertThat(bob.statusCode()).isEqualTo(403);
        assertThat(bob.body()).isEqualTo("403 Forbidden: bob@CONTOSO.TEST may not read share Finance\n");
        assertThat(as(kdc.bob(), "PUT", "/Finance/x.txt", "x").statusCode()).isEqualTo(403);
        assertThat(financeDir.resolve("x.txt")).doesNotExist();
        // the group SID as an extra SID (another domain's group, or SID history) works the same
        TestTickets.Ticketed viaExtra = kdc.bob();
        viaExtra.extraSids.add(SidAndAttributes.of(TestTickets.FINANCE));
        assertThat(send("GET", "/Finance/", viaExtra.header(), null).statusCode()).isEqualTo(200);
        // ...but not when it is deny-only
        TestTickets.Ticketed denyOnly = kdc.bob();
        denyOnly.extraSids.add(new SidAndAttributes(TestTickets.FINANCE, 0x10));
        assertThat(send("GET", "/Finance/", denyOnly.header(), null).statusCode()).isEqualTo(403);
    }

    @Test
    void theRootListsOnlyTheSharesTheCallerMayRead() throws Exception {
        HttpResponse<String> alice = as(kdc.alice(), "GET", "/", null);
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(alice.body()).contains(">Public<").contains(">Finance<").doesNotContain("DropBox");
        HttpResponse<String> bob = as(kdc.bob(), "GET", "/", null);
        assertThat(bob.body()).contains(">Public<").doesNotContain(">Finance<");
        HttpResponse<String> pf = as(kdc.bob(), "PROPFIND", "/", null, "Depth", "1");
        assertThat(pf.statusCode()).isEqualTo(207);
        assertThat(hrefs(xml(pf.body()))).containsExactly("/", "/Public/");
    }

    @Test
    void aWriteOnlyShareTakesUploadsButShowsNothing() throws Exception {
        assertThat(as(kdc.bob(), "PUT", "/DropBox/report.txt", "for the boss").statusCode()).isEqualTo(201);
        assertThat(as(kdc.bob(), "GET", "/DropBox/", null).statusCode()).isEqualTo(403);
        assertThat(as(kdc.bob(), "GET", "/DropBox/report.txt", null).body()).contains("may not read share DropBox");
    }

    // ---- methods --------------------------------------------------------------------------------

    @Test
    void putThenGetRoundTripThenReplaceThenDelete() throws Exception {
        String content = "line 1\nline 2 é\n".repeat(100);
        HttpResponse<String> put = as(kdc.alice(), "PUT", "/Finance/q3%20report.txt", content);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(put.headers().firstValue("Location")).hasValue("/Finance/q3%20report.txt");
        assertThat(Files.readString(financeDir.resolve("q3 report.txt"))).isEqualTo(content);
        HttpResponse<String> get = as(kdc.alice(), "GET", "/Finance/q3%20report.txt", null);
        assertThat(get.body()).isEqualTo(content);
        assertThat(get.headers().firstValueAsLong("Content-Length").orElseThrow())
                .isEqualTo(content.getBytes(StandardCharsets.UTF_8).length);
        assertThat(as(kdc.alice(), "PUT", "/Finance/q3%20report.txt", "v2").statusCode()).isEqualTo(204);
        assertThat(as(kdc.alice(), "GET", "/Finance/q3%20report.txt", null).body()).isEqualTo("v2");
        HttpResponse<String> head = as(kdc.alice(), "HEAD", "/Finance/q3%20report.txt", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValueAsLong("Content-Length").orElseThrow()).isEqualTo(2);
        assertThat(as(kdc.alice(), "DELETE", "/Finance/q3%20report.txt", null).statusCode()).isEqualTo(204);
        assertThat(as(kdc.alice(), "GET", "/Finance/q3%20report.txt", null).statusCode()).isEqualTo(404);
        assertThat(as(kdc.alice(), "DELETE", "/Finance/q3%20report.txt", null).statusCode()).isEqualTo(404);
        try (var s = Files.list(financeDir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".kerbridge-"));
        }
    }

    @Test
    void putRules() throws Exception {
        assertThat(as(kdc.bob(), "PUT", "/Public/no/such/dir.txt", "x").statusCode()).isEqualTo(409);
        assertThat(as(kdc.bob(), "PUT", "/Public/docs", "x").statusCode()).isEqualTo(405);
        assertThat(as(kdc.bob(), "PUT", "/Public/", "x").statusCode()).isEqualTo(405);
        HttpResponse<String> big = as(kdc.bob(), "PUT", "/Public/big.bin", "x".repeat((int) MAX_UPLOAD + 1));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(publicDir.resolve("big.bin")).doesNotExist();
        assertThat(as(kdc.bob(), "PUT", "/Public/exact.bin", "y".repeat((int) MAX_UPLOAD)).statusCode()).isEqualTo(201);
    }

    @Test
    void anOversizedChunkedUploadIsCutAndLeavesNothing() throws Exception {
        byte[] chunk = new byte[16 * 1024];
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/Public/stream.bin"))
                .header("Authorization", kdc.bob().header())
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
                    int left = (int) MAX_UPLOAD * 3;

                    @Override
                    public int read() {
                        return left-- > 0 ? 'z' : -1;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (left <= 0) {
                            return -1;
                        }
                        int n = Math.min(Math.min(len, chunk.length), left);
                        java.util.Arrays.fill(b, off, off + n, (byte) 'z');
                        left -= n;
                        return n;
                    }
                })).build();
        int status;
        try {
            status = http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException closedMidUpload) {
            status = 413; // the server may close the connection before the client finished sending
        }
        assertThat(status).isEqualTo(413);
        assertThat(publicDir.resolve("stream.bin")).doesNotExist();
        try (var s = Files.list(publicDir)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(".kerbridge-upload-") && !n.equals(".kerbridge-upload-leftover"));
        }
    }

    @Test
    void mkcolAndRecursiveDelete() throws Exception {
        assertThat(as(kdc.bob(), "MKCOL", "/Public/projects", null).statusCode()).isEqualTo(201);
        assertThat(as(kdc.bob(), "MKCOL", "/Public/projects", null).statusCode()).isEqualTo(405);
        assertThat(as(kdc.bob(), "MKCOL", "/Public/nope/deeper", null).statusCode()).isEqualTo(409);
        assertThat(as(kdc.bob(), "MKCOL", "/Public/withbody", "<x/>").statusCode()).isEqualTo(415);
        assertThat(as(kdc.bob(), "PUT", "/Public/projects/plan.txt", "plan").statusCode()).isEqualTo(201);
        assertThat(as(kdc.bob(), "MKCOL", "/Public/projects/sub", null).statusCode()).isEqualTo(201);
        assertThat(as(kdc.bob(), "PUT", "/Public/projects/sub/deep.txt", "deep").statusCode()).isEqualTo(201);
        assertThat(as(kdc.bob(), "DELETE", "/Public/projects/", null).statusCode()).isEqualTo(204);
        assertThat(publicDir.resolve("projects")).doesNotExist();
        assertThat(as(kdc.bob(), "DELETE", "/Public/", null).statusCode()).isEqualTo(403);
        assertThat(publicDir).isDirectory();
    }

    @Test
    void aDirectoryWithoutItsSlashRedirectsAndListsWithEncodedLinks() throws Exception {
        HttpResponse<String> r = as(kdc.bob(), "GET", "/Public/docs", null);
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValue("/Public/docs/");
        HttpResponse<String> list = as(kdc.bob(), "GET", "/Public/docs/", null);
        assertThat(list.body()).contains("href=\"/Public/docs/a%20b%20%C3%BC.txt\"").contains(">a b ü.txt<");
        assertThat(as(kdc.bob(), "GET", "/Public/docs/a%20b%20%C3%BC.txt", null).body()).isEqualTo("spaces and umlaut");
        assertThat(list.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
    }

    @Test
    void propfindDepth0And1GiveAValidMultistatus() throws Exception {
        HttpResponse<String> d1 = as(kdc.bob(), "PROPFIND", "/Public/", null, "Depth", "1");
        assertThat(d1.statusCode()).isEqualTo(207);
        assertThat(d1.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/xml");
        Document doc = xml(d1.body());
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("multistatus");
        List<String> hrefs = hrefs(doc);
        assertThat(hrefs).contains("/Public/", "/Public/readme.txt", "/Public/docs/", "/Public/inside.txt")
                .doesNotContain("/Public/escape/", "/Public/escape.txt", "/Public/escape")
                .noneMatch(h -> h.contains("kerbridge-"));
        NodeList responses = doc.getElementsByTagNameNS("DAV:", "response");
        for (int i = 0; i < responses.getLength(); i++) {
            Element resp = (Element) responses.item(i);
            String href = resp.getElementsByTagNameNS("DAV:", "href").item(0).getTextContent();
            assertThat(resp.getElementsByTagNameNS("DAV:", "displayname").getLength()).isEqualTo(1);
            assertThat(resp.getElementsByTagNameNS("DAV:", "getlastmodified").item(0).getTextContent())
                    .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            assertThat(resp.getElementsByTagNameNS("DAV:", "creationdate").item(0).getTextContent())
                    .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
            boolean collection = resp.getElementsByTagNameNS("DAV:", "collection").getLength() == 1;
            assertThat(collection).isEqualTo(href.endsWith("/"));
            if (href.equals("/Public/readme.txt")) {
                assertThat(resp.getElementsByTagNameNS("DAV:", "getcontentlength").item(0).getTextContent())
                        .isEqualTo("18");
            }
        }
        HttpResponse<String> d0 = as(kdc.bob(), "PROPFIND", "/Public/readme.txt", null, "Depth", "0");
        assertThat(hrefs(xml(d0.body()))).containsExactly("/Public/readme.txt");
        HttpResponse<String> inf = as(kdc.bob(), "PROPFIND", "/Public/", null, "Depth", "infinity");
        assertThat(inf.statusCode()).isEqualTo(403);
        assertThat(inf.body()).contains("propfind-finite-depth");
        assertThat(as(kdc.bob(), "PROPFIND", "/Public/", null).statusCode()).isEqualTo(403);
        assertThat(as(kdc.bob(), "PROPFIND", "/Public/nothing", null, "Depth", "0").statusCode()).isEqualTo(404);
    }

    @Test
    void propfindWithNamedPropertiesAndPropname() throws Exception {
        String body = "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\" xmlns:Z=\"urn:schemas-microsoft-com:\">"
                + "<D:prop><D:getcontentlength/><D:resourcetype/><Z:Win32FileAttributes/></D:prop></D:propfind>";
        HttpResponse<String> r = as(kdc.bob(), "PROPFIND", "/Public/readme.txt", body, "Depth", "0",
                "Content-Type", "application/xml");
        assertThat(r.statusCode()).isEqualTo(207);
        Document d = xml(r.body());
        NodeList stats = d.getElementsByTagNameNS("DAV:", "propstat");
        assertThat(stats.getLength()).isEqualTo(2);
        assertThat(r.body()).contains("HTTP/1.1 404 Not Found");
        assertThat(d.getElementsByTagNameNS("urn:schemas-microsoft-com:", "Win32FileAttributes").getLength()).isEqualTo(1);
        HttpResponse<String> names = as(kdc.bob(), "PROPFIND", "/Public/readme.txt",
                "<propfind xmlns=\"DAV:\"><propname/></propfind>", "Depth", "0");
        assertThat(names.statusCode()).isEqualTo(207);
        assertThat(names.body()).contains("<D:getcontentlength/>").doesNotContain("18");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:displayname>&x;</D:displayname></D:prop></D:propfind>";
        HttpResponse<String> bad = as(kdc.bob(), "PROPFIND", "/Public/", xxe, "Depth", "0");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).doesNotContain("root:");
    }

    @Test
    void optionsAdvertisesDavClass1() throws Exception {
        HttpResponse<String> r = as(kdc.bob(), "OPTIONS", "/Public/", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("DAV")).hasValue("1");
        assertThat(r.headers().firstValue("Allow").orElseThrow()).contains("PROPFIND").contains("MKCOL");
        assertThat(as(kdc.bob(), "OPTIONS", "/", null).statusCode()).isEqualTo(200);
        HttpResponse<String> lock = as(kdc.bob(), "LOCK", "/Public/readme.txt", null);
        assertThat(lock.statusCode()).isEqualTo(405);
        assertThat(lock.headers().firstValue("Allow")).isPresent();
    }

    @Test
    void unknownSharesAndFilesAre404() throws Exception {
        HttpResponse<String> r = as(kdc.bob(), "GET", "/Nope/", null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("no share named Nope");
        assertThat(as(kdc.bob(), "GET", "/public/readme.txt", null).statusCode()).isEqualTo(200); // share names ignore case
        assertThat(as(kdc.bob(), "GET", "/Public/missing.txt", null).statusCode()).isEqualTo(404);
    }

    // ---- containment ----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/Public/../outside/secret.txt", "/Public/%2e%2e/%2e%2e/outside/secret.txt",
            "/Public/%2E%2E%2Foutside%2Fsecret.txt", "/Public/..%2f..%2foutside/secret.txt", "/Public/.%2e/.%2e/etc/passwd",
            "/Public/..\\..\\outside\\secret.txt", "/Public/%5c..%5csecret.txt", "/Public/%00/readme.txt",
            "/Public/docs/%2e%2e/%2e%2e/Finance/budget.csv", "/Public/.kerbridge-upload-leftover", "/Public/%zz"})
    void traversalIsRefused(String path) throws Exception {
        String answer = raw("GET " + path + " HTTP/1.1", kdc.bob().header());
        assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("TOP SECRET").doesNotContain("year,amount")
                .doesNotContain("temporary").doesNotContain("root:");
    }

    @Test
    void linksOutOfTheShareAreAbsent() throws Exception {
        assertThat(as(kdc.bob(), "GET", "/Public/escape.txt", null).statusCode()).isEqualTo(404);
        assertThat(as(kdc.bob(), "GET", "/Public/escape/secret.txt", null).statusCode()).isEqualTo(404);
        assertThat(as(kdc.bob(), "GET", "/Public/escape/", null).statusCode()).isEqualTo(404);
        assertThat(as(kdc.bob(), "PUT", "/Public/escape/new.txt", "x").statusCode()).isEqualTo(403);
        assertThat(outside.resolve("new.txt")).doesNotExist();
        assertThat(as(kdc.bob(), "MKCOL", "/Public/escape/newdir", null).statusCode()).isEqualTo(403);
        assertThat(as(kdc.bob(), "DELETE", "/Public/escape.txt", null).statusCode()).isEqualTo(404);
        assertThat(outside.resolve("secret.txt")).exists();
        HttpResponse<String> list = as(kdc.bob(), "GET", "/Public/", null);
        assertThat(list.body()).doesNotContain("escape").contains("inside.txt").doesNotContain("leftover");
        // a link that stays inside is served
        assertThat(as(kdc.bob(), "GET", "/Public/inside.txt", null).body()).isEqualTo("hello from Public\n");
    }

    @Test
    void theAccessLogHasOneLinePerRequestAndNoTokens() throws Exception {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("kerbridge.files.access");
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        ch.qos.logback.classic.Level before = log.getLevel();
        log.setLevel(ch.qos.logback.classic.Level.INFO);
        log.addAppender(appender);
        try {
            Files.writeString(financeDir.resolve("log-probe.txt"), "probe");
            String header = kdc.alice().header();
            send("GET", "/Finance/log-probe.txt", header, null);
            send("GET", "/Finance/log-probe.txt", header, null);
            send("GET", "/Finance/log-probe/", null, null);
            raw("GET /Public/%2e%2e/log-probe HTTP/1.1", kdc.bob().header());
            raw("GET /Public/..%2flog-probe HTTP/1.1", null);
            List<String> lines = new ArrayList<>();
            long deadline = System.nanoTime() + 5_000_000_000L;
            do {
                Thread.sleep(20); // the request log runs as each exchange completes; other tests' lines may trail in
                lines.clear();
                List.copyOf(appender.list).forEach(e -> lines.add(e.getFormattedMessage()));
                lines.removeIf(l -> !l.contains("log-probe"));
            } while (lines.size() < 5 && System.nanoTime() < deadline);
            assertThat(lines).hasSize(5);
            assertThat(lines.get(0)).matches("alice@CONTOSO\\.TEST GET /Finance/log-probe\\.txt 200 \\d+ms");
            assertThat(lines.get(1)).matches("- GET /Finance/log-probe\\.txt 401 REPLAY \\d+ms");
            assertThat(lines.get(2)).matches("- GET /Finance/log-probe/ 401 NO_CREDENTIALS \\d+ms");
            // the two refused requests are logged as each completes, in either order
            assertThat(lines.subList(3, 5)).anyMatch(l -> l.startsWith("- GET /Public/%2e%2e/log-probe 400"))
                    .anyMatch(l -> l.startsWith("- GET /Public/..%2flog-probe 400"));
            assertThat(lines).noneMatch(l -> l.contains("Negotiate") || l.contains(header.substring(10, 40)));
        } finally {
            log.detachAppender(appender);
            log.setLevel(before);
        }
    }

    @Test
    void aLargeTokenFitsInTheHeaders() throws Exception {
        TestTickets.Ticketed t = kdc.bob();
        for (int i = 0; i < 600; i++) {
            t.extraSids.add(SidAndAttributes.of(Sid.parse("S-1-5-21-9999-8888-7777-" + (5000 + i))));
        }
        String header = t.header();
        assertThat(header.length()).isGreaterThan(16 * 1024);
        assertThat(send("GET", "/Public/readme.txt", header, null).statusCode()).isEqualTo(200);
    }
}
