package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.cloud.CloudInit;
import io.kerbridge.cloud.CloudService;
import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.Totp;
import io.kerbridge.cloud.http.Json;
import io.kerbridge.dc.DcInit;
import io.kerbridge.dc.DomainController;
import io.kerbridge.directory.NewAccount;
import io.kerbridge.fileserver.FileServer;
import io.kerbridge.fileserver.FilesConfig;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.file.Credential;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The device side end to end (issue "The device, the admin commands and the file server"): a real DC (KDC, admin API)
 * and a real cloud service on loopback, started once. The Kerberos server object is set up and the users synced with
 * the kerbridge commands, then alice, a synced user, joins a device, provisions a Hello key with a PIN, locks it with
 * five wrong PINs, resets it, signs in without a password and gets a full TGT from the DC that MIT klist and kvno use;
 * with the policy off she gets none; with an expired password the cloud refuses her.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceSignInAcceptanceTest {
    static final String PW = "Us3r-Passw0rd!";
    static final String CLOUD_PW = "Cloud-Adm1n-Passw0rd!";
    static final String ALICE = "alice@contoso.test";
    static final String FILES_HOST = "files.contoso.test";
    static FileServer files;
    static int filesPort;
    @TempDir
    static Path tmp;
    static Path dcDir;
    static Path krb5;
    static Path deviceDir;
    static DomainController dc;
    static CloudService cloud;
    static CloudInit.Result init;
    static int adminPort;
    static Path tokenFile;
    static HttpClient http;
    static String adminToken;
    static String aliceId;
    static byte[] aliceTotp;
    static long lastAliceStep = Long.MIN_VALUE;
    static Path pinFile;
    static Path alicePw;

    @BeforeAll
    static void peers() throws Exception {
        dcDir = tmp.resolve("contoso");
        var dcCfg = DcInit.init(new DcInit.Spec(dcDir, "contoso.test", "CONTOSO", "dc1.contoso.test", "127.0.0.1",
                Tools.freePort(), Tools.freePort(), adminPort = Tools.freePort(), PW.toCharArray(), Optional.empty()));
        krb5 = tmp.resolve("krb5.conf"); // the DC's, plus no DNS canonicalisation for curl's SPN (files.contoso.test)
        Files.writeString(krb5, "[libdefaults]\n    default_realm = CONTOSO.TEST\n    dns_lookup_kdc = false\n"
                + "    rdns = false\n    dns_canonicalize_hostname = false\n[realms]\n" + dcCfg.krb5ConfRealm()
                + "[domain_realm]\n    .contoso.test = CONTOSO.TEST\n");
        dc = DomainController.start(dcDir, Clock.systemUTC());
        dc.directory().users().create(NewAccount.user("alice", PW.toCharArray()).withDisplayName("Alice Example"));
        dc.directory().users().create(NewAccount.computer("FILES").withSpns("HTTP/" + FILES_HOST));
        init = CloudInit.init(new CloudInit.Spec(tmp.resolve("cloud"), "contoso.test", List.of(), "Contoso",
                "admin@contoso.test", CLOUD_PW.toCharArray(), "127.0.0.1", 0, List.of()), Clock.systemUTC(), new SecureRandom());
        cloud = CloudService.start(tmp.resolve("cloud"), 0, Clock.systemUTC(), new SecureRandom());
        http = CloudCommand.client(init.caCertificate());
        deviceDir = tmp.resolve("device");

        Tools.Result k = Tools.run(List.of("kinit", "Administrator"), Map.of("KRB5_CONFIG", krb5.toString(),
                "KRB5CCNAME", "FILE:" + tmp.resolve("cc-admin")), PW + "\n");
        assertThat(k.exitCode()).as(k.toString()).isZero();
        Path pw = write("cloud-pw", CLOUD_PW);
        tokenFile = tmp.resolve("token.json");
        ok(CliRun.of("cloud", "login", "--url", cloudUrl(), "--cacert", init.caCertificate().toString(), "--tenant",
                "contoso.test", "--user", "admin@contoso.test", "--password-file", pw.toString(), "--totp",
                Totp.code(Base32.decode(init.totpSecretBase32()), Totp.step(Instant.now())), "--token-file", tokenFile.toString()));
        adminToken = Json.MAPPER.readTree(Files.readString(tokenFile)).get("access_token").asString();
        admin("PUT", "/roles/HybridIdentityAdministrator/members/" + init.adminUserId(), null);

        // the administrator's side, with the kerbridge commands: Kerberos server object, sync, a TOTP for alice, the policy
        ok(CliRun.of("kerberos-server", "set", "--domain", "contoso.test", "--dc", "https://127.0.0.1:" + adminPort, "--dc-spn",
                "HTTP/dc1.contoso.test", "--cacert", dcDir.resolve("tls-cert.pem").toString(), "--config", krb5.toString(), "-c",
                tmp.resolve("cc-admin").toString(), "--cloud-token-file", tokenFile.toString()));
        sync();
        for (JsonNode u : admin("GET", "/users?source=synced", null).get("value")) {
            if (u.get("userPrincipalName").asString().equals(ALICE)) {
                aliceId = u.get("id").asString();
            }
        }
        aliceTotp = Base32.decode(admin("POST", "/users/" + aliceId + "/totp", null).get("secret").asString());
        policy(true, false);
        pinFile = write("pin", "135792");

        // the walkthrough's file server: a share for Authenticated Users behind Negotiate, keytab from the DC
        Path keytab = tmp.resolve("files.keytab");
        ok(CliRun.of("keytab", "export", "FILES$", "-k", keytab.toString(), "--dc", "https://127.0.0.1:" + adminPort, "--dc-spn",
                "HTTP/dc1.contoso.test", "--cacert", dcDir.resolve("tls-cert.pem").toString(), "--config", krb5.toString(), "-c",
                tmp.resolve("cc-admin").toString()));
        Path filesDir = tmp.resolve("files");
        filesPort = Tools.freePort();
        ok(CliRun.of("files", "init", "--dir", filesDir.toString(), "--keytab", keytab.toString(), "--spn", "HTTP/" + FILES_HOST,
                "--realm", "CONTOSO.TEST", "--listen", "127.0.0.1", "--port", Integer.toString(filesPort)));
        ok(CliRun.of("files", "share", "add", "Public", "--dir", filesDir.toString(), "--path", tmp.resolve("public").toString(),
                "--create", "--read", "Authenticated Users"));
        Files.writeString(tmp.resolve("public").resolve("hello.txt"), "no second prompt\n");
        files = FileServer.start(FilesConfig.load(filesDir), filesDir, Clock.systemUTC());
        alicePw = write("alice-pw", PW);
    }

    @AfterAll
    static void stop() {
        if (files != null) {
            files.close();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (dc != null) {
            dc.close();
        }
    }

    static String cloudUrl() {
        return "https://localhost:" + cloud.port();
    }

    static Path write(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content + "\n");
    }

    static JsonNode admin(String method, String path, Object body) throws Exception {
        return CloudCommand.send(http, method, cloudUrl() + "/api/v1/" + init.tenantId() + path, adminToken,
                body == null ? null : Json.MAPPER.writeValueAsString(body));
    }

    static void sync() {
        ok(CliRun.of("sync", "--dc", "https://127.0.0.1:" + adminPort, "--dc-spn", "HTTP/dc1.contoso.test", "--cacert",
                dcDir.resolve("tls-cert.pem").toString(), "--config", krb5.toString(), "-c", tmp.resolve("cc-admin").toString(),
                "--token-file", tokenFile.toString(), "--state", tmp.resolve("sync-state.json").toString()));
    }

    static void policy(boolean useCloudTrust, boolean cloudTickets) throws Exception {
        admin("PUT", "/device-policy", Map.of("UseCloudTrustForOnPremAuth", Map.of("enabled", useCloudTrust, "assignedTo",
                "allDevices"), "CloudKerberosTicketRetrievalEnabled", Map.of("enabled", cloudTickets, "assignedTo", "allDevices")));
    }

    static CliRun ok(CliRun r) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        return r;
    }

    /**
     * A one-time code for alice. Codes are single-use and must come in increasing steps; the cloud accepts the steps
     * next to its own, so up to three sign-ins fit in one 30-second step (now - 1 only early in the step).
     */
    static String aliceCode() throws InterruptedException {
        while (true) {
            long sec = Instant.now().getEpochSecond();
            long now = sec / Totp.STEP_SECONDS;
            long step = Math.max(lastAliceStep + 1, sec % Totp.STEP_SECONDS <= 24 ? now - 1 : now);
            if (step <= now + 1) {
                lastAliceStep = step;
                return Totp.code(aliceTotp, step);
            }
            Thread.sleep(500);
        }
    }

    static CliRun device(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--device-dir", deviceDir.toString()));
        return CliRun.of(a.toArray(String[]::new));
    }

    static CliRun signin(Path pin, Path ccache, String... extra) {
        List<String> a = new ArrayList<>(List.of("signin", "--user", ALICE, "--pin-file", pin.toString(), "-c", ccache.toString(),
                "--config", krb5.toString()));
        a.addAll(List.of(extra));
        return device(a.toArray(String[]::new));
    }

    static Map<String, String> mitEnv(Path ccache) {
        return Map.of("KRB5_CONFIG", krb5.toString(), "KRB5CCNAME", "FILE:" + ccache);
    }

    static List<String> helloKids() throws Exception {
        List<String> kids = new ArrayList<>();
        admin("GET", "/users/" + aliceId + "/hello-keys", null).get("value").forEach(k -> kids.add(k.get("kid").asString()));
        return kids;
    }

    @Test
    @Order(1)
    void joinRegistersTheDeviceWithACertificateFromTheTenantCa() throws Exception {
        CliRun r = ok(device("device", "join", "--cloud", cloudUrl(), "--cacert", init.caCertificate().toString(), "--tenant",
                "contoso.test", "--user", ALICE, "--password-file", alicePw.toString(), "--totp", aliceCode(), "--name", "ALICE-PC"));
        JsonNode state = Json.MAPPER.readTree(Files.readString(deviceDir.resolve("device.json")));
        String deviceId = state.get("deviceId").asString();
        assertThat(r.out()).contains("Joined tenant " + init.tenantId() + " (contoso.test) as device " + deviceId + " (ALICE-PC)");
        assertThat(state.get("tenantId").asString()).isEqualTo(init.tenantId());
        X509Certificate ca;
        X509Certificate cert;
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        try (InputStream a = Files.newInputStream(init.caCertificate()); InputStream b = Files.newInputStream(deviceDir.resolve("device-cert.pem"))) {
            ca = (X509Certificate) cf.generateCertificate(a);
            cert = (X509Certificate) cf.generateCertificate(b);
        }
        cert.verify(ca.getPublicKey()); // chains to the cloud's CA
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + deviceId);
        assertThat(admin("GET", "/devices/" + deviceId, null).get("displayName").asString()).isEqualTo("ALICE-PC");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(deviceDir))).isEqualTo("rwx------");
        for (String f : List.of("device.json", "device-keys.p12", "device-keys.secret", "device-cert.pem")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(deviceDir.resolve(f)))).as(f).isEqualTo("rw-------");
        }
        CliRun again = device("device", "join", "--cloud", cloudUrl(), "--cacert", init.caCertificate().toString(), "--tenant",
                "contoso.test", "--user", ALICE, "--password-file", alicePw.toString(), "--totp", "000000");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("kerbridge device join: this device is already joined to tenant " + init.tenantId()
                + " as device " + deviceId + " (" + deviceDir + "); run kerbridge device leave first");

        CliRun sync = ok(device("device", "sync"));
        assertThat(sync.out()).containsPattern("UseCloudTrustForOnPremAuth\\s+: true \\(allDevices\\)");
    }

    @Test
    @Order(2)
    void helloProvisionStoresAPinProtectedKeyTheCloudKnows() throws Exception {
        CliRun weak = device("hello", "provision", "--user", ALICE, "--password-file", alicePw.toString(), "--totp", "000000",
                "--pin-file", write("short-pin", "1234").toString());
        assertThat(weak.exitCode()).isEqualTo(1);
        assertThat(weak.err()).contains("the PIN must have at least 6 digits or characters");

        CliRun r = ok(device("hello", "provision", "--user", ALICE, "--password-file", alicePw.toString(), "--totp", aliceCode(),
                "--pin-file", pinFile.toString()));
        List<String> kids = helloKids();
        assertThat(kids).hasSize(1);
        assertThat(r.out()).contains("Hello key for " + ALICE + " on device ", "kid " + kids.get(0));
        Path user = deviceDir.resolve("users").resolve(ALICE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(user.resolve("hello.p12")))).isEqualTo("rw-------");
        assertThat(device("hello", "list").out()).contains(ALICE, kids.get(0), "ok");
        CliRun twice = device("hello", "provision", "--user", ALICE, "--password-file", alicePw.toString(), "--totp", "000000",
                "--pin-file", pinFile.toString());
        assertThat(twice.err()).contains("already has a Hello key on this device", "kerbridge hello reset-pin");
    }

    @Test
    @Order(3)
    void fiveWrongPinsLockTheKeyAndResetPinUnlocksItWithANewKey() throws Exception {
        Path wrong = write("wrong-pin", "000000");
        Path cc = tmp.resolve("cc-locked");
        for (int left = 4; left >= 1; left--) {
            CliRun r = signin(wrong, cc);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err().strip()).isEqualTo("kerbridge signin: wrong PIN for " + ALICE + "; " + left
                    + (left == 1 ? " attempt" : " attempts") + " left before the Hello key is locked");
        }
        assertThat(signin(wrong, cc).err()).contains("the Hello key of " + ALICE + " is locked after 5 wrong PINs");
        assertThat(signin(pinFile, cc).err()).contains("is locked after 5 wrong PINs", "kerbridge hello reset-pin --user " + ALICE);
        assertThat(device("hello", "list").out()).contains("LOCKED");
        assertThat(cc).doesNotExist();

        String oldKid = helloKids().get(0);
        Path newPin = write("new-pin", "pin-2468");
        CliRun reset = ok(device("hello", "reset-pin", "--user", ALICE, "--password-file", alicePw.toString(), "--totp",
                aliceCode(), "--pin-file", newPin.toString()));
        assertThat(reset.out()).contains("New Hello key for " + ALICE, "Revoked the old key " + oldKid + " in the cloud.");
        assertThat(helloKids()).hasSize(1).doesNotContain(oldKid);
        assertThat(device("hello", "list").out()).contains(helloKids().get(0), "ok").doesNotContain("LOCKED");
        pinFile = newPin;
    }

    /**
     * FIDO2 with a real browser (issue 8's "reaching the same full TGT"): headless Chromium with a virtual CTAP2
     * authenticator registers alice's security key on the cloud's page (password + one-time code); then
     * {@code signin --security-key} prints the sign-in page URL, Chromium opens it, the key signs the PRT nonce, the page
     * hands the assertion to the command's loopback listener, and the command ends with a full TGT from the DC.
     */
    @Test
    @Order(4)
    void aSecurityKeyInChromiumSignsInToTheSameFullTgt() throws Exception {
        ChromiumWithSecurityKey browser = ChromiumWithSecurityKey.start(tmp.resolve("chromium"), cloud.port(),
                init.caCertificate());
        try {
            browser.register(cloudUrl() + "/" + init.tenantId() + "/fido/register", ALICE, PW, aliceCode());
            Path cc = tmp.resolve("cc-fido");
            ChromiumWithSecurityKey.CommandSignIn run = browser.signInWithCommand("signin", "--user", ALICE,
                    "--security-key", "--security-key-timeout", "60", "-c", cc.toString(), "--config", krb5.toString(),
                    "--device-dir", deviceDir.toString());
            assertThat(run.pageUrl()).as(run.out() + run.err()).startsWith(cloudUrl() + "/" + init.tenantId() + "/fido/signin?nonce=");
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("Signed in as alice@contoso.test with a security key",
                    "On-premises TGT: krbtgt/CONTOSO.TEST@CONTOSO.TEST for alice@CONTOSO.TEST");
            Tools.Result klist = Tools.run(List.of("klist", "-c", cc.toString()), mitEnv(cc), null);
            assertThat(klist.stdout()).contains("alice@CONTOSO.TEST", "krbtgt/CONTOSO.TEST@CONTOSO.TEST");
        } finally {
            browser.close();
        }
    }

    @Test
    @Order(10)
    void signinLeavesAFullTgtFromTheDcThatMitKlistAndKvnoUse() throws Exception {
        policy(true, true); // the cloud TGT too (CloudKerberosTicketRetrievalEnabled)
        Path cc = tmp.resolve("cc-alice");
        CliRun r = ok(signin(pinFile, cc));
        assertThat(r.out()).contains("Signed in as " + ALICE + " with the Hello PIN", "Policy: UseCloudTrustForOnPremAuth on",
                "On-premises TGT: krbtgt/CONTOSO.TEST@CONTOSO.TEST for alice@CONTOSO.TEST",
                "Cloud TGT: krbtgt/KERBEROS.MICROSOFTONLINE.COM@KERBEROS.MICROSOFTONLINE.COM", "in " + cc + ".cloud");
        Path cloudCc = Path.of(cc + ".cloud");
        Tools.Result cloudKlist = Tools.run(List.of("klist", "-c", cloudCc.toString()), mitEnv(cloudCc), null);
        assertThat(cloudKlist.stdout()).as(cloudKlist.toString()).contains("krbtgt/KERBEROS.MICROSOFTONLINE.COM@KERBEROS.MICROSOFTONLINE.COM");
        // the full TGT: the DC's own krbtgt key (an ordinary kvno), not the krbtgt_<n> key of the partial TGT (n << 16)
        Credential tgt = Ccache.read(cc).initialTgt().orElseThrow();
        assertThat(KrbCodec.decodeTicket(tgt.ticket()).encPart().kvnoUnsigned()).isLessThan(1 << 16);
        Credential partial = Ccache.read(deviceDir.resolve("users").resolve(ALICE).resolve("partial-tgt.ccache")).initialTgt().orElseThrow();
        assertThat(KrbCodec.decodeTicket(partial.ticket()).encPart().kvnoUnsigned()).isGreaterThanOrEqualTo(1 << 16);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cc))).isEqualTo("rw-------");

        Tools.Result klist = Tools.run(List.of("klist", "-c", cc.toString()), mitEnv(cc), null);
        assertThat(klist.exitCode()).as(klist.toString()).isZero();
        assertThat(klist.stdout()).contains("Default principal: alice@CONTOSO.TEST", "krbtgt/CONTOSO.TEST@CONTOSO.TEST");
        Tools.Result kvno = Tools.run(List.of("kvno", "-c", cc.toString(), "host/dc1.contoso.test"), mitEnv(cc), null);
        assertThat(kvno.exitCode()).as(kvno.toString()).isZero();
        assertThat(kvno.stdout()).contains("host/dc1.contoso.test@CONTOSO.TEST: kvno = ");
        // the file server lets her in with no second prompt (and asks for Negotiate without a ticket)
        String url = "http://" + FILES_HOST + ":" + filesPort + "/Public/hello.txt";
        List<String> curl = List.of("curl", "-sS", "--negotiate", "-u", ":", "--resolve", FILES_HOST + ":" + filesPort + ":127.0.0.1",
                "-w", "\n%{http_code}", url);
        Tools.Result in = Tools.run(curl, mitEnv(cc), null);
        assertThat(in.stdout()).as(in.toString()).isEqualTo("no second prompt\n\n200");
        Tools.Result out = Tools.run(curl, mitEnv(tmp.resolve("cc-nobody")), null);
        assertThat(out.stdout()).as(out.toString()).endsWith("401");

        CliRun view = ok(CliRun.of("klist", "-c", cc.toString()));
        assertThat(view.out()).contains("Cached Tickets: (4)", "\tServer: HTTP/files.contoso.test @ CONTOSO.TEST", "\tServer: krbtgt/KERBEROS.MICROSOFTONLINE.COM @ KERBEROS.MICROSOFTONLINE.COM",
                "#3>\tClient: alice@contoso.test @ KERBEROS.MICROSOFTONLINE.COM", "#0>\tClient: alice @ CONTOSO.TEST",
                "\tServer: krbtgt/CONTOSO.TEST @ CONTOSO.TEST", "\tKerbTicket Encryption Type: AES-256-CTS-HMAC-SHA1-96",
                "\tSession Key Type: AES-256-CTS-HMAC-SHA1-96", "\tCache Flags: 0x1 -> PRIMARY",
                "\tKdc Called: 127.0.0.1:" + dc.kdcPort(), "\tServer: host/dc1.contoso.test @ CONTOSO.TEST", "\tRenew Time: ")
                .containsPattern("\tTicket Flags 0x[0-9a-f]+ -> forwardable renewable")
                .containsPattern("\tStart Time: \\d+/\\d+/\\d{4} \\d+:\\d\\d:\\d\\d \\(local\\)")
                .containsPattern("\tEnd Time:   \\d+/\\d+/\\d{4}");

        CliRun status = ok(device("dsregcmd", "--status"));
        String deviceId = Json.MAPPER.readTree(Files.readString(deviceDir.resolve("device.json"))).get("deviceId").asString();
        assertThat(status.out()).contains("AzureAdJoined : YES", "DeviceId : " + deviceId, "TenantId : " + init.tenantId(),
                "AzureAdPrt : YES", "OnPremTgt : YES", "CloudTgt : YES", "NgcSet : YES", "User : " + ALICE,
                "IsDeviceJoined : YES", "PreReqResult : AlreadyProvisioned", "CloudTrustPolicy : ENABLED")
                .containsPattern("AzureAdPrtUpdateTime : \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC")
                .containsPattern("KerbTopLevelNames : \\S+");

        // klist get krbtgt: a fresh TGT with the one in the cache; without one, the kept partial TGT is exchanged again
        assertThat(ok(CliRun.of("klist", "get", "krbtgt", "-c", cc.toString(), "--config", krb5.toString())).out())
                .contains("A ticket to krbtgt has been retrieved successfully.");
        CliRun purge = ok(CliRun.of("klist", "purge", "-c", cc.toString()));
        assertThat(purge.out()).contains("Ticket(s) purged!");
        assertThat(cc).doesNotExist();
        assertThat(cloudCc).doesNotExist();
        CliRun again = ok(device("klist", "get", "krbtgt", "-c", cc.toString(), "--config", krb5.toString()));
        assertThat(again.out()).contains("Server: krbtgt/CONTOSO.TEST @ CONTOSO.TEST");
        assertThat(Tools.run(List.of("kvno", "-c", cc.toString(), "HTTP/dc1.contoso.test"), mitEnv(cc), null).exitCode()).isZero();
    }

    @Test
    @Order(11)
    void withThePolicyOffTheDeviceGetsNoOnPremisesTgt() throws Exception {
        policy(false, false);
        try {
            Path cc = tmp.resolve("cc-policy-off");
            CliRun r = ok(signin(pinFile, cc));
            assertThat(r.out()).contains("Policy: UseCloudTrustForOnPremAuth off", "No on-premises TGT: the device policy "
                    + "UseCloudTrustForOnPremAuth is off (allDevices), so the partial TGT from the cloud was not used.");
            assertThat(cc).doesNotExist();
            assertThat(ok(device("dsregcmd", "--status")).out()).contains("AzureAdPrt : YES", "OnPremTgt : NO",
                    "CloudTrustPolicy : DISABLED");
        } finally {
            policy(true, false);
        }
    }

    @Test
    @Order(12)
    void anExpiredPasswordIsRefusedWithTheReason() throws Exception {
        var alice = dc.directory().users().find("alice").orElseThrow();
        dc.directory().passwordChange().set(alice.sid(), "Expir3d-Passw0rd!".toCharArray(), true);
        sync();
        CliRun r = signin(pinFile, tmp.resolve("cc-expired"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("kerbridge signin: the password has expired and must be reset first");
        assertThat(ok(device("dsregcmd", "--status")).out()).contains("AcquirePrtDiagnostics : PRESENT",
                "Server Error Code : password_expired", "Credential Type : NGC", "HTTP Status : 400");
    }

    @Test
    @Order(20)
    void leaveForgetsTheDeviceAndSaysWhatTheAdministratorMustDo() throws Exception {
        String deviceId = Json.MAPPER.readTree(Files.readString(deviceDir.resolve("device.json"))).get("deviceId").asString();
        CliRun r = ok(device("device", "leave"));
        assertThat(r.out()).contains("The device object " + deviceId + " still exists in the cloud; an administrator should delete it");
        assertThat(deviceDir).doesNotExist();
        assertThat(device("device", "leave").err()).contains("this device is not joined");
        assertThat(ok(device("dsregcmd", "--status")).out()).contains("AzureAdJoined : NO");
    }
}
