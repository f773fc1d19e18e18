package io.kerbridge.kerberos.phs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashSyncTest {
    static final String SALT = "CONTOSO.TESTalice";

    static EncryptionKey key(String password) throws Exception {
        return Enctypes.find(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow().stringToKey(password.toCharArray(),
                Bytes.of(SALT.getBytes(StandardCharsets.UTF_8)), null);
    }

    @Test
    void theRightPasswordMatchesAndNothingElseDoes() throws Exception {
        String v = PasswordHashSync.verifier(key("Us3r-Passw0rd!"), SALT, 4096, new SecureRandom());
        assertThat(v).startsWith("kerberos-phs$1$4096$").doesNotContain("Us3r");
        assertThat(PasswordHashSync.wellFormed(v)).isTrue();
        assertThat(PasswordHashSync.matches("Us3r-Passw0rd!".toCharArray(), v)).isTrue();
        assertThat(PasswordHashSync.matches("us3r-Passw0rd!".toCharArray(), v)).isFalse();
        assertThat(PasswordHashSync.matches("".toCharArray(), v)).isFalse();
        // two verifiers of one key differ (random salt) and both match
        String w = PasswordHashSync.verifier(key("Us3r-Passw0rd!"), SALT, 4096, new SecureRandom());
        assertThat(w).isNotEqualTo(v);
        assertThat(PasswordHashSync.matches("Us3r-Passw0rd!".toCharArray(), w)).isTrue();
    }

    @Test
    void malformedVerifiersNeverMatch() {
        for (String bad : new String[] {null, "", "kerberos-phs$", "kerberos-phs$2$4096$QQ==$100000$QQ==$QQ==",
                "kerberos-phs$1$0$QQ==$100000$QQ==$" + "A".repeat(44), "kerberos-phs$1$4096$QQ==$99999999999$QQ==$QQ==",
                "kerberos-phs$1$4096$!!$100000$QQ==$QQ==", "pbkdf2-sha256$1$QQ==$QQ==", "kerberos-phs$1$4096$" + "A".repeat(2000)}) {
            assertThat(PasswordHashSync.wellFormed(bad)).as(String.valueOf(bad)).isFalse();
            assertThat(PasswordHashSync.matches("x".toCharArray(), bad)).isFalse();
        }
    }
}
