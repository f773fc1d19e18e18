package io.kerbridge.kerberos.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** MIT krb5 t_cksums.c known checksums for types 15, 16 and -138. */
class MitChecksumVectorsTest {

    @ParameterizedTest(name = "checksum type {0} usage {2}")
    @CsvFileSource(resources = "/crypto/mit-t_cksums.csv")
    void computesAndVerifies(int type, String data, int usage, String key, String expected) throws Exception {
        ChecksumAlgorithm c = Checksums.get(ChecksumType.of(type));
        KeyedChecksum keyed = (KeyedChecksum) c;
        EncryptionKey k = new EncryptionKey(keyed.enctype().id(), Bytes.fromHex(key));
        Checksum sum = c.compute(k, KeyUsage.of(usage), Bytes.ascii(data));
        assertThat(sum).isEqualTo(new Checksum(ChecksumType.of(type), Bytes.fromHex(expected)));
        assertThat(c.verify(k, KeyUsage.of(usage), Bytes.ascii(data), sum)).isTrue();
        assertThat(c.verify(k, KeyUsage.of(usage + 1), Bytes.ascii(data), sum)).isFalse();
    }
}
