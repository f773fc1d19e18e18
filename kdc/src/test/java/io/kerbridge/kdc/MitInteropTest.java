package io.kerbridge.kdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kdc.testing.MemoryDirectory;
import io.kerbridge.kdc.testing.MitTools;
import io.kerbridge.kdc.testing.TestRealm;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.file.Credential;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.pac.GroupMembership;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacSignatureKind;
import io.kerbridge.kerberos.pac.PacVerification;
import io.kerbridge.kerberos.pac.PacVerifier;
import io.kerbridge.kerberos.pac.TicketPac;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MIT kinit / klist / kvno against our KDC over the network. */
class MitInteropTest {
    static TestRealm realm;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void up() {
        realm = new TestRealm();
    }

    @AfterAll
    static void down() throws Exception {
        realm.close();
    }

    static Path cc() {
        return tmp.resolve("cc-" + System.nanoTime());
    }

    @ParameterizedTest
    @CsvSource({"aes128-cts-hmac-sha1-96", "aes256-cts-hmac-sha1-96", "aes128-cts-hmac-sha256-128",
        "aes256-cts-hmac-sha384-192"})
    void kinitEachEnctype(String enctype) {
        Path conf = realm.krb5Conf(tmp, "default_tkt_enctypes = " + enctype);
        Path cc = cc();
        MitTools.Result kinit = MitTools.run(conf, cc, TestRealm.PASSWORD + "\n", "kinit", "alice");
        assertThat(kinit.ok()).as(kinit.toString()).isTrue();
        MitTools.Result klist = MitTools.run(conf, cc, null, "klist", "-e");
        assertThat(klist.stdout()).contains("Default principal: alice@CONTOSO.TEST")
                .contains("krbtgt/CONTOSO.TEST@CONTOSO.TEST").contains("Etype (skey, tkt): " + enctype + ", ");
    }

    @Test
    void kinitEnterpriseName() {
        Path conf = realm.krb5Conf(tmp);
        Path cc = cc();
        MitTools.Result kinit = MitTools.run(conf, cc, TestRealm.PASSWORD + "\n", "kinit", "-E", "alice@contoso.test");
        assertThat(kinit.ok()).as(kinit.toString()).isTrue();
        // Without canonicalize the reply keeps the requested enterprise name (RFC 6806 §5)...
        assertThat(MitTools.run(conf, cc, null, "klist").stdout())
                .contains("Default principal: alice\\@contoso.test@CONTOSO.TEST");
        // ...with it (-C), the sAMAccountName in the account's realm.
        Path cc2 = cc();
        MitTools.Result canon = MitTools.run(conf, cc2, TestRealm.PASSWORD + "\n", "kinit", "-C", "-E",
                "alice@contoso.test");
        assertThat(canon.ok()).as(canon.toString()).isTrue();
        assertThat(MitTools.run(conf, cc2, null, "klist").stdout()).contains("Default principal: alice@CONTOSO.TEST");
    }

    @Test
    void kvnoServiceTicketCarriesVerifiablePac() throws Exception {
        Path conf = realm.krb5Conf(tmp, "forwardable = true");
        Path cc = cc();
        assertThat(MitTools.run(conf, cc, TestRealm.PASSWORD + "\n", "kinit", "alice").ok()).isTrue();
        MitTools.Result kvno = MitTools.run(conf, cc, null, "kvno", "HTTP/files.contoso.test");
        assertThat(kvno.ok()).as(kvno.toString()).isTrue();
        assertThat(kvno.stdout()).contains("HTTP/files.contoso.test@CONTOSO.TEST: kvno = 2");
        Credential cred = Ccache.read(cc).credentials().stream()
                .filter(c -> c.server().toString().equals("HTTP/files.contoso.test")).findFirst().orElseThrow();
        Ticket t = KrbCodec.decodeTicket(cred.ticket());
        EncryptionKey svc = realm.dir.keys(realm.files.sid()).stream()
                .filter(k -> k.type().equals(t.encPart().etype())).findFirst().orElseThrow();
        Bytes der = Enctypes.get(svc.type()).decrypt(svc, KeyUsage.KDC_REP_TICKET, t.encPart().cipher());
        Pac pac = Pac.decode(TicketPac.extract(der));
        EncryptionKey krbtgt = realm.dir.krbtgt().currentKeys().orElseThrow().keys().stream()
                .filter(k -> k.type().equals(MemoryDirectory.ENCTYPES.get(0)) || true)
                .filter(k -> PacVerifier.verify(pac, svc, k).isValid()).findFirst().orElseThrow();
        PacVerification v = PacVerifier.verify(pac, Optional.of(svc), Optional.of(krbtgt),
                Optional.of(TicketPac.signingData(der)));
        assertThat(v.isValid(Set.of(PacSignatureKind.SERVER, PacSignatureKind.KDC, PacSignatureKind.TICKET,
                PacSignatureKind.FULL))).as(v.toString()).isTrue();
        assertThat(pac.logonInfo().orElseThrow().groupIds().stream().map(GroupMembership::relativeId))
                .containsExactly(513, 1200, 1201);
        assertThat(pac.upnDnsInfo().orElseThrow().samName()).contains("alice");
    }

    @Test
    void kinitWrongPasswordAndUnknownUser() {
        Path conf = realm.krb5Conf(tmp);
        MitTools.Result wrong = MitTools.run(conf, cc(), "wrong-password\n", "kinit", "bob");
        assertThat(wrong.ok()).isFalse();
        assertThat(wrong.stderr()).containsIgnoringCase("password incorrect");
        MitTools.Result unknown = MitTools.run(conf, cc(), "x\n", "kinit", "nobody");
        assertThat(unknown.ok()).isFalse();
        assertThat(unknown.stderr()).contains("not found in Kerberos database");
    }
}
