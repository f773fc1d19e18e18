package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.cloud.http.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 8, the lab: {@code kerbridge lab up} in a temporary directory on free ports (every service its own process),
 * then what a person and a script would do with it: {@code lab status}, {@code lab walkthrough} (all steps PASS), MIT
 * kinit/kvno with DIR/krb5.conf, the JDK's GSS initiator with it, {@code kerbridge signin} then curl --negotiate to the
 * Finance share, python-gssapi and headless Chromium opening it with Negotiate, MIT kpasswd, a FIDO2 security key
 * in Chromium signing in to a full TGT, a user of the child
 * domain opening a share of the parent, a second {@code up} that changes nothing,
 * a stopped service started again, a taken port refused with a clear error, and {@code lab down} leaving no process.
 * Everything is found through DIR/lab.json, as a script would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabAcceptanceTest {
    @TempDir
    static Path tmp;
    static Path dir;
    static JsonNode lab;
    static double upSeconds;

    @BeforeAll
    static void up() throws Exception {
        dir = tmp.resolve("lab");
        long t = System.nanoTime();
        CliRun r = CliRun.of("lab", "up", "--dir", dir.toString(), "--free-ports");
        upSeconds = (System.nanoTime() - t) / 1e9;
        System.out.print(r.out());
        System.out.printf("lab up (first, in the test JVM): %.1f s%n", upSeconds);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("[lab] the lab is up", "kerbridge lab walkthrough --dir");
        lab = Json.MAPPER.readTree(Files.readString(dir.resolve("lab.json")));
    }

    @AfterAll
    static void down() {
        // whatever happened, leave no process behind
        CliRun.of("lab", "down", "--dir", dir.toString());
        for (long pid : pids().values()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** The pids in DIR/<service>.pid, by service (those whose file exists). */
    static Map<String, Long> pids() {
        Map<String, Long> m = new HashMap<>();
        if (lab == null) {
            return m;
        }
        for (JsonNode s : lab.get("services")) {
            Path f = Path.of(s.get("pidFile").asString());
            try {
                if (Files.exists(f)) {
                    m.put(s.get("name").asString(), Long.parseLong(Files.readString(f).strip()));
                }
            } catch (Exception e) {
                // ignore
            }
        }
        return m;
    }

    static JsonNode user(String role, String realm) {
        for (JsonNode u : lab.get("users")) {
            if (u.get("role").asString().equals(role) && u.get("realm").asString().equals(realm)) {
                return u;
            }
        }
        throw new AssertionError("no " + role + " user in " + realm);
    }

    static Path krb5() {
        return Path.of(lab.get("krb5Conf").asString());
    }

    static Map<String, String> mitEnv(Path ccache) {
        return Map.of("KRB5_CONFIG", krb5().toString(), "KRB5CCNAME", "FILE:" + ccache);
    }

    static CliRun signin(JsonNode user, Path ccache) {
        CliRun r = CliRun.of("signin", "--device-dir", lab.get("device").get("dir").asString(), "--user", user.get("upn").asString(),
                "--pin-file", user.get("pinFile").asString(), "--config", krb5().toString(), "-c", ccache.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        return r;
    }

    /** curl --negotiate with the lab's krb5.conf and a ccache; the last line of stdout is the status code. */
    static Tools.Result curl(Path ccache, String path) throws Exception {
        JsonNode f = lab.get("fileServer");
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--negotiate", "-u", ":", "--resolve", f.get("curlResolve").asString(),
                "-w", "\n%{http_code}", f.get("url").asString() + path));
        return Tools.run(cmd, mitEnv(ccache), null);
    }

    static int status(Tools.Result r) {
        String out = r.stdout().strip();
        return Integer.parseInt(out.substring(out.lastIndexOf('\n') + 1).strip());
    }

    @Test
    @Order(1)
    void statusShowsEveryServiceUp() throws Exception {
        CliRun r = CliRun.of("lab", "status", "--dir", dir.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        for (String s : List.of("dc-contoso", "dc-emea", "cloud", "files")) {
            assertThat(r.out()).containsPattern("(?m)^" + s + "\\s+\\d+\\s+up\\s+");
        }
        JsonNode j = Json.MAPPER.readTree(CliRun.of("lab", "status", "--dir", dir.toString(), "--json").out());
        assertThat(j.get("up").asBoolean()).isTrue();
        assertThat(j.get("services")).hasSize(4);
        // each service is its own process, not this JVM
        assertThat(pids()).hasSize(4).doesNotContainValue(ProcessHandle.current().pid());
        pids().values().forEach(p -> assertThat(ProcessHandle.of(p)).as("pid " + p).isPresent());
    }

    @Test
    @Order(2)
    void labJsonDescribesTheLab() throws Exception {
        assertThat(lab.get("version").asInt()).isEqualTo(1);
        assertThat(lab.get("realms")).hasSize(2);
        assertThat(lab.get("realms").get(0).get("realm").asString()).isEqualTo("CONTOSO.TEST");
        assertThat(lab.get("realms").get(1).get("parentRealm").asString()).isEqualTo("CONTOSO.TEST");
        assertThat(lab.get("fileServer").get("spn").asString()).isEqualTo("HTTP/files.contoso.test");
        assertThat(lab.get("fileServer").get("shares")).hasSize(2);
        assertThat(lab.get("cloud").get("url").asString()).startsWith("https://localhost:");
        assertThat(Path.of(lab.get("cloud").get("caCert").asString())).exists();
        assertThat(lab.get("users")).hasSize(5);
        for (JsonNode u : lab.get("users")) {
            for (String f : List.of("passwordFile", "pinFile", "totpSecretFile")) {
                Path p = Path.of(u.get(f).asString());
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rw-------");
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets")))).isEqualTo("rwx------");
        String conf = Files.readString(krb5());
        assertThat(conf).contains("CONTOSO.TEST = {", "EMEA.CONTOSO.TEST = {", "files.contoso.test = CONTOSO.TEST")
                .doesNotContain("include");
    }

    @Test
    @Order(3)
    void theWalkthroughPassesEveryStep() {
        long t = System.nanoTime();
        CliRun r = CliRun.of("lab", "walkthrough", "--dir", dir.toString());
        System.out.printf("lab walkthrough: %.1f s%n", (System.nanoTime() - t) / 1e9);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("Walkthrough: all 2\\d steps PASS\\.").doesNotContain("FAIL:")
                .contains("$ kerbridge klist -c", "Cached Tickets: (0)", "HTTP/1.1 401", "WWW-Authenticate: Negotiate",
                        "AD and the cloud agree", "$ kerbridge signin", "On-premises TGT: krbtgt/CONTOSO.TEST@CONTOSO.TEST",
                        "quarter,amount", "OnPremTgt : YES", "--rotate-server-key --force", "password has expired",
                        "KDC_ERR_TGT_REVOKED", "Password changed for carol@CONTOSO.TEST", "Removed the Kerberos domain contoso.test from the cloud", "No on-premises TGT");
        // the lab is left as it was: the Kerberos server object of contoso.test is there again
        CliRun again = CliRun.of("lab", "status", "--dir", dir.toString());
        assertThat(again.exitCode()).isZero();
    }

    @Test
    @Order(4)
    void mitKinitAndKvnoUseTheLabKrb5Conf() throws Exception {
        JsonNode alice = user("finance", "CONTOSO.TEST");
        Path cc = tmp.resolve("cc-mit-alice");
        String pw = Files.readString(Path.of(alice.get("passwordFile").asString())).strip();
        Tools.Result k = Tools.run(List.of("kinit", alice.get("samAccountName").asString()), mitEnv(cc), pw + "\n");
        assertThat(k.exitCode()).as(k.toString()).isZero();
        Tools.Result kvno = Tools.run(List.of("kvno", "HTTP/files.contoso.test"), mitEnv(cc), null);
        assertThat(kvno.exitCode()).as(kvno.toString()).isZero();
        assertThat(kvno.stdout()).contains("HTTP/files.contoso.test@CONTOSO.TEST: kvno = ");
        // a user of the child domain, with the service in the parent (referral through the trust)
        JsonNode erik = user("user", "EMEA.CONTOSO.TEST");
        Path cc2 = tmp.resolve("cc-mit-erik");
        String pw2 = Files.readString(Path.of(erik.get("passwordFile").asString())).strip();
        Tools.Result k2 = Tools.run(List.of("kinit", erik.get("principal").asString()), mitEnv(cc2), pw2 + "\n");
        assertThat(k2.exitCode()).as(k2.toString()).isZero();
        assertThat(Tools.run(List.of("kvno", "HTTP/files.contoso.test"), mitEnv(cc2), null).exitCode()).isZero();
        assertThat(Tools.run(List.of("klist"), mitEnv(cc2), null).stdout()).contains("krbtgt/CONTOSO.TEST@EMEA.CONTOSO.TEST");
    }

    @Test
    @Order(5)
    void afterSigninCurlNegotiateReadsFinanceAndBobIsRefused() throws Exception {
        JsonNode alice = user("finance", "CONTOSO.TEST");
        Path cc = tmp.resolve("cc-alice");
        CliRun s = signin(alice, cc);
        assertThat(s.out()).contains("On-premises TGT: krbtgt/CONTOSO.TEST@CONTOSO.TEST for alice@CONTOSO.TEST");
        Tools.Result r = curl(cc, "/Finance/budget-2026.csv");
        assertThat(status(r)).as(r.toString()).isEqualTo(200);
        assertThat(r.stdout()).contains("quarter,amount");

        JsonNode bob = user("user", "CONTOSO.TEST");
        Path ccBob = tmp.resolve("cc-bob");
        signin(bob, ccBob);
        assertThat(status(curl(ccBob, "/Finance/budget-2026.csv"))).isEqualTo(403);
        assertThat(status(curl(ccBob, "/Public/welcome.txt"))).isEqualTo(200);
        // without a ticket: the prompt
        assertThat(status(curl(tmp.resolve("cc-none"), "/Finance/"))).isEqualTo(401);
    }

    @Test
    @Order(6)
    void aUserOfTheChildDomainSignsInPasswordlesslyAndOpensAShareOfTheParent() throws Exception {
        JsonNode erik = user("user", "EMEA.CONTOSO.TEST");
        Path cc = tmp.resolve("cc-erik");
        CliRun s = signin(erik, cc);
        assertThat(s.out()).contains("On-premises TGT: krbtgt/EMEA.CONTOSO.TEST@EMEA.CONTOSO.TEST for erik@EMEA.CONTOSO.TEST");
        Tools.Result r = curl(cc, "/Public/welcome.txt");
        assertThat(status(r)).as(r.toString()).isEqualTo(200);
        assertThat(r.stdout()).contains("Welcome to the Contoso file server");
        Tools.Result klist = Tools.run(List.of("klist"), mitEnv(cc), null);
        assertThat(klist.stdout()).contains("Default principal: erik@EMEA.CONTOSO.TEST", "HTTP/files.contoso.test@CONTOSO.TEST");
    }

    @Test
    @Order(7)
    void theJdkReadsTheKrb5ConfAndTheSigninCache() throws Exception {
        Path cc = tmp.resolve("cc-alice");
        JdkGss.Result init = JdkGss.initiate(krb5(), cc, "HTTP/files.contoso.test@CONTOSO.TEST");
        assertThat(init.clientName()).isEqualTo("alice@CONTOSO.TEST");
        String addr = lab.get("fileServer").get("address").asString();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + addr
                + "/Finance/budget-2026.csv")).header("Authorization", "Negotiate " + Base64.getEncoder().encodeToString(init.token()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("quarter,amount");
    }

    @Test
    @Order(7)
    void pythonGssapiOpensFinanceWithMutualAuthentication() throws Exception {
        JsonNode f = lab.get("fileServer");
        Tools.Result py = Tools.run(List.of("/usr/bin/python3", Tools.resource(tmp, "files/negotiate_http.py"), "http://"
                + f.get("address").asString() + "/Finance/budget-2026.csv", "files.contoso.test"), mitEnv(tmp.resolve("cc-alice")), null);
        assertThat(py.exitCode()).as(py.toString()).isZero();
        assertThat(py.stdout()).startsWith("200").contains("mutual authentication ok, complete=True", "quarter,amount");
    }

    /**
     * Headless Debian Chromium opens the Finance share with HTTP Negotiate from the ccache {@code kerbridge signin}
     * wrote, with no prompt. The two pitfalls of stack.md: Chromium on Linux loads GSSAPI only once the Local State
     * preference {@code net.received_http_auth_negotiate_headers} is true, and it builds the SPN from the host's
     * canonical name, so it runs in its own mount namespace ({@code unshare -m}) where /etc/hosts maps
     * files.contoso.test to 127.0.0.1 (the machine's /etc/hosts is not touched).
     */
    @Test
    @Order(7)
    void headlessChromiumOpensFinanceWithNegotiateAfterSignin() throws Exception {
        String dom = chromium(tmp.resolve("cc-alice"), "/Finance/");
        assertThat(dom).contains("signed in as alice@CONTOSO.TEST (Kerberos)", "budget-2026.csv");
        // the same browser without a ticket gets the file server's 401 page, so it was Negotiate that opened the share
        assertThat(chromium(tmp.resolve("cc-none"), "/Finance/")).contains("401 Unauthorized").doesNotContain("budget-2026.csv");
    }

    static String chromium(Path ccache, String path) throws Exception {
        Path profile = Files.createTempDirectory(tmp, "chromium");
        Files.writeString(profile.resolve("Local State"), "{\"net\":{\"received_http_auth_negotiate_headers\":true}}");
        Path hosts = tmp.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.1 files.contoso.test\n");
        String url = lab.get("fileServer").get("url").asString() + path; // http://files.contoso.test:PORT
        String chromium = "exec chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir='" + profile
                + "' --auth-server-allowlist=files.contoso.test --dump-dom '" + url + "'";
        List<String> cmd = new ArrayList<>(List.of("unshare", "-m"));
        if (!"root".equals(System.getProperty("user.name"))) {
            cmd.add("-r"); // a user namespace, so that the bind mount needs no root
        }
        cmd.addAll(List.of("sh", "-c", "mount --bind '" + hosts + "' /etc/hosts && " + chromium));
        Tools.Result r = Tools.run(cmd, mitEnv(ccache), null);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    /**
     * MIT kpasswd against the lab's kpasswd service, for the user whose password has expired (after the walkthrough
     * it is expired again): the change the minimum password age allows, as on Windows. Her new password goes to her
     * password file, so DIR/secrets stays true; the lab is torn down at the end of this class.
     */
    @Test
    @Order(11)
    void mitKpasswdChangesTheExpiredPasswordAndKinitUsesTheNewOne() throws Exception {
        JsonNode carol = user("expired-password", "CONTOSO.TEST");
        Path pwFile = Path.of(carol.get("passwordFile").asString());
        String old = Files.readString(pwFile).strip();
        String fresh = "Car0l-" + Long.toHexString(System.nanoTime()) + "-Pw!";
        String principal = carol.get("principal").asString();
        Tools.Result expired = Tools.run(List.of("kinit", principal), mitEnv(tmp.resolve("cc-old")), old + "\n");
        assertThat(expired.exitCode()).isNotZero();
        assertThat(expired.stdout() + expired.stderr()).contains("Password expired");
        Tools.Result kp = Tools.run(List.of("kpasswd", principal), mitEnv(tmp.resolve("cc-kp")), old + "\n" + fresh + "\n" + fresh + "\n");
        assertThat(kp.exitCode()).as(kp.toString()).isZero();
        assertThat(kp.stdout()).contains("Password changed.");
        Files.writeString(pwFile, fresh + "\n");
        assertThat(Tools.run(List.of("kinit", principal), mitEnv(tmp.resolve("cc-new")), fresh + "\n").exitCode()).isZero();
        assertThat(Tools.run(List.of("klist"), mitEnv(tmp.resolve("cc-new")), null).stdout())
                .contains("Default principal: " + principal, "krbtgt/CONTOSO.TEST@CONTOSO.TEST");
        assertThat(Tools.run(List.of("kinit", principal), mitEnv(tmp.resolve("cc-old2")), old + "\n").exitCode()).isNotZero();
    }

    /**
     * FIDO2 in the lab: headless Chromium with a CTAP2 virtual authenticator registers bob's security key on the
     * cloud's page (password + one-time code from DIR/secrets), {@code signin --security-key} hands the sign-in page
     * to the same browser, and the command ends with a full TGT from the CONTOSO DC that opens a share.
     */
    @Test
    @Order(12)
    void aSecurityKeyInChromiumSignsBobInToAFullTgtThatOpensAShare() throws Exception {
        JsonNode bob = user("user", "CONTOSO.TEST");
        JsonNode cloud = lab.get("cloud");
        String cloudUrl = cloud.get("url").asString();
        int cloudPort = URI.create(cloudUrl).getPort();
        ChromiumWithSecurityKey browser = ChromiumWithSecurityKey.start(tmp.resolve("chromium-fido"), cloudPort,
                Path.of(cloud.get("caCert").asString()));
        try {
            byte[] totp = io.kerbridge.cloud.auth.Base32.decode(Files.readString(Path.of(bob.get("totpSecretFile").asString())).strip());
            long nextStep = java.time.Instant.now().getEpochSecond() / io.kerbridge.cloud.auth.Totp.STEP_SECONDS + 1;
            browser.register(cloudUrl + "/" + cloud.get("tenantId").asString() + "/fido/register", bob.get("upn").asString(),
                    Files.readString(Path.of(bob.get("passwordFile").asString())).strip(), io.kerbridge.cloud.auth.Totp.code(totp, nextStep));
            Path cc = tmp.resolve("cc-bob-fido");
            ChromiumWithSecurityKey.CommandSignIn run = browser.signInWithCommand("signin", "--user", bob.get("upn").asString(),
                    "--security-key", "--security-key-timeout", "60", "-c", cc.toString(), "--config", krb5().toString(),
                    "--device-dir", lab.get("device").get("dir").asString());
            assertThat(run.pageUrl()).as(run.out() + run.err()).startsWith(cloudUrl + "/" + cloud.get("tenantId").asString() + "/fido/signin?nonce=");
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("Signed in as " + bob.get("upn").asString() + " with a security key",
                    "On-premises TGT: krbtgt/CONTOSO.TEST@CONTOSO.TEST for " + bob.get("principal").asString());
            Tools.Result r = curl(cc, "/Public/welcome.txt");
            assertThat(status(r)).as(r.toString()).isEqualTo(200);
            assertThat(status(curl(cc, "/Finance/"))).isEqualTo(403);
        } finally {
            browser.close();
        }
    }

    @Test
    @Order(8)
    void aSecondUpChangesNothingAndKeepsTheProcesses() {
        Map<String, Long> before = pids();
        long t = System.nanoTime();
        CliRun r = CliRun.of("lab", "up", "--dir", dir.toString(), "--free-ports");
        System.out.printf("lab up (again, all running): %.1f s%n", (System.nanoTime() - t) / 1e9);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("reusing the lab in", "nothing to create").doesNotContain("started ");
        for (String s : List.of("dc-contoso", "dc-emea", "cloud", "files")) {
            assertThat(r.out()).contains(s + " is already running (pid " + before.get(s) + ")");
        }
        assertThat(pids()).isEqualTo(before);
    }

    @Test
    @Order(9)
    void upStartsAgainAServiceThatStopped() throws Exception {
        long filesPid = pids().get("files");
        ProcessHandle h = ProcessHandle.of(filesPid).orElseThrow();
        h.destroy();
        h.onExit().get(30, TimeUnit.SECONDS);
        CliRun st = CliRun.of("lab", "status", "--dir", dir.toString());
        assertThat(st.exitCode()).isEqualTo(3);
        assertThat(st.out()).containsPattern("(?m)^files\\s+-\\s+down");
        CliRun r = CliRun.of("lab", "up", "--dir", dir.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("started files (file server)", "files is ready").doesNotContain("started dc-");
        assertThat(pids().get("files")).isNotEqualTo(filesPid);
        assertThat(CliRun.of("lab", "status", "--dir", dir.toString()).exitCode()).isZero();
    }

    @Test
    @Order(10)
    void aTakenPortIsRefusedWithAClearErrorAndOtherPortsForAnExistingLabToo() throws Exception {
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int p = held.getLocalPort();
            Path other = tmp.resolve("other");
            CliRun r = CliRun.of("lab", "up", "--dir", other.toString(), "--port", "files=" + p);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("kerbridge lab up: cannot create the lab: ", "TCP port " + p + " is in use (wanted for the file server, files)",
                    "--base-port N", "--port NAME=PORT").doesNotContain("Exception");
            assertThat(other.resolve(".lab").resolve("state.json")).doesNotExist();
        }
        CliRun moved = CliRun.of("lab", "up", "--dir", dir.toString(), "--base-port", "28000");
        assertThat(moved.exitCode()).isEqualTo(1);
        assertThat(moved.err()).contains("was created with other ports");
        CliRun bad = CliRun.of("lab", "up", "--dir", tmp.resolve("third").toString(), "--port", "dns=5353");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("unknown port name 'dns'");
    }

    @Test
    @Order(20)
    void downStopsEveryProcessAndLeavesNone() {
        Map<String, Long> before = pids();
        assertThat(before).hasSize(4);
        long t = System.nanoTime();
        CliRun r = CliRun.of("lab", "down", "--dir", dir.toString());
        System.out.printf("lab down: %.1f s%n", (System.nanoTime() - t) / 1e9);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("stopped 4 services");
        for (Map.Entry<String, Long> e : before.entrySet()) {
            Optional<ProcessHandle> h = ProcessHandle.of(e.getValue());
            assertThat(h.filter(ProcessHandle::isAlive)).as(e.getKey() + " pid " + e.getValue()).isEmpty();
        }
        assertThat(pids()).isEmpty();
        CliRun st = CliRun.of("lab", "status", "--dir", dir.toString());
        assertThat(st.exitCode()).isEqualTo(3);
        assertThat(st.out()).doesNotContainPattern("(?m)^\\S+\\s+\\S+\\s+up\\s").containsPattern("(?m)^dc-contoso\\s+-\\s+down");
        assertThat(CliRun.of("lab", "down", "--dir", dir.toString()).out()).contains("nothing was running");
    }
}
