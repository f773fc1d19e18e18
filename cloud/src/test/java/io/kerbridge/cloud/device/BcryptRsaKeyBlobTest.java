package io.kerbridge.cloud.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.cloud.ApiException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BcryptRsaKeyBlobTest {
    @Test
    void roundTripsAndHasTheWindowsLayout() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        RSAPublicKey key = (RSAPublicKey) g.generateKeyPair().getPublic();
        byte[] blob = BcryptRsaKeyBlob.encode(key);
        // "RSA1", bitlen 2048, cbExp 3, cbMod 256, 0, 0 (little-endian), then e = 01 00 01 big-endian
        assertThat(HexFormat.of().formatHex(Arrays.copyOf(blob, 27)))
                .isEqualTo("52534131" + "00080000" + "03000000" + "00010000" + "00000000" + "00000000" + "010001");
        assertThat(blob).hasSize(24 + 3 + 256);
        assertThat(BcryptRsaKeyBlob.decode(blob)).isEqualTo(key);
        assertThat(BcryptRsaKeyBlob.kid(blob)).hasSize(44).endsWith("=");
    }

    @Test
    void rejectsMalformedBlobsWithACode() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        byte[] blob = BcryptRsaKeyBlob.encode((RSAPublicKey) g.generateKeyPair().getPublic());
        for (byte[] bad : new byte[][] {new byte[0], Arrays.copyOf(blob, 23), Arrays.copyOf(blob, blob.length - 1),
                magic(blob, (byte) 'X'), Arrays.copyOf(blob, blob.length + 1)}) {
            assertThatThrownBy(() -> BcryptRsaKeyBlob.decode(bad)).isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).code()).isEqualTo("invalid_key_blob");
        }
    }

    private static byte[] magic(byte[] blob, byte b) {
        byte[] c = blob.clone();
        c[3] = b;
        return c;
    }
}
