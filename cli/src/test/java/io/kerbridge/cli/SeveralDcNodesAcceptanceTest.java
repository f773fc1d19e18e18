package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.dc.DcConfig;
import io.kerbridge.kerberos.testing.Postgres;
import io.kerbridge.dc.DomainController;
import io.kerbridge.directory.Account;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.KerberosServerKey;
import io.kerbridge.directory.LookupPurpose;
import io.kerbridge.directory.NewAccount;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several DC nodes for one domain on one PostgreSQL 15 database (DESIGN.md §4, README "Several DC nodes"): node A
 * made with {@code kerbridge dc init --database-url …}, node B started from a copy of A's data directory on other
 * ports. Real clients only (MIT kinit, kpasswd, our CLI against each node's admin API); each node's KDC is reached
 * through its own krb5.conf, so a ticket from "B" really came from B's KDC.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralDcNodesAcceptanceTest {
    static final String ADMIN_PW = "Adm1n-Passw0rd!";
    static final String USER_PW = "Us3r-Passw0rd!";
    /** The poll interval is 250 ms; this bound leaves room for a loaded 2-core machine. */
    static final Duration COHERENCE_BOUND = Duration.ofSeconds(3);
    @TempDir
    static Path tmp;
    static Postgres pg;
    static Path pgPassword;
    static Path dirA;
    static Path dirB;
    static DcConfig cfgA;
    static DcConfig cfgB;
    static DomainController nodeA;
    static DomainController nodeB;
    static Path krb5A;
    static Path krb5B;

    @BeforeAll
    static void twoNodes() throws Exception {
        pg = Postgres.start();
        pgPassword = pg.passwordFile(tmp.resolve("pg.pw"));
        dirA = tmp.resolve("nodeA");
        CliRun init = CliRun.of("dc", "init", "--dir", dirA.toString(), "--domain", "contoso.test",
                "--kdc-port", Integer.toString(Tools.freePort()), "--kpasswd-port", Integer.toString(Tools.freePort()),
                "--admin-port", Integer.toString(Tools.freePort()), "--admin-password-file", pwFile("admin", ADMIN_PW).toString(),
                "--database-url", pg.url(), "--database-user", Postgres.USER, "--database-password-file", pgPassword.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
        dirB = tmp.resolve("nodeB");
        copyTree(dirA, dirB);
        cfgA = DcConfig.load(dirA);
        cfgB = DcConfig.load(dirB).withPorts(Tools.freePort(), Tools.freePort(), Tools.freePort());
        nodeA = DomainController.start(dirA, cfgA, Clock.systemUTC());
        nodeB = DomainController.start(dirB, cfgB, Clock.systemUTC());
        // users here change their password right after it was set: no minimum password age (AD's default is 1 day)
        DomainPolicy p = nodeA.directory().domainAdmin().policy();
        nodeA.directory().domainAdmin().setPolicy(new DomainPolicy(p.maxPasswordAge(), Duration.ZERO, p.minPasswordLength(),
                p.complexity(), p.historyLength(), p.lockoutThreshold(), p.lockoutWindow(), p.lockoutDuration(),
                p.maxTicketAge(), p.maxServiceAge(), p.maxRenewAge(), p.maxClockSkew()));
        krb5A = krb5("krb5-a.conf", cfgA);
        krb5B = krb5("krb5-b.conf", cfgB);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {nodeB, nodeA, pg}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @Test
    @Order(1)
    void initRecordsTheDatabaseAndKeepsItsPasswordInA0600File() throws Exception {
        String json = Files.readString(dirA.resolve("dc.json"));
        assertThat(json).contains(pg.url()).contains("\"user\" : \"kerbridge\"").contains("database.password")
                .doesNotContain(Files.readString(pgPassword).strip());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dirA.resolve("database.password"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dirA.resolve("database.password"))).isEqualTo(Files.readString(pgPassword));
        // the directory is in PostgreSQL, not in an embedded file
        assertThat(dirA.resolve("directory").resolve("directory.mv.db")).doesNotExist();
    }

    @Test
    @Order(2)
    void initRefusesBadDatabaseOptionsWithClearErrors() throws Exception {
        String admin = pwFile("admin", ADMIN_PW).toString();
        CliRun noUser = CliRun.of("dc", "init", "--dir", tmp.resolve("x1").toString(), "--domain", "contoso.test",
                "--admin-password-file", admin, "--database-url", pg.url());
        assertThat(noUser.exitCode()).isEqualTo(1);
        assertThat(noUser.err()).contains("--database-url needs --database-user and --database-password-file");
        CliRun badUrl = CliRun.of("dc", "init", "--dir", tmp.resolve("x2").toString(), "--domain", "contoso.test",
                "--admin-password-file", admin, "--database-url", "jdbc:mysql://127.0.0.1/kerbridge",
                "--database-user", "u", "--database-password-file", pgPassword.toString());
        assertThat(badUrl.exitCode()).isEqualTo(1);
        assertThat(badUrl.err()).contains("--database-url must be jdbc:postgresql://HOST:PORT/DB");
        CliRun nobody = CliRun.of("dc", "init", "--dir", tmp.resolve("x3").toString(), "--domain", "contoso.test",
                "--admin-password-file", admin, "--database-url", "jdbc:postgresql://127.0.0.1:" + Tools.freePort() + "/kerbridge",
                "--database-user", Postgres.USER, "--database-password-file", pgPassword.toString());
        assertThat(nobody.exitCode()).isEqualTo(1);
        assertThat(nobody.err()).contains("cannot open directory database").contains("refused").doesNotContain("\tat ")
                .doesNotContain("internal error");
        CliRun again = CliRun.of("dc", "init", "--dir", tmp.resolve("x4").toString(), "--domain", "contoso.test",
                "--admin-password-file", admin, "--database-url", pg.url(), "--database-user", Postgres.USER,
                "--database-password-file", pgPassword.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already holds a domain").contains("copy the data directory");
    }

    @Test
    @Order(3)
    void aUserMadeOnAGetsATgtFromBAndAPasswordChangedOnBWorksOnA() throws Exception {
        assertThat(kinit(krb5A, "Administrator", ADMIN_PW, "cc-admin-a").exitCode()).isZero();
        CliRun add = cli(cfgA, krb5A, "cc-admin-a", "user", "add", "bob", "--password-file", pwFile("bob", USER_PW).toString());
        assertThat(add.exitCode()).as(add.err()).isZero();
        // at once: B's KDC misses bob and looks at the database before answering
        Tools.Result tgt = kinit(krb5B, "bob", USER_PW, "cc-bob-b");
        assertThat(tgt.exitCode()).as(tgt.toString()).isZero();
        assertThat(Tools.run(List.of("klist"), env(krb5B, "cc-bob-b"), null).stdout())
                .contains("bob@CONTOSO.TEST").contains("krbtgt/CONTOSO.TEST@CONTOSO.TEST");
        // B's TGT is good at A's KDC: one krbtgt key for the domain
        Tools.Result st = Tools.run(List.of("kvno", "HTTP/dc1.contoso.test"), env(krb5A, "cc-bob-b"), null);
        assertThat(st.exitCode()).as(st.toString()).isZero();

        int kvnoBefore = kvno(nodeA, "bob");
        Tools.Result kp = Tools.run(List.of("kpasswd", "bob"), env(krb5B, "cc-bob-kp"),
                USER_PW + "\nB0b-New-Passw0rd!\nB0b-New-Passw0rd!\n");
        assertThat(kp.exitCode()).as(kp.toString()).isZero();
        assertThat(kp.stdout()).contains("Password changed.");
        long waited = waitUntil(() -> kvno(nodeA, "bob") > kvnoBefore);
        System.out.println("SeveralDcNodes: a password changed through B's kpasswd reached A's KDC after " + waited + " ms");
        assertThat(waited).isLessThan(COHERENCE_BOUND.toMillis());

        Tools.Result fresh = kinit(krb5A, "bob", "B0b-New-Passw0rd!", "cc-bob-a");
        assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
        assertThat(kinit(krb5A, "bob", USER_PW, "cc-bob-a-old").stderr()).contains("Password incorrect");
        assertThat(kinit(krb5B, "bob", USER_PW, "cc-bob-b-old").stderr()).contains("Password incorrect");
    }

    @Test
    @Order(4)
    void adminWritesOnOneNodeReachTheOthersKdc() throws Exception {
        assertThat(kinit(krb5A, "Administrator", ADMIN_PW, "cc-admin-a2").exitCode()).isZero();
        assertThat(kinit(krb5B, "Administrator", ADMIN_PW, "cc-admin-b2").exitCode()).isZero();
        assertThat(cli(cfgA, krb5A, "cc-admin-a2", "user", "add", "dora", "--password-file",
                pwFile("dora", USER_PW).toString()).exitCode()).isZero();
        assertThat(kinit(krb5B, "dora", USER_PW, "cc-dora").exitCode()).isZero();

        // disabled through A's admin API: B's KDC refuses her
        assertThat(cli(cfgA, krb5A, "cc-admin-a2", "user", "disable", "dora").exitCode()).isZero();
        waitUntil(() -> !enabled(nodeB, "dora"));
        assertThat(kinit(krb5B, "dora", USER_PW, "cc-dora").stderr()).contains("credentials have been revoked");
        assertThat(cli(cfgB, krb5B, "cc-admin-b2", "user", "enable", "dora").exitCode()).isZero();
        waitUntil(() -> enabled(nodeA, "dora"));
        assertThat(kinit(krb5A, "dora", USER_PW, "cc-dora").exitCode()).isZero();

        // a group and a membership made through B: A's PAC data has them
        assertThat(cli(cfgB, krb5B, "cc-admin-b2", "group", "add", "Tellers", "--scope", "global").exitCode()).isZero();
        CliRun member = cli(cfgB, krb5B, "cc-admin-b2", "group", "add-member", "Tellers", "dora");
        assertThat(member.exitCode()).as(member.err()).isZero();
        waitUntil(() -> nodeA.directory().groups().find("Tellers").isPresent());
        var tellers = nodeA.directory().groups().find("Tellers").orElseThrow().sid();
        var dora = nodeA.directory().users().find("dora").orElseThrow().sid();
        waitUntil(() -> nodeA.directory().memberships().tokenSids(dora).contains(tellers));

        // a password reset through B's admin API: A's KDC takes the new one
        CliRun reset = cli(cfgB, krb5B, "cc-admin-b2", "user", "set-password", "dora", "--password-file",
                pwFile("dora2", "D0ra-Reset-Passw0rd!").toString());
        assertThat(reset.exitCode()).as(reset.err()).isZero();
        waitUntil(() -> kinit(krb5A, "dora", "D0ra-Reset-Passw0rd!", "cc-dora2").exitCode() == 0);
        assertThat(kinit(krb5A, "dora", USER_PW, "cc-dora3").stderr()).contains("Password incorrect");
    }

    @Test
    @Order(5)
    void lockoutCountsFromBothNodesAddUpAndAnUnlockOnOneFreesTheOther() throws Exception {
        DomainPolicy p = nodeA.directory().domainAdmin().policy();
        nodeA.directory().domainAdmin().setPolicy(new DomainPolicy(p.maxPasswordAge(), p.minPasswordAge(),
                p.minPasswordLength(), p.complexity(), p.historyLength(), 3, Duration.ofMinutes(30), Duration.ofHours(1),
                p.maxTicketAge(), p.maxServiceAge(), p.maxRenewAge(), p.maxClockSkew()));
        try {
            waitUntil(() -> nodeB.directory().domainAdmin().policy().lockoutThreshold() == 3);
            nodeA.directory().users().create(NewAccount.user("lou", USER_PW.toCharArray()));
            assertThat(kinit(krb5A, "lou", "wrong-Passw0rd1", "cc-lou").stderr()).contains("Password incorrect");
            assertThat(kinit(krb5B, "lou", "wrong-Passw0rd1", "cc-lou").stderr()).contains("Password incorrect");
            assertThat(kinit(krb5A, "lou", "wrong-Passw0rd1", "cc-lou").stderr()).contains("Password incorrect");
            // three failures on two nodes: locked, and both KDCs know it
            assertThat(account(nodeA, "lou").lockout().badPwdCount()).isEqualTo(3);
            waitUntil(() -> account(nodeB, "lou").lockout().lockoutTime().isPresent());
            assertThat(kinit(krb5B, "lou", USER_PW, "cc-lou").stderr()).contains("credentials have been revoked");
            assertThat(kinit(krb5A, "lou", USER_PW, "cc-lou").stderr()).contains("credentials have been revoked");

            assertThat(kinit(krb5B, "Administrator", ADMIN_PW, "cc-admin-b3").exitCode()).isZero();
            CliRun unlock = cli(cfgB, krb5B, "cc-admin-b3", "user", "unlock", "lou");
            assertThat(unlock.exitCode()).as(unlock.err()).isZero();
            waitUntil(() -> account(nodeA, "lou").lockout().lockoutTime().isEmpty());
            assertThat(kinit(krb5A, "lou", USER_PW, "cc-lou").exitCode()).isZero();
        } finally {
            nodeA.directory().domainAdmin().setPolicy(p);
        }
    }

    @Test
    @Order(6)
    void theKerberosServerObjectMadeOnAIsServedByB() throws Exception {
        KerberosServerKey key = nodeA.directory().kerberosServer().create("dc1.contoso.test");
        int rodc = key.server().id();
        PrincipalEntry onB = nodeB.directory().principalStore().rodcKrbtgt(rodc).orElseThrow();
        assertThat(onB.account().samAccountName()).isEqualTo("krbtgt_" + rodc);
        int first = onB.currentKeys().orElseThrow().kvno();
        nodeA.directory().kerberosServer().rotate("dc1.contoso.test");
        waitUntil(() -> nodeB.directory().principalStore().rodcKrbtgt(rodc).orElseThrow().currentKeys().orElseThrow()
                .kvno() > first);
        assertThat(nodeB.directory().kerberosServer().get()).isPresent();
    }

    @Test
    @Order(7)
    void aRestartedNodeServesWhatWasWrittenWhileItWasDown() throws Exception {
        nodeA.directory().users().create(NewAccount.user("sam", USER_PW.toCharArray()));
        assertThat(kinit(krb5B, "sam", USER_PW, "cc-sam-before").exitCode()).isZero();
        nodeB.close();
        nodeB = null;
        nodeA.directory().users().create(NewAccount.user("rita", USER_PW.toCharArray()));
        assertThat(nodeA.directory().passwordChange().set(nodeA.directory().users().find("sam").orElseThrow().sid(),
                "S4m-New-Passw0rd!".toCharArray(), false)).isEqualTo(io.kerbridge.directory.PasswordChange.Result.OK);
        nodeB = DomainController.start(dirB, cfgB, Clock.systemUTC());
        assertThat(kinit(krb5B, "rita", USER_PW, "cc-rita").exitCode()).isZero();
        assertThat(kinit(krb5B, "sam", "S4m-New-Passw0rd!", "cc-sam").exitCode()).isZero();
        assertThat(kinit(krb5B, "sam", USER_PW, "cc-sam-old").stderr()).contains("Password incorrect");
        // a TGT from B before its restart still works (the krbtgt keys are the domain's, in the database)
        assertThat(Tools.run(List.of("kvno", "HTTP/dc1.contoso.test"), env(krb5B, "cc-sam-before"), null).exitCode()).isZero();

        nodeA.close();
        nodeA = null;
        nodeA = DomainController.start(dirA, cfgA, Clock.systemUTC());
        assertThat(kinit(krb5A, "rita", USER_PW, "cc-rita-a").exitCode()).isZero();
        assertThat(Tools.run(List.of("kvno", "HTTP/dc1.contoso.test"), env(krb5A, "cc-rita"), null).exitCode()).isZero();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }

    /** Waits (polling every 5 ms) until {@code check} holds, at most {@link #COHERENCE_BOUND}; returns the ms waited. */
    static long waitUntil(Check check) throws Exception {
        long start = System.nanoTime();
        while (!check.ok()) {
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertThat(waited).as("not coherent after %d ms", waited).isLessThan(COHERENCE_BOUND.toMillis());
            Thread.sleep(5);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    static Account account(DomainController dc, String sam) {
        return dc.directory().principalStore().lookup(PrincipalName.user(sam), "CONTOSO.TEST", LookupPurpose.CLIENT)
                .orElseThrow().account();
    }

    static boolean enabled(DomainController dc, String sam) {
        return (account(dc, sam).userAccountControl() & io.kerbridge.directory.Uac.ACCOUNTDISABLE) == 0;
    }

    static int kvno(DomainController dc, String sam) {
        return dc.directory().principalStore().lookup(PrincipalName.user(sam), "CONTOSO.TEST", LookupPurpose.CLIENT)
                .orElseThrow().currentKeys().orElseThrow().kvno();
    }

    static Path krb5(String name, DcConfig cfg) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, "[libdefaults]\n    default_realm = CONTOSO.TEST\n    dns_lookup_kdc = false\n"
                + "    rdns = false\n    dns_canonicalize_hostname = false\n[realms]\n" + cfg.krb5ConfRealm()
                + "[domain_realm]\n    .contoso.test = CONTOSO.TEST\n");
        return f;
    }

    static Map<String, String> env(Path krb5, String ccache) {
        Map<String, String> e = new HashMap<>();
        e.put("KRB5_CONFIG", krb5.toString());
        e.put("KRB5CCNAME", "FILE:" + tmp.resolve(ccache));
        return e;
    }

    static Tools.Result kinit(Path krb5, String principal, String password, String ccache) throws Exception {
        return Tools.run(List.of("kinit", principal), env(krb5, ccache), password + "\n");
    }

    /** Our CLI against one node's admin API (both nodes have the DC's one SPN and TLS certificate). */
    static CliRun cli(DcConfig node, Path krb5, String ccache, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--dc", "https://127.0.0.1:" + node.adminPort(), "--dc-spn", "HTTP/dc1.contoso.test", "--cacert",
                dirA.resolve("tls-cert.pem").toString(), "--config", krb5.toString(), "-c", tmp.resolve(ccache).toString()));
        return CliRun.of(a.toArray(String[]::new));
    }

    static Path pwFile(String name, String pw) throws Exception {
        Path p = tmp.resolve(name + ".pw");
        Files.writeString(p, pw + "\n");
        return p;
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
