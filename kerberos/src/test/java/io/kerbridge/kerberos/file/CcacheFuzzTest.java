package io.kerbridge.kerberos.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target for the ccache decoder: any input decodes or gives a {@link KerberosFileException}; what
 * decodes encodes back to the same bytes. Runs the seeds in {@code CcacheFuzzTestInputs/decode} during
 * {@code mvn test}; fuzz with {@code JAZZER_FUZZ=1}.
 */
class CcacheFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void decode(byte[] data) {
        Ccache cc;
        try {
            cc = Ccache.decode(data);
        } catch (KerberosFileException expected) {
            return;
        }
        try {
            assertThat(cc.encode()).isEqualTo(data);
        } catch (KerberosFileException e) {
            throw new AssertionError("a decoded cache must encode", e);
        }
    }
}
