package io.kerbridge.kerberos.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.EncType;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** RFC 3962 Appendix B. */
class Rfc3962VectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] CTS_KEY = HEX.parseHex("636869636b656e207465726979616b69"); // "chicken teriyaki"

    private static Bytes iterations(int n) {
        return Bytes.wrap(Jce.int32be(n));
    }

    @ParameterizedTest(name = "B string-to-key iterations={0} #{index}")
    @CsvFileSource(resources = "/crypto/rfc3962-b-s2k.csv")
    void stringToKey(int iterations, String passwordUtf8, String salt, String pbkdf128, String key128,
            String pbkdf256, String key256) throws Exception {
        String password = new String(HEX.parseHex(passwordUtf8), StandardCharsets.UTF_8);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] s = HEX.parseHex(salt);
        // The PBKDF2 intermediate (tkey) and the final DK(tkey, "kerberos").
        assertThat(HEX.formatHex(Pbkdf2.derive(Jce.Hmac.SHA1, pw, s, iterations, 16))).isEqualTo(pbkdf128);
        assertThat(HEX.formatHex(Pbkdf2.derive(Jce.Hmac.SHA1, pw, s, iterations, 32))).isEqualTo(pbkdf256);

        Enctype aes128 = Enctypes.get(EncType.AES128_CTS_HMAC_SHA1_96);
        Enctype aes256 = Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96);
        assertThat(HEX.formatHex(aes128.stringToKey(password.toCharArray(), Bytes.wrap(s), iterations(iterations))
                .bytes())).isEqualTo(key128);
        assertThat(HEX.formatHex(aes256.stringToKey(password.toCharArray(), Bytes.wrap(s), iterations(iterations))
                .bytes())).isEqualTo(key256);
    }

    @ParameterizedTest(name = "B AES-CTS {index}")
    @CsvFileSource(resources = "/crypto/rfc3962-b-cts.csv")
    void ciphertextStealing(String input, String output) throws Exception {
        byte[] in = HEX.parseHex(input);
        assertThat(HEX.formatHex(Jce.aesCts(true, CTS_KEY, in, 0, in.length))).isEqualTo(output);
        byte[] out = HEX.parseHex(output);
        assertThat(HEX.formatHex(Jce.aesCts(false, CTS_KEY, out, 0, out.length))).isEqualTo(input);
    }

    @Test
    void ctsOfExactlyOneBlockIsPlainCbc() throws Exception {
        // RFC 3962 §5: "if the input is exactly one block, it is simply encrypted with CBC"; with a
        // zero IV that is the raw block cipher. Appendix B has no such vector, so compare with ECB.
        byte[] in = "I would like the".getBytes(StandardCharsets.US_ASCII);
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(CTS_KEY, "AES"));
        byte[] expected = ecb.doFinal(in);
        assertThat(Jce.aesCts(true, CTS_KEY, in, 0, 16)).isEqualTo(expected);
        assertThat(Jce.aesCts(false, CTS_KEY, expected, 0, 16)).isEqualTo(in);
    }

    @Test
    void defaultIterationCountIs4096() throws Exception {
        Enctype aes = Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96);
        assertThat(aes.defaultS2kParams().hex()).isEqualTo("00001000");
        Bytes salt = Bytes.ascii("EXAMPLE.COMalice");
        assertThat(aes.stringToKey("pw".toCharArray(), salt, null))
                .isEqualTo(aes.stringToKey("pw".toCharArray(), salt, iterations(4096)));
    }

    @Test
    void prfFollowsSection6StepByStep() throws Exception {
        // RFC 3962 §6: tmp1 = SHA-1(input); tmp2 = tmp1 truncated to 16 octets;
        // PRF = E(DK(key, "prf"), tmp2) with the zero IV, i.e. one raw AES block. DK(key, "prf") is
        // DR with the constant n-folded to 16 octets (AES-256: two chained blocks). No RFC vector.
        byte[] key = HEX.parseHex("fe697b52bc0d3ce14432ba036a92e65bbb52280990a2fa27883998d72af30161");
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        byte[] b1 = ecb.doFinal(NFold.fold("prf".getBytes(StandardCharsets.US_ASCII), 16));
        byte[] b2 = ecb.doFinal(b1);
        byte[] kprf = java.util.Arrays.copyOf(b1, 32);
        System.arraycopy(b2, 0, kprf, 16, 16);
        byte[] tmp = java.util.Arrays.copyOf(
                java.security.MessageDigest.getInstance("SHA-1").digest("test".getBytes(StandardCharsets.US_ASCII)), 16);
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kprf, "AES"));
        byte[] expected = ecb.doFinal(tmp);

        Enctype aes = Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96);
        Bytes out = aes.prf(new io.kerbridge.kerberos.types.EncryptionKey(aes.id(), key), Bytes.ascii("test"));
        assertThat(out.toByteArray()).isEqualTo(expected);
    }
}
