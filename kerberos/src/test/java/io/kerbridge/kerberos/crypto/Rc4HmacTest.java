package io.kerbridge.kerberos.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** rc4-hmac (RFC 4757) and the HMAC_MD5 (-138) checksum. */
class Rc4HmacTest {
    private static final Enctype RC4 = Rc4HmacEnctype.INSTANCE;

    @ParameterizedTest(name = "NT hash of \"{0}\"")
    @CsvSource({
        // Well-known NT hashes: MD4 of the UTF-16LE password.
        "password, 8846f7eaee8fb117ad06bdd830b7586c",
        "'', 31d6cfe0d16ae931b73c59d7e0c089c0"})
    void ntHash(String password, String expected) throws Exception {
        EncryptionKey k = NtHash.of(password.toCharArray());
        assertThat(k.type()).isEqualTo(EncType.RC4_HMAC);
        assertThat(Bytes.wrap(k.bytes()).hex()).isEqualTo(expected);
        assertThat(RC4.stringToKey(password.toCharArray(), Bytes.ascii("ignored salt"), null)).isEqualTo(k);
        assertThat(RC4.stringToKey(password.toCharArray(), Bytes.EMPTY, Bytes.EMPTY)).isEqualTo(k);
    }

    @Test
    void ntHashIsMd4OfUtf16le() {
        // A non-ASCII password: the hash covers UTF-16LE code units (surrogates as they are).
        char[] pw = "p\u00e4ss\uD834\uDD1E".toCharArray();
        org.bouncycastle.crypto.digests.MD4Digest md4 = new org.bouncycastle.crypto.digests.MD4Digest();
        byte[] utf16 = new String(pw).getBytes(StandardCharsets.UTF_16LE);
        md4.update(utf16, 0, utf16.length);
        byte[] expected = new byte[16];
        md4.doFinal(expected, 0);
        assertThat(NtHash.of(pw).bytes()).isEqualTo(expected);
    }

    @Test
    void rc4RejectsS2kParams() {
        assertThatThrownBy(() -> RC4.stringToKey("x".toCharArray(), Bytes.EMPTY, Bytes.fromHex("00001000")))
                .isInstanceOf(KerberosCryptoException.class);
    }

    @Test
    void hmacMd5ChecksumMatchesMitTCksums() throws Exception {
        // MIT krb5 src/lib/crypto/crypto_tests/t_cksums.c, CKSUMTYPE_HMAC_MD5_ARCFOUR, usage 6.
        EncryptionKey k = new EncryptionKey(EncType.RC4_HMAC, Bytes.fromHex("F7D3A155AF5E238A0B7A871A96BA2AB2"));
        Bytes data = Bytes.ascii("seventeen eighteen nineteen twenty");
        ChecksumAlgorithm c = Checksums.get(ChecksumType.HMAC_MD5);
        Checksum sum = c.compute(k, KeyUsage.of(6), data);
        assertThat(sum.value()).isEqualTo(Bytes.fromHex("EB38CC97E2230F59DA4117DC5859D7EC"));
        assertThat(c.verify(k, KeyUsage.of(6), data, sum)).isTrue();
    }

    @Test
    void hmacMd5ChecksumFollowsRfc4757Section4StepByStep() throws Exception {
        // Ksign = HMAC-MD5(K, "signaturekey\0"); tmp = MD5(int32le(T) | data); CHKSUM = HMAC-MD5(Ksign, tmp)
        // computed here with plain JCE calls, for the PAC usage 17 (MS-PAC 2.8).
        byte[] key = NtHash.of("password".toCharArray()).bytes();
        byte[] data = "a PAC buffer".getBytes(StandardCharsets.US_ASCII);
        Mac hmac = Mac.getInstance("HmacMD5");
        hmac.init(new SecretKeySpec(key, "HmacMD5"));
        byte[] ksign = hmac.doFinal("signaturekey\0".getBytes(StandardCharsets.US_ASCII));
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(17).array());
        byte[] tmp = md5.digest(data);
        hmac.init(new SecretKeySpec(ksign, "HmacMD5"));
        byte[] expected = hmac.doFinal(tmp);

        Checksum sum = Checksums.mandatoryFor(EncType.RC4_HMAC)
                .compute(new EncryptionKey(EncType.RC4_HMAC, key), KeyUsage.KERB_NON_KERB_CKSUM_SALT, Bytes.wrap(data));
        assertThat(sum.type()).isEqualTo(ChecksumType.HMAC_MD5);
        assertThat(sum.value().toByteArray()).isEqualTo(expected);
    }

    @Test
    void encryptionFollowsRfc4757StepByStep() throws Exception {
        // K1 = HMAC-MD5(K, int32le(T)); cksum = HMAC-MD5(K1, conf|data); K3 = HMAC-MD5(K1, cksum);
        // out = cksum | RC4(K3, conf|data). Usage 3 (AS-REP enc-part) is T = 8.
        byte[] key = NtHash.of("password".toCharArray()).bytes();
        byte[] conf = Bytes.fromHex("0102030405060708").toByteArray();
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] both = Bytes.wrap(conf).concat(Bytes.wrap(data)).toByteArray();
        byte[] k1 = hmacMd5(key, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(8).array());
        byte[] cksum = hmacMd5(k1, both);
        byte[] k3 = hmacMd5(k1, cksum);
        javax.crypto.Cipher rc4 = javax.crypto.Cipher.getInstance("ARCFOUR");
        rc4.init(javax.crypto.Cipher.ENCRYPT_MODE, new SecretKeySpec(k3, "ARCFOUR"));
        Bytes expected = Bytes.wrap(cksum).concat(Bytes.wrap(rc4.doFinal(both)));

        EncryptionKey k = new EncryptionKey(EncType.RC4_HMAC, key);
        assertThat(RC4.encrypt(k, KeyUsage.AS_REP_ENC_PART, Bytes.wrap(data), Bytes.wrap(conf))).isEqualTo(expected);
        // 3 and 8 share T = 8, so either decrypts; 9 too.
        assertThat(RC4.decrypt(k, KeyUsage.TGS_REP_ENC_PART_SESSION_KEY, expected)).isEqualTo(Bytes.wrap(data));
        assertThat(RC4.decrypt(k, KeyUsage.TGS_REP_ENC_PART_SUBKEY, expected)).isEqualTo(Bytes.wrap(data));
        assertThatThrownBy(() -> RC4.decrypt(k, KeyUsage.KDC_REP_TICKET, expected))
                .isInstanceOf(IntegrityException.class);
    }

    @ParameterizedTest
    @CsvSource({"3, 8", "9, 8", "23, 13", "1, 1", "2, 2", "8, 8", "17, 17", "22, 22"})
    void usageTranslation(int usage, int t) {
        assertThat(Rc4HmacEnctype.translateUsage(usage)).isEqualTo(t);
    }

    @Test
    void prfIsHmacSha1OfTheKey() throws Exception {
        byte[] key = NtHash.of("password".toCharArray()).bytes();
        Mac hmac = Mac.getInstance("HmacSHA1");
        hmac.init(new SecretKeySpec(key, "HmacSHA1"));
        assertThat(RC4.prf(new EncryptionKey(EncType.RC4_HMAC, key), Bytes.ascii("test")).toByteArray())
                .isEqualTo(hmac.doFinal("test".getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] hmacMd5(byte[] key, byte[] data) throws Exception {
        Mac hmac = Mac.getInstance("HmacMD5");
        hmac.init(new SecretKeySpec(key, "HmacMD5"));
        return hmac.doFinal(data);
    }
}
