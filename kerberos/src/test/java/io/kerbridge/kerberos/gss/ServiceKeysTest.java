package io.kerbridge.kerberos.gss;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceKeysTest {
    static final PrincipalName HTTP = PrincipalName.parse("HTTP/www.example.test");
    static final EncType AES256 = EncType.AES256_CTS_HMAC_SHA1_96;

    static EncryptionKey key(int b) {
        byte[] k = new byte[32];
        k[0] = (byte) b;
        return new EncryptionKey(AES256, k);
    }

    @Test
    void keytabSelectionByKvnoAndEnctype() {
        Keytab kt = Keytab.empty()
                .add(HTTP, "EXAMPLE.TEST", 2, key(2), Instant.EPOCH)
                .add(HTTP, "EXAMPLE.TEST", 3, key(3), Instant.EPOCH)
                .add(HTTP, "EXAMPLE.TEST", 3, new EncryptionKey(EncType.AES128_CTS_HMAC_SHA1_96, new byte[16]),
                        Instant.EPOCH);
        ServiceKeys keys = ServiceKeys.of(kt);
        assertThat(keys.key(HTTP, "EXAMPLE.TEST", Optional.of(2), AES256)).contains(key(2));
        assertThat(keys.key(HTTP, "EXAMPLE.TEST", Optional.empty(), AES256)).contains(key(3));
        // Keytabs written with only an 8-bit kvno still match kvno 259 (MIT's behaviour).
        assertThat(keys.key(HTTP, "EXAMPLE.TEST", Optional.of(256 + 3), AES256)).contains(key(3));
        assertThat(keys.key(HTTP, "EXAMPLE.TEST", Optional.of(4), AES256)).isEmpty();
        assertThat(keys.key(HTTP, "OTHER.TEST", Optional.of(3), AES256)).isEmpty();
        assertThat(keys.key(PrincipalName.of(NameType.NT_SRV_HST, "HTTP", "www.example.test"), "EXAMPLE.TEST",
                Optional.of(3), AES256)).as("name type is not significant").contains(key(3));
        assertThat(keys.key(HTTP, "EXAMPLE.TEST", Optional.of(3), EncType.AES256_CTS_HMAC_SHA384_192)).isEmpty();
    }
}
