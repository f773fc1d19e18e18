// notes §2.3-§2.8: the partial-TGT exchange driven by an independent implementation (Debian's impacket
// 0.10: its ASN.1, crypto, PAC NDR types and ccache writer), script in resources/exchange/.
package io.kerbridge.kdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.kdc.testing.MitTools;
import io.kerbridge.kdc.testing.TestRealm;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.NtHash;
import io.kerbridge.kerberos.types.EncType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** impacket_exchange.py mints the partial TGT and sends the exchange to our KDC over TCP. */
class ImpacketExchangeTest {
    static TestRealm realm;
    static Path script;

    @TempDir
    Path tmp;

    @BeforeAll
    static void up() throws Exception {
        // the test command installs python3-impacket; a missing peer is a failure, not a skip
        assertThat(new ProcessBuilder("/usr/bin/python3", "-c", "import impacket.krb5.pac").start().waitFor())
                .as("/usr/bin/python3 with Debian's python3-impacket (apt-get install python3-impacket)").isZero();
        script = Path.of(ImpacketExchangeTest.class.getResource("/exchange/impacket_exchange.py").toURI());
        realm = new TestRealm();
        realm.dir.addRodc(30775, 12844);
        realm.dir.addRodc(40000, 3);
    }

    @AfterAll
    static void down() throws Exception {
        if (realm != null) {
            realm.close();
        }
    }

    MitTools.Result run(int rodc, String... extra) {
        PrincipalEntry e = realm.dir.rodcKrbtgt(rodc).orElseThrow();
        String key = Bytes.wrap(e.currentKeys().orElseThrow().key(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow()
                .bytes()).hex().toLowerCase();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), "--key", key,
                "--rodc", String.valueOf(rodc), "--version", String.valueOf(e.currentKeys().orElseThrow().kvno() & 0xFFFF),
                "--user", "alice", "--user-sid", realm.alice.sid().toString(), "--domain-sid",
                realm.dir.domain().sid().toString(), "--realm", TestRealm.REALM, "--kdc", "127.0.0.1:" + realm.kdc.port()));
        cmd.addAll(List.of(extra));
        return MitTools.run(realm.krb5Conf(tmp), tmp.resolve("unused"), null, cmd.toArray(String[]::new));
    }

    static String ntHash() {
        return Bytes.wrap(NtHash.of(TestRealm.PASSWORD.toCharArray()).bytes()).hex().toLowerCase();
    }

    @Test
    void impacketExchangesAndGetsTheNtHash() {
        Path cc = tmp.resolve("full.ccache");
        MitTools.Result r = run(30775, "--ccache", cc.toString());
        assertThat(r.ok()).as(r + "\n" + realm.audit.get(realm.audit.size() - 1).line()).isTrue();
        assertThat(r.stdout()).contains("TGT CONTOSO.TEST krbtgt/CONTOSO.TEST").contains("NTHASH " + ntHash());
        assertThat(realm.audit.get(realm.audit.size() - 1).status()).isEqualTo(Status.KEY_LIST_RETURNED);
        MitTools.Result klist = MitTools.run(realm.krb5Conf(tmp), cc, null, "klist", "-c", cc.toString());
        assertThat(klist.ok()).as(klist.toString()).isTrue();
        assertThat(klist.stdout()).contains("alice@CONTOSO.TEST").contains("krbtgt/CONTOSO.TEST@CONTOSO.TEST");
        MitTools.Result kvno = MitTools.run(realm.krb5Conf(tmp), cc, null, "kvno", "HTTP/files.contoso.test");
        assertThat(kvno.ok()).as(kvno.toString()).isTrue();
    }

    @Test
    void negativeKvnoAndNoRodcIdentifier() {
        MitTools.Result r = run(40000, "--no-rodc-id");
        assertThat(r.ok()).as(r + "\n" + realm.audit.get(realm.audit.size() - 1).line()).isTrue();
        assertThat(r.stdout()).contains("NTHASH " + ntHash());
        assertThat(realm.audit.get(realm.audit.size() - 1).line()).contains("rodc=40000 keyVersion=3");
    }

    @Test
    void requesterSidRequiredAndBound() {
        assertThat(run(30775, "--no-requester").stdout()).contains("ERROR 20 KDC_ERR_TGT_REVOKED");
        assertThat(run(30775, "--requester-sid", realm.bob.sid().toString()).stdout())
                .contains("ERROR 20 KDC_ERR_TGT_REVOKED");
    }

    /** impacket 0.10's KeyListSecrets message (no PAC, no authenticator checksum) is refused (notes §2.8). */
    @Test
    void impacket010KeyListRequestIsRefused() {
        MitTools.Result r = run(30775, "--impacket-style");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stdout()).containsAnyOf("ERROR 50 KRB_AP_ERR_INAPP_CKSUM", "ERROR 20 KDC_ERR_TGT_REVOKED");
        assertThat(r.stdout()).doesNotContain("NTHASH");
    }
}
