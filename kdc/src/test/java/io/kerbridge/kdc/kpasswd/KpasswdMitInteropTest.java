package io.kerbridge.kdc.kpasswd;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.KeyVersion;
import io.kerbridge.directory.PasswordChange.Result;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.file.Credential;
import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.file.KeytabEntry;
import io.kerbridge.kerberos.testing.MitKdc;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MIT krb5 interop (RFC 3244 §2, RFC 4120 §5.5/§5.7): MIT's KDC issues the {@code kadmin/changepw} ticket (its key is
 * exported into our test directory), and MIT's {@code kpasswd} and {@code kinit} talk to our
 * {@link KpasswdServer} through {@code kpasswd_server} in krb5.conf, over UDP and TCP.
 */
@ExtendWith(MitKdc.Extension.class)
class KpasswdMitInteropTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final PrincipalName CHANGEPW = PrincipalName.parse("kadmin/changepw");

    MitKdc kdc;
    TestDirectory dir;
    KpasswdServer server;
    int port;

    @BeforeEach
    void start(MitKdc kdc) throws Exception {
        this.kdc = kdc;
        dir = new TestDirectory(MitKdc.REALM);
        Path kt = kdc.exportKeytab("changepw-" + SEQ.incrementAndGet() + ".keytab", "kadmin/changepw");
        Map<Integer, List<KeytabEntry>> byKvno = Keytab.read(kt).entries().stream()
                .collect(Collectors.groupingBy(KeytabEntry::kvno, TreeMap::new, Collectors.toList()));
        List<KeyVersion> versions = byKvno.entrySet().stream()
                .sorted(Map.Entry.<Integer, List<KeytabEntry>>comparingByKey(Comparator.reverseOrder()))
                .map(e -> new KeyVersion(e.getKey(), e.getValue().stream().map(KeytabEntry::key).toList(), Instant.EPOCH))
                .toList();
        assertThat(versions).isNotEmpty();
        dir.setChangepwKeys(versions);
        server = new KpasswdServer(new KpasswdService(dir, dir));
        port = server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** krb5.conf of the MIT realm with our kpasswd server. */
    Path conf() throws Exception {
        String text = kdc.krb5ConfText();
        text = text.replaceFirst("(?m)^(\\s*)(kdc = 127\\.0\\.0\\.1:\\d+)$",
                "$1$2\n$1kpasswd_server = 127.0.0.1:" + port);
        assertThat(text).contains("127.0.0.1:" + port);
        Path p = kdc.dir().resolve("krb5-kpasswd-" + SEQ.incrementAndGet() + ".conf");
        Files.writeString(p, text);
        return p;
    }

    MitKdc.Result kpasswd(String user, Path conf, String stdin) {
        return kdc.run(List.of("kpasswd", user), Map.of("KRB5_CONFIG", conf.toString(), "KRB5_TRACE", "/dev/stderr",
                "LC_ALL", "C", "LANG", "C", "KRB5CCNAME", "FILE:" + kdc.dir().resolve("cc-kpw-" + user)), stdin);
    }

    String newUser(String prefix, String password) {
        String user = prefix + "-" + SEQ.incrementAndGet();
        kdc.addUser(user, password);
        dir.addUser(user, false);
        return user;
    }

    /** MIT 1.20's kpasswd tries TCP first, then UDP: serve UDP only to see it use UDP. */
    @Test
    void kpasswdChangesThePasswordOverUdp() throws Exception {
        server.close();
        server = new KpasswdServer(new KpasswdService(dir, dir), KpasswdServer.Options.DEFAULT.withTransports(true,
                false));
        port = server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).getPort();
        String user = newUser("kpw-udp", "Old-Passw0rd");
        MitKdc.Result r = kpasswd(user, conf(), "Old-Passw0rd\nNew-Passw0rd-1\nNew-Passw0rd-1\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).as(r.toString()).contains("Password changed.");
        assertThat(r.stderr()).as(r.toString()).containsPattern("Sending (initial )?UDP request to dgram 127.0.0.1:" + port);
        assertThat(dir.callsSnapshot()).containsExactly(
                new TestDirectory.Call("change", dir.sidOf(user).orElseThrow(), "New-Passw0rd-1", false));
    }

    @Test
    void kpasswdChangesThePasswordOverTcp() throws Exception {
        String user = newUser("kpw-tcp", "Old-Passw0rd");
        MitKdc.Result r = kpasswd(user, conf(), "Old-Passw0rd\nNew-Passw0rd-2\nNew-Passw0rd-2\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).as(r.toString()).contains("Password changed.");
        assertThat(r.stderr()).as(r.toString()).contains("Sending TCP request to stream 127.0.0.1:" + port);
        assertThat(dir.calls).extracting(TestDirectory.Call::password).containsExactly("New-Passw0rd-2");
    }

    @Test
    void policyRefusalIsPrintedWithOurMessage() throws Exception {
        String user = newUser("kpw-short", "Old-Passw0rd");
        dir.nextResult = Result.TOO_SHORT;
        MitKdc.Result r = kpasswd(user, conf(), "Old-Passw0rd\nab\nab\n");
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        assertThat(r.stdout() + r.stderr()).as(r.toString())
                .contains("Password change rejected: Password too short: it must contain at least 7 characters.");
        assertThat(r.stdout()).doesNotContain("Password changed.");
    }

    @Test
    void adPolicyBlobIsTurnedIntoMitsOwnSentences() throws Exception {
        server.close();
        server = new KpasswdServer(new KpasswdService(dir, dir, new KpasswdService.Options(
                SetPasswordAuthority.ADMINISTRATORS, true, 1000, false), java.time.Clock.systemUTC(),
                new java.security.SecureRandom()));
        port = server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).getPort();
        String user = newUser("kpw-blob", "Old-Passw0rd");
        dir.nextResult = Result.NOT_COMPLEX;
        MitKdc.Result r = kpasswd(user, conf(), "Old-Passw0rd\nabcdefgh\nabcdefgh\n");
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        assertThat(r.stdout() + r.stderr()).as(r.toString()).contains("Password change rejected")
                .contains("The password must contain at least 7 characters.");
    }

    @Test
    void expiredPasswordIsChangedByKinit() throws Exception {
        String user = newUser("kpw-expired", "Old-Passw0rd");
        kdc.kadmin("modprinc -pwexpire now " + user);
        // Our double also changes the MIT database, so kinit can then log in with the new password.
        dir.onChange = (sid, pw) -> kdc.kadmin("cpw -pw " + pw + " " + user);
        Thread.sleep(1100);
        Path cc = kdc.dir().resolve("cc-kinit-" + user);
        MitKdc.Result r = kdc.run(List.of("kinit", "-c", "FILE:" + cc, user), Map.of("KRB5_CONFIG",
                conf().toString(), "KRB5_TRACE", "/dev/stderr", "LC_ALL", "C", "LANG", "C"),
                "Old-Passw0rd\nExp1red-Fixed\nExp1red-Fixed\n");
        assertThat(r.stdout() + r.stderr()).as(r.toString()).contains("Password expired");
        assertThat(dir.calls).extracting(TestDirectory.Call::password).containsExactly("Exp1red-Fixed");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Ccache.read(cc).initialTgt()).isPresent();
    }

    @Test
    void ticketThatIsNotInitialIsRefused() throws Exception {
        String user = newUser("kpw-tgs", "Old-Passw0rd");
        Path conf = conf();
        Path cc = kdc.dir().resolve("cc-tgs-" + user);
        Map<String, String> env = Map.of("KRB5_CONFIG", conf.toString(), "KRB5CCNAME", "FILE:" + cc);
        kdc.kadmin("modprinc +allow_tgs_req kadmin/changepw");
        try {
            MitKdc.Result k = kdc.run(List.of("kinit", user), env, "Old-Passw0rd\n");
            assertThat(k.exitCode()).as(k.toString()).isZero();
            MitKdc.Result v = kdc.run(List.of("kvno", "kadmin/changepw"), env, null);
            assertThat(v.exitCode()).as(v.toString()).isZero();
        } finally {
            kdc.kadmin("modprinc -allow_tgs_req kadmin/changepw");
        }
        Credential cred = Ccache.read(cc).find(CHANGEPW, MitKdc.REALM).orElseThrow();
        assertThat(cred.flags().has(TicketFlags.INITIAL)).isFalse();
        KpasswdTestClient c = KpasswdTestClient.withTicket(MitKdc.REALM, cred.ticket(), cred.key(),
                PrincipalName.user(user));
        KpasswdTestClient.Reply r = c.readReply(
                KpasswdServerTest.udp(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                        c.changeRequest("Tgs-Passw0rd")));
        assertThat(r.result()).isEqualTo(KpasswdResult.INITIAL_FLAG_NEEDED);
        assertThat(dir.calls).isEmpty();
    }
}
