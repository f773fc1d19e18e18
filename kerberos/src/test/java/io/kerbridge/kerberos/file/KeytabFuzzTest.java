package io.kerbridge.kerberos.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target for the keytab decoder: any input decodes or gives a {@link KerberosFileException}; what
 * decodes encodes to a keytab with the same entries. Seeds: {@code KeytabFuzzTestInputs/decode}.
 */
class KeytabFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void decode(byte[] data) {
        Keytab kt;
        try {
            kt = Keytab.decode(data);
        } catch (KerberosFileException expected) {
            return;
        }
        try {
            assertThat(Keytab.decode(kt.encode()).entries()).isEqualTo(kt.entries());
        } catch (KerberosFileException e) {
            throw new AssertionError("a decoded keytab must encode and decode again", e);
        }
    }
}
