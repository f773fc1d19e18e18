package io.kerbridge.kerberos.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** RFC 8009 Appendix A, every sample. Key usage 2 throughout, as in the RFC. */
class Rfc8009VectorsTest {
    private static final KeyUsage USAGE_2 = KeyUsage.of(2);

    private static Bytes hex(String s) {
        return s == null ? Bytes.EMPTY : Bytes.fromHex(s);
    }

    private static EncryptionKey key(int etype, String hex) {
        return new EncryptionKey(EncType.of(etype), hex(hex));
    }

    @ParameterizedTest(name = "string-to-key etype {0}")
    @CsvFileSource(resources = "/crypto/rfc8009-a-s2k.csv")
    void stringToKey(int etype, int iterations, String password, String salt, String expected) throws Exception {
        Enctype e = Enctypes.get(EncType.of(etype));
        assertThat(e.defaultS2kParams().hex()).isEqualTo("00008000"); // 32768, the count the samples use
        EncryptionKey k = e.stringToKey(password.toCharArray(), hex(salt), Bytes.wrap(Jce.int32be(iterations)));
        assertThat(Bytes.wrap(k.bytes())).isEqualTo(hex(expected));
        assertThat(e.stringToKey(password.toCharArray(), hex(salt), null)).isEqualTo(k);
    }

    @ParameterizedTest(name = "key derivation etype {0} kind {2}")
    @CsvFileSource(resources = "/crypto/rfc8009-a-kdf.csv")
    void keyDerivation(int etype, String base, String kind, String expected) throws Exception {
        AesSha2Enctype e = (AesSha2Enctype) Enctypes.get(EncType.of(etype));
        assertThat(e.derivedKey(key(etype, base), USAGE_2, Integer.parseInt(kind, 16)).hex())
                .isEqualToIgnoringCase(expected);
    }

    @ParameterizedTest(name = "encryption etype {0} #{index}")
    @CsvFileSource(resources = "/crypto/rfc8009-a-encrypt.csv")
    void encryption(int etype, String base, String confounder, String plaintext, String ciphertext) throws Exception {
        Enctype e = Enctypes.get(EncType.of(etype));
        EncryptionKey k = key(etype, base);
        assertThat(e.encrypt(k, USAGE_2, hex(plaintext), hex(confounder))).isEqualTo(hex(ciphertext));
        assertThat(e.decrypt(k, USAGE_2, hex(ciphertext))).isEqualTo(hex(plaintext));
        assertThat(e.ciphertextLength(hex(plaintext).length())).isEqualTo(hex(ciphertext).length());
    }

    @ParameterizedTest(name = "checksum etype {0}")
    @CsvFileSource(resources = "/crypto/rfc8009-a-checksum.csv")
    void checksum(int etype, String base, String data, String expected) throws Exception {
        ChecksumAlgorithm c = Checksums.mandatoryFor(EncType.of(etype));
        Checksum sum = c.compute(key(etype, base), USAGE_2, hex(data));
        assertThat(sum.value()).isEqualTo(hex(expected));
        assertThat(sum.type().value()).isEqualTo(etype); // checksum types 19 and 20 share the enctype numbers
        assertThat(c.size()).isEqualTo(hex(expected).length());
        assertThat(c.verify(key(etype, base), USAGE_2, hex(data), sum)).isTrue();
    }

    @ParameterizedTest(name = "PRF etype {0}")
    @CsvFileSource(resources = "/crypto/rfc8009-a-prf.csv")
    void prf(int etype, String base, String input, String expected) throws Exception {
        Enctype e = Enctypes.get(EncType.of(etype));
        assertThat(e.prf(key(etype, base), Bytes.ascii(input))).isEqualTo(hex(expected));
    }

    @Test
    void saltIsPrefixedWithTheEnctypeName() throws Exception {
        // RFC 8009 §4: saltp = enctype-name | 0x00 | salt. Same password, salt and count under 19
        // must therefore differ from the plain PBKDF2-HMAC-SHA256 of the bare salt.
        Enctype e = Enctypes.get(EncType.AES128_CTS_HMAC_SHA256_128);
        byte[] bare = Pbkdf2.derive(Jce.Hmac.SHA256, "password".getBytes(), "salt".getBytes(), 1, 16);
        byte[] prefixed = Pbkdf2.derive(Jce.Hmac.SHA256, "password".getBytes(),
                Bytes.ascii("aes128-cts-hmac-sha256-128").concat(Bytes.of((byte) 0)).concat(Bytes.ascii("salt"))
                        .toByteArray(), 1, 16);
        EncryptionKey k = e.stringToKey("password".toCharArray(), Bytes.ascii("salt"), Bytes.fromHex("00000001"));
        AesSha2Enctype sha2 = (AesSha2Enctype) e;
        assertThat(k.bytes()).isEqualTo(sha2.kdf(prefixed, Bytes.ascii("kerberos").toByteArray(), new byte[0], 128));
        assertThat(k.bytes()).isNotEqualTo(sha2.kdf(bare, Bytes.ascii("kerberos").toByteArray(), new byte[0], 128));
    }
}
