package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.dc.DcInit;
import io.kerbridge.dc.DomainController;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.NewAccount;
import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcErrorException;
import io.kerbridge.kerberos.client.KdcTransport;
import io.kerbridge.kerberos.client.KeySource;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue "Domain controller" acceptance: our DC (directory + KDC + kpasswd + admin API) for
 * CONTOSO.TEST, and a child EMEA.CONTOSO.TEST, on loopback; real clients only: MIT kinit, klist,
 * kvno, kpasswd; the JDK's Krb5LoginModule, GSS initiator and acceptor; curl --negotiate;
 * python-gssapi; impacket reading the PAC; our own CLI.
 */
class DomainControllerAcceptanceTest {
    static final String ADMIN_PW = "Adm1n-Passw0rd!";
    static final String USER_PW = "Us3r-Passw0rd!";
    @TempDir
    static Path tmp;
    static Path root;
    static Path child;
    static DomainController dc;
    static DomainController emea;
    static Path krb5;
    static int adminPort;

    @BeforeAll
    static void forest() throws Exception {
        root = tmp.resolve("contoso");
        child = tmp.resolve("emea");
        char[] trust = "Trust-Passw0rd-42!".toCharArray();
        var rootCfg = DcInit.init(new DcInit.Spec(root, "contoso.test", "CONTOSO", "dc1.contoso.test", "127.0.0.1",
                Tools.freePort(), Tools.freePort(), adminPort = Tools.freePort(), ADMIN_PW.toCharArray(), Optional.empty()));
        Sid forestSid = io.kerbridge.directory.Directory.open(root.resolve("directory")).domain().sid();
        var childCfg = DcInit.init(new DcInit.Spec(child, "emea.contoso.test", "EMEA", "dc1.emea.contoso.test", "127.0.0.1",
                Tools.freePort(), Tools.freePort(), Tools.freePort(), ADMIN_PW.toCharArray(),
                Optional.of(new DcInit.ParentTrust("CONTOSO.TEST", "CONTOSO", forestSid, trust))));
        DcInit.trust(root, "EMEA.CONTOSO.TEST", "EMEA", trust);
        krb5 = tmp.resolve("krb5.conf");
        Files.writeString(krb5, "[libdefaults]\n    default_realm = CONTOSO.TEST\n    dns_lookup_kdc = false\n"
                + "    rdns = false\n    dns_canonicalize_hostname = false\n[realms]\n" + rootCfg.krb5ConfRealm()
                + childCfg.krb5ConfRealm() + "[domain_realm]\n    .emea.contoso.test = EMEA.CONTOSO.TEST\n"
                + "    .contoso.test = CONTOSO.TEST\n");
        dc = DomainController.start(root, Clock.systemUTC());
        emea = DomainController.start(child, Clock.systemUTC());
        var users = dc.directory().users();
        users.create(NewAccount.user("alice", USER_PW.toCharArray()).withDisplayName("Alice Example"));
        users.create(NewAccount.user("dave", USER_PW.toCharArray()));
        users.create(NewAccount.user("carol", USER_PW.toCharArray()).withMustChangePassword(true));
        emea.directory().users().create(NewAccount.user("erik", USER_PW.toCharArray()));
    }

    @AfterAll
    static void stop() {
        if (emea != null) {
            emea.close();
        }
        if (dc != null) {
            dc.close();
        }
    }

    static Map<String, String> env(String ccache) {
        Map<String, String> e = new HashMap<>();
        e.put("KRB5_CONFIG", krb5.toString());
        e.put("KRB5CCNAME", "FILE:" + tmp.resolve(ccache));
        return e;
    }

    static Tools.Result kinit(String principal, String password, String ccache, String... options) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("kinit"));
        cmd.addAll(List.of(options));
        cmd.add(principal);
        return Tools.run(cmd, env(ccache), password + "\n");
    }

    static Tools.Result tool(String ccache, String... cmd) throws Exception {
        return Tools.run(List.of(cmd), env(ccache), null);
    }

    @ParameterizedTest(name = "etype {0}")
    @CsvSource({"17,aes128-cts-hmac-sha1-96", "18,aes256-cts-hmac-sha1-96", "19,aes128-cts-hmac-sha256-128",
            "20,aes256-cts-hmac-sha384-192"})
    void mitKinitWithEachEnctype(int etype, String name) throws Exception {
        Path conf = tmp.resolve("krb5-" + etype + ".conf");
        Files.writeString(conf, Files.readString(krb5).replace("[libdefaults]\n",
                "[libdefaults]\n    default_tkt_enctypes = " + name + "\n    permitted_enctypes = " + name
                        + " aes256-cts-hmac-sha1-96\n"));
        Map<String, String> e = env("cc-etype-" + etype);
        e.put("KRB5_CONFIG", conf.toString());
        Tools.Result r = Tools.run(List.of("kinit", "alice"), e, USER_PW + "\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Tools.Result klist = Tools.run(List.of("klist", "-e"), e, null);
        assertThat(klist.stdout()).contains("krbtgt/CONTOSO.TEST@CONTOSO.TEST").contains("Etype (skey, tkt): " + name + ",");
    }

    @Test
    void upnAndEnterpriseNames() throws Exception {
        assertThat(kinit("alice@CONTOSO.TEST", USER_PW, "cc-realm").exitCode()).isZero();
        Tools.Result ent = kinit("alice@contoso.test", USER_PW, "cc-upn", "-E");
        assertThat(ent.exitCode()).as(ent.toString()).isZero();
        assertThat(tool("cc-upn", "klist").stdout()).contains("krbtgt/CONTOSO.TEST@CONTOSO.TEST");
    }

    @Test
    void kvnoAndAPacImpacketReads() throws Exception {
        assertThat(kinit("Administrator", ADMIN_PW, "cc-admin").exitCode()).isZero();
        CliRun g = cli("cc-admin", "group", "add", "Finance", "--scope", "global");
        assertThat(g.exitCode()).as(g.err()).isZero();
        assertThat(cli("cc-admin", "group", "add-member", "Finance", "alice").exitCode()).isZero();
        assertThat(kinit("alice", USER_PW, "cc-pac").exitCode()).isZero();
        Tools.Result kvno = tool("cc-pac", "kvno", "HTTP/dc1.contoso.test");
        assertThat(kvno.exitCode()).as(kvno.toString()).isZero();
        assertThat(kvno.stdout()).contains("HTTP/dc1.contoso.test@CONTOSO.TEST: kvno = 1");

        Path kt = tmp.resolve("dc1.keytab");
        CliRun export = cli("cc-admin", "keytab", "export", "DC1$", "-k", kt.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(tool("cc-admin", "klist", "-k", kt.toString()).stdout()).contains("HTTP/dc1.contoso.test@CONTOSO.TEST");
        String key = Keytab.read(kt).entries().stream()
                .filter(x -> x.principal().toString().equals("HTTP/dc1.contoso.test")
                        && x.key().type().equals(EncType.AES256_CTS_HMAC_SHA1_96))
                .map(x -> HexFormat.of().formatHex(x.key().bytes())).findFirst().orElseThrow();
        Tools.Result pac = Tools.run(List.of("/usr/bin/python3", Tools.resource(tmp, "dc/pac.py"), tmp.resolve("cc-pac").toString(),
                "HTTP/dc1.contoso.test", key), env("cc-pac"), null);
        assertThat(pac.exitCode()).as(pac.toString()).isZero();
        long aliceRid = dc.directory().users().find("alice").orElseThrow().sid().rid();
        long financeRid = dc.directory().groups().find("Finance").orElseThrow().sid().rid();
        assertThat(pac.stdout()).contains("user " + aliceRid).contains("primary 513").contains("name alice")
                .contains("server-signature valid");
        assertThat(pac.stdout().lines().filter(l -> l.startsWith("groups ")).findFirst().orElseThrow())
                .contains("513").contains(Long.toString(financeRid));
    }

    @Test
    void kpasswdChangesAnExpiredPassword() throws Exception {
        // MIT kinit sees KDC_ERR_KEY_EXPIRED, asks for a new password and changes it through our kpasswd
        Tools.Result r = Tools.run(List.of("kinit", "carol"), env("cc-carol"),
                USER_PW + "\nCar0l-New-Passw0rd!\nCar0l-New-Passw0rd!\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout() + r.stderr()).contains("Password expired");
        assertThat(kinit("carol", "Car0l-New-Passw0rd!", "cc-carol2").exitCode()).isZero();
        assertThat(kinit("carol", USER_PW, "cc-carol3").exitCode()).isNotZero();

        // MIT kpasswd itself, for a user who must change the password at next logon
        dc.directory().users().create(NewAccount.user("kim", USER_PW.toCharArray()).withMustChangePassword(true));
        Tools.Result kp = Tools.run(List.of("kpasswd", "kim"), env("cc-kim"), USER_PW + "\nK1m-New-Passw0rd!\nK1m-New-Passw0rd!\n");
        assertThat(kp.exitCode()).as(kp.toString()).isZero();
        assertThat(kp.stdout()).contains("Password changed.");
        assertThat(kinit("kim", "K1m-New-Passw0rd!", "cc-kim2").exitCode()).isZero();
        // a refusal by policy comes back as MIT's text of our result
        Tools.Result weak = Tools.run(List.of("kpasswd", "kim"), env("cc-kim3"), "K1m-New-Passw0rd!\nshort\nshort\n");
        assertThat(weak.exitCode()).isNotZero();
        assertThat(weak.stdout() + weak.stderr()).contains("Password change rejected");
    }

    @Test
    void jdkInitiatorAndJdkAcceptorWithAKeytabWeExported() throws Exception {
        assertThat(kinit("alice", USER_PW, "cc-jdk").exitCode()).isZero();
        assertThat(kinit("Administrator", ADMIN_PW, "cc-admin2").exitCode()).isZero();
        Path kt = tmp.resolve("jdk-dc1.keytab");
        assertThat(cli("cc-admin2", "keytab", "export", "DC1$", "-k", kt.toString()).exitCode()).isZero();
        JdkGss.Result init = JdkGss.initiate(krb5, tmp.resolve("cc-jdk"), "HTTP/dc1.contoso.test@CONTOSO.TEST");
        assertThat(init.clientName()).isEqualTo("alice@CONTOSO.TEST");
        JdkGss.Accepted acc = JdkGss.accept(krb5, kt, "HTTP/dc1.contoso.test@CONTOSO.TEST", init.token());
        assertThat(acc.clientName()).isEqualTo("alice@CONTOSO.TEST");
    }

    @Test
    void curlAndPythonGssapiNegotiateWithTheAdminApi() throws Exception {
        assertThat(kinit("alice", USER_PW, "cc-http").exitCode()).isZero();
        Tools.Result curl = tool("cc-http", "curl", "-sS", "--negotiate", "-u", ":", "--cacert",
                root.resolve("tls-cert.pem").toString(), "--resolve", "dc1.contoso.test:" + adminPort + ":127.0.0.1",
                "https://dc1.contoso.test:" + adminPort + "/api/v1/domain");
        assertThat(curl.exitCode()).as(curl.toString()).isZero();
        assertThat(curl.stdout()).contains("\"realm\":\"CONTOSO.TEST\"");
        Tools.Result py = tool("cc-http", "/usr/bin/python3", Tools.resource(tmp, "dc/negotiate.py"),
                "https://127.0.0.1:" + adminPort + "/api/v1/users/alice", root.resolve("tls-cert.pem").toString(),
                "dc1.contoso.test");
        assertThat(py.exitCode()).as(py.toString()).isZero();
        assertThat(py.stdout()).startsWith("200").contains("\"displayName\":\"Alice Example\"");
        // alice is no Domain Admin: writes are refused
        CliRun denied = cli("cc-http", "user", "add", "mallory", "--password-file", pwFile("x", USER_PW).toString());
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.err()).contains("not a member of Domain Admins");
    }

    @Test
    void referralFromTheChildDomainToAServiceInTheRoot() throws Exception {
        Tools.Result k = kinit("erik@EMEA.CONTOSO.TEST", USER_PW, "cc-erik");
        assertThat(k.exitCode()).as(k.toString()).isZero();
        Tools.Result kvno = tool("cc-erik", "kvno", "HTTP/dc1.contoso.test@CONTOSO.TEST");
        assertThat(kvno.exitCode()).as(kvno.toString()).isZero();
        assertThat(tool("cc-erik", "klist").stdout()).contains("krbtgt/CONTOSO.TEST@EMEA.CONTOSO.TEST")
                .contains("HTTP/dc1.contoso.test@CONTOSO.TEST");
    }

    @Test
    void errorPathsHaveTheirCodes() throws Exception {
        assertThat(kinit("nobody", USER_PW, "cc-e1").stderr()).contains("not found in Kerberos database");
        assertThat(kinit("dave", "wrong-Passw0rd1", "cc-e2").stderr()).contains("Password incorrect");
        assertThat(kinit("Administrator", ADMIN_PW, "cc-admin3").exitCode()).isZero();
        assertThat(cli("cc-admin3", "user", "disable", "dave").exitCode()).isZero();
        assertThat(kinit("dave", USER_PW, "cc-e3").stderr()).contains("credentials have been revoked");
        assertThat(cli("cc-admin3", "user", "enable", "dave").exitCode()).isZero();
        assertThat(kinit("dave", USER_PW, "cc-e4").exitCode()).isZero();

        KdcClient skewed = new KdcClient(new KdcTransport(KrbConfig.load(krb5)),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(1)), new SecureRandom());
        PrincipalName dave = PrincipalName.user("dave");
        assertThatThrownBy(() -> skewed.asExchange(AsRequest.tgt(dave, "CONTOSO.TEST"),
                KeySource.password("CONTOSO.TEST", dave, USER_PW.toCharArray())))
                .isInstanceOfSatisfying(KdcErrorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.KRB_AP_ERR_SKEW));
    }

    @Test
    void lockoutAfterFailuresThenUnlockByAdminAndByTime() throws Exception {
        DomainPolicy p = dc.directory().domainAdmin().policy();
        dc.directory().domainAdmin().setPolicy(new DomainPolicy(p.maxPasswordAge(), p.minPasswordAge(),
                p.minPasswordLength(), p.complexity(), p.historyLength(), 3, Duration.ofMinutes(30), Duration.ofSeconds(3),
                p.maxTicketAge(), p.maxServiceAge(), p.maxRenewAge(), p.maxClockSkew()));
        try {
            dc.directory().users().create(NewAccount.user("lou", USER_PW.toCharArray()));
            for (int i = 0; i < 3; i++) {
                assertThat(kinit("lou", "wrong-Passw0rd1", "cc-l").stderr()).contains("Password incorrect");
            }
            assertThat(kinit("lou", USER_PW, "cc-l").stderr()).contains("credentials have been revoked");
            assertThat(kinit("Administrator", ADMIN_PW, "cc-admin4").exitCode()).isZero();
            CliRun unlock = cli("cc-admin4", "user", "unlock", "lou");
            assertThat(unlock.exitCode()).as(unlock.err()).isZero();
            assertThat(kinit("lou", USER_PW, "cc-l").exitCode()).isZero();
            for (int i = 0; i < 3; i++) {
                kinit("lou", "wrong-Passw0rd1", "cc-l");
            }
            assertThat(kinit("lou", USER_PW, "cc-l").exitCode()).isNotZero();
            Thread.sleep(4500); // the KDC compares whole seconds (KerberosTime), so allow one more
            Tools.Result afterDuration = kinit("lou", USER_PW, "cc-l");
            assertThat(afterDuration.exitCode()).as(afterDuration.toString()).isZero();
        } finally {
            dc.directory().domainAdmin().setPolicy(p);
        }
    }

    @Test
    void aRestartKeepsUsersGroupsKeysAndPolicy() throws Exception {
        dc.directory().users().create(NewAccount.user("rita", USER_PW.toCharArray()));
        var g = dc.directory().groups().create("Survivors", io.kerbridge.directory.GroupScope.UNIVERSAL, "");
        dc.directory().groups().addMember(g.sid(), dc.directory().users().find("rita").orElseThrow().sid());
        long krbtgtKvno = dc.directory().principalStore().lookup(PrincipalName.krbtgt("CONTOSO.TEST"), "CONTOSO.TEST",
                io.kerbridge.directory.LookupPurpose.KRBTGT).orElseThrow().currentKeys().orElseThrow().kvno();
        assertThat(kinit("rita", USER_PW, "cc-before").exitCode()).isZero();
        dc.close();
        dc = DomainController.start(root, Clock.systemUTC());
        assertThat(kinit("rita", USER_PW, "cc-after").exitCode()).isZero();
        // a TGT issued before the restart still works (same krbtgt keys)
        assertThat(tool("cc-before", "kvno", "HTTP/dc1.contoso.test").exitCode()).isZero();
        var rita = dc.directory().users().find("rita").orElseThrow();
        assertThat(dc.directory().memberships().directGroups(rita.sid())).extracting(x -> x.name()).contains("Survivors");
        assertThat(dc.directory().principalStore().lookup(PrincipalName.krbtgt("CONTOSO.TEST"), "CONTOSO.TEST",
                io.kerbridge.directory.LookupPurpose.KRBTGT).orElseThrow().currentKeys().orElseThrow().kvno())
                .isEqualTo(krbtgtKvno);
        assertThat(dc.directory().domainAdmin().policy().minPasswordLength()).isEqualTo(7);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static CliRun cli(String ccache, String... args) {
        List<String> a = new java.util.ArrayList<>(List.of(args));
        a.addAll(List.of("--dc", "https://127.0.0.1:" + adminPort, "--dc-spn", "HTTP/dc1.contoso.test", "--cacert",
                root.resolve("tls-cert.pem").toString(), "--config", krb5.toString(), "-c",
                tmp.resolve(ccache).toString()));
        return CliRun.of(a.toArray(String[]::new));
    }

    private static Path pwFile(String name, String pw) throws Exception {
        Path p = tmp.resolve(name + ".pw");
        Files.writeString(p, pw + "\n");
        return p;
    }
}
