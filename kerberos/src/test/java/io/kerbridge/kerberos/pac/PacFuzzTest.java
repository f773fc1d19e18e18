package io.kerbridge.kerberos.pac;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;

/**
 * Jazzer fuzz targets for the PAC container and the NDR decoder. Without JAZZER_FUZZ they run in
 * regression mode over the seeds in {@code src/test/resources/io/kerbridge/kerberos/pac/PacFuzzTestInputs/<method>/}.
 * Property: any input decodes or is refused with a {@link PacException}; what decodes re-encodes to a
 * value that decodes to the same thing; and nothing takes long.
 */
class PacFuzzTest {
    private static final long MAX_NANOS = 2_000_000_000L;
    private static final EncryptionKey KEY = new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, new byte[32]);

    @FuzzTest(maxDuration = "2m")
    void pac(byte[] data) {
        long start = System.nanoTime();
        try {
            Pac pac = Pac.decode(Bytes.of(data));
            assertThat(pac.encode()).isEqualTo(Bytes.of(data));
            Pac relaid = Pac.decode(pac.toBuilder().build().encode());
            assertThat(relaid.buffers()).isEqualTo(pac.buffers());
            PacDecodeRobustnessTest.decodeAll(pac.encode());
            PacVerifier.verify(pac, KEY, KEY);
        } catch (PacException refused) {
            assertThat(refused.reason()).isNotNull();
        }
        assertThat(System.nanoTime() - start).isLessThan(MAX_NANOS);
    }

    @FuzzTest(maxDuration = "2m")
    void logonInfo(byte[] data) {
        long start = System.nanoTime();
        try {
            KerbValidationInfo info = KerbValidationInfo.decode(Bytes.of(data));
            assertThat(KerbValidationInfo.decode(info.encode())).isEqualTo(info);
        } catch (PacException refused) {
            assertThat(refused.reason()).isNotNull();
        }
        assertThat(System.nanoTime() - start).isLessThan(MAX_NANOS);
    }

    @FuzzTest(maxDuration = "2m")
    void ticketPac(byte[] data) {
        long start = System.nanoTime();
        try {
            Bytes pac = TicketPac.extract(Bytes.of(data));
            Bytes signing = TicketPac.signingData(Bytes.of(data));
            assertThat(TicketPac.extract(signing)).isEqualTo(Bytes.of((byte) 0));
            assertThat(pac).isNotNull();
        } catch (PacException refused) {
            assertThat(refused.reason()).isNotNull();
        }
        assertThat(System.nanoTime() - start).isLessThan(MAX_NANOS);
    }
}
