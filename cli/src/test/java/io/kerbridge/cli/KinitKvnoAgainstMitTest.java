package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.file.Credential;
import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.file.KeytabEntry;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.testing.MitKdc;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue acceptance: {@code kerbridge kinit} and {@code kerbridge kvno} against a real MIT krb5kdc on
 * loopback; MIT {@code klist} and {@code kvno} use what we wrote; the service ticket we got decrypts
 * with the keytab MIT exported.
 */
@ExtendWith(MitKdc.Extension.class)
class KinitKvnoAgainstMitTest {
    static MitKdc kdc;
    static final String SERVICE = "HTTP/cli.example.test";
    static Path serviceKeytab;

    @BeforeAll
    static void realm(MitKdc mit) {
        kdc = mit;
        kdc.addService(SERVICE, "aes256-cts-hmac-sha1-96:normal", "aes256-cts-hmac-sha384-192:normal",
                "aes128-cts-hmac-sha1-96:normal", "aes128-cts-hmac-sha256-128:normal");
        serviceKeytab = kdc.exportKeytab("cli-http.keytab", SERVICE);
    }

    private static Path passwordFile(String name, String pw) throws Exception {
        Path p = kdc.dir().resolve(name + ".pw");
        Files.writeString(p, pw + "\n");
        return p;
    }

    @ParameterizedTest(name = "etype {0}")
    @CsvSource({"17,aes128-cts-hmac-sha1-96", "18,aes256-cts-hmac-sha1-96", "19,aes128-cts-hmac-sha256-128",
            "20,aes256-cts-hmac-sha384-192"})
    void kinitThenMitKlistAndKvnoThenOurKvno(int etype, String name) throws Exception {
        String user = "kb" + etype;
        String pw = user + "-Secret1";
        kdc.addUser(user, pw, name + ":normal");
        Path cc = kdc.dir().resolve("cc-" + etype);
        CliRun kinit = CliRun.of("kinit", "--config", kdc.krb5Conf().toString(), "-c", cc.toString(),
                "--password-file", passwordFile(user, pw).toString(), "-e", name, user);
        assertThat(kinit.exitCode()).as(kinit.err()).isZero();

        MitKdc.Result klist = kdc.run(List.of("klist", "-e", "-c", cc.toString()), Map.of(), null);
        assertThat(klist.exitCode()).as(klist.toString()).isZero();
        assertThat(klist.stdout()).contains("Default principal: " + user + "@EXAMPLE.TEST")
                .contains("krbtgt/EXAMPLE.TEST@EXAMPLE.TEST").contains("Etype (skey, tkt): " + name + ",");

        // MIT kvno presents our TGT to the MIT KDC
        MitKdc.Result mitKvno = kdc.run(List.of("kvno", "-c", cc.toString(), SERVICE), Map.of(), null);
        assertThat(mitKvno.exitCode()).as(mitKvno.toString()).isZero();
        assertThat(mitKvno.stdout()).contains(SERVICE + "@EXAMPLE.TEST: kvno = 1");

        Path cc2 = kdc.dir().resolve("cc2-" + etype);
        assertThat(CliRun.of("kinit", "--config", kdc.krb5Conf().toString(), "-c", cc2.toString(),
                "--password-file", passwordFile(user, pw).toString(), user).exitCode()).isZero();
        CliRun kvno = CliRun.of("kvno", "--config", kdc.krb5Conf().toString(), "-c", cc2.toString(), SERVICE);
        assertThat(kvno.exitCode()).as(kvno.err()).isZero();
        assertThat(kvno.out()).contains(SERVICE + "@EXAMPLE.TEST: kvno = 1");
        assertThat(serviceTicketClient(cc2)).isEqualTo(PrincipalName.user(user));
        assertThat(kdc.run(List.of("klist", "-c", cc2.toString()), Map.of(), null).stdout())
                .contains(SERVICE + "@EXAMPLE.TEST");
    }

    /** Decrypts the service ticket in the ccache with the keytab MIT exported. */
    private static PrincipalName serviceTicketClient(Path cc) throws Exception {
        Ccache cache = Ccache.read(cc);
        Credential cred = cache.find(PrincipalName.parse(SERVICE), "EXAMPLE.TEST").orElseThrow();
        Ticket t = KrbCodec.decodeTicket(cred.ticket());
        KeytabEntry key = Keytab.read(serviceKeytab).keysFor(PrincipalName.parse(SERVICE), "EXAMPLE.TEST").stream()
                .filter(e -> e.key().type().equals(t.encPart().etype())).findFirst().orElseThrow();
        Bytes plain = Enctypes.get(t.encPart().etype()).decrypt(key.key(), KeyUsage.KDC_REP_TICKET, t.encPart().cipher());
        EncTicketPart part = KrbCodec.decodeEncTicketPart(plain);
        assertThat(part.key()).isEqualTo(cred.key());
        return part.cname();
    }

    @Test
    void kinitWithAKeytab() throws Exception {
        Path cc = kdc.dir().resolve("cc-keytab");
        CliRun r = CliRun.of("kinit", "--config", kdc.krb5Conf().toString(), "-c", cc.toString(), "-k", "-t",
                serviceKeytab.toString(), SERVICE);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(kdc.run(List.of("klist", "-c", cc.toString()), Map.of(), null).stdout())
                .contains("Default principal: " + SERVICE + "@EXAMPLE.TEST");
    }

    @Test
    void aWrongPasswordIsOneClearLine() throws Exception {
        kdc.addUser("kbwrong", "right-Passw0rd");
        CliRun r = CliRun.of("kinit", "--config", kdc.krb5Conf().toString(), "-c",
                kdc.dir().resolve("cc-wrong").toString(), "--password-file",
                passwordFile("kbwrong", "not-it").toString(), "kbwrong");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("preauthentication failed").contains("KDC_ERR_PREAUTH_FAILED")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void anUnknownClientIsNamed() throws Exception {
        CliRun r = CliRun.of("kinit", "--config", kdc.krb5Conf().toString(), "-c",
                kdc.dir().resolve("cc-unknown").toString(), "--password-file",
                passwordFile("nobody", "x").toString(), "nobody");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("client not found in Kerberos database");
    }

    @Test
    void kvnoWithoutACcacheSaysToRunKinit() {
        CliRun r = CliRun.of("kvno", "--config", kdc.krb5Conf().toString(), "-c",
                kdc.dir().resolve("does-not-exist").toString(), SERVICE);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("run kerbridge kinit first");
    }

    @Test
    void theJdkReadsOurCcacheAndUsesOurTgt() throws Exception {
        kdc.addUser("kbjdk", "jdk-Passw0rd", "aes256-cts-hmac-sha1-96:normal");
        Path cc = kdc.dir().resolve("cc-jdk");
        assertThat(CliRun.of("kinit", "--config", kdc.krb5Conf().toString(), "-c", cc.toString(),
                "--password-file", passwordFile("kbjdk", "jdk-Passw0rd").toString(), "kbjdk").exitCode()).isZero();
        JdkGss.Result r = JdkGss.initiate(kdc.krb5Conf(), cc, SERVICE + "@EXAMPLE.TEST");
        assertThat(r.clientName()).isEqualTo("kbjdk@EXAMPLE.TEST");
        assertThat(r.tokenLength()).isPositive();
    }
}
