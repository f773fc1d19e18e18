package io.kerbridge.kerberos.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * MIT krb5 t_decrypt.c known ciphertexts for 17, 18 and 23. RFC 3962 and RFC 4757 publish no
 * encryption vectors; these catch confounder, MAC placement and usage-mapping mistakes a round
 * trip cannot see (usage 3 exercises rc4's 3 -> 8 mapping).
 */
class MitDecryptVectorsTest {

    @ParameterizedTest(name = "etype {0} usage {2} \"{1}\"")
    @CsvFileSource(resources = "/crypto/mit-t_decrypt.csv")
    void decryptsToThePlaintext(int etype, String plaintext, int usage, String key, String ciphertext)
            throws Exception {
        Enctype e = Enctypes.get(EncType.of(etype));
        EncryptionKey k = new EncryptionKey(EncType.of(etype), Bytes.fromHex(key));
        Bytes ct = Bytes.fromHex(ciphertext);
        assertThat(e.decrypt(k, KeyUsage.of(usage), ct)).isEqualTo(Bytes.ascii(plaintext));
        // Any other usage must fail: the usage is bound into the keys.
        assertThatThrownBy(() -> e.decrypt(k, KeyUsage.of(usage + 100), ct)).isInstanceOf(IntegrityException.class);
    }
}
