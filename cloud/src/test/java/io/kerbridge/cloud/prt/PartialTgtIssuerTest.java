package io.kerbridge.cloud.prt;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.keytransport.KerberosDomain;
import io.kerbridge.kerberos.pac.FileTime;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacVerifier;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pieces of the partial TGT that the end-to-end test cannot reach (protocol-notes §2.1, §2.3, §2.3b). */
class PartialTgtIssuerTest {
    static EncryptionKey key() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, b);
    }

    @Test
    void status112OnlyForAKeyThatIsNoLongerUsable() throws Exception {
        EncryptionKey k = key();
        KerberosDomain d = KerberosDomain.set("contoso.test", 7, 3, k, Instant.EPOCH, "dc1");
        assertThat(PartialTgtIssuer.usablePrimaryKey(d)).isTrue();
        k.destroy();
        assertThat(PartialTgtIssuer.usablePrimaryKey(d)).isFalse();
    }

    @Test
    void pacIsSignedByTheKrbtgtKeyWithTheRodcIdAndNamesTheUser() throws Exception {
        EncryptionKey k = key();
        Sid sid = Sid.parse("S-1-5-21-1-2-3-1105");
        Instant auth = Instant.parse("2026-11-25T10:00:00Z");
        Bytes raw = PartialTgtIssuer.pac(auth, "alice", sid, "CONTOSO", 40000, k);
        Pac pac = Pac.decode(raw);
        assertThat(PacVerifier.verify(pac, k, k).isValid()).isTrue();
        assertThat(PacVerifier.verify(pac, key(), key()).isValid()).isFalse();
        assertThat(pac.kdcSignature().orElseThrow().rodcIdentifier().getAsInt()).isEqualTo(40000);
        assertThat(pac.logonInfo().orElseThrow().userSid()).contains(sid);
        assertThat(pac.requestor().orElseThrow().userSid()).isEqualTo(sid);
        assertThat(pac.clientInfo().orElseThrow().clientId()).isEqualTo(FileTime.of(auth));
    }

    @Test
    void netbiosNameIsTheFirstLabelAtMostFifteenCharacters() {
        assertThat(PartialTgtIssuer.netbiosName("CONTOSO.TEST")).isEqualTo("CONTOSO");
        assertThat(PartialTgtIssuer.netbiosName("VERYLONGDOMAINNAME123.TEST")).isEqualTo("VERYLONGDOMAINN");
        assertThat(PartialTgtIssuer.netbiosName("SINGLE")).isEqualTo("SINGLE");
    }
}
