package io.kerbridge.kerberos.crypto;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * aes128-cts-hmac-sha1-96 (17) and aes256-cts-hmac-sha1-96 (18): the RFC 3961 simplified profile
 * with the RFC 3962 parameters.
 *
 * <pre>
 *   ciphertext = AES-CTS(Ke, confounder | plaintext) | HMAC-SHA1(Ki, confounder | plaintext)[0..12]
 *   Ke = DK(base, usage | 0xAA), Ki = DK(base, usage | 0x55), Kc = DK(base, usage | 0x99)
 *   string-to-key = DK(PBKDF2-HMAC-SHA1(UTF-8 password, salt, iterations, keylen), "kerberos")
 *   PRF = AES(DK(base, "prf"), SHA-1(input)[0..16])
 * </pre>
 */
final class AesSha1Enctype extends AbstractEnctype {
    static final AesSha1Enctype AES128 = new AesSha1Enctype(EncType.AES128_CTS_HMAC_SHA1_96, 16,
            ChecksumType.HMAC_SHA1_96_AES128);
    static final AesSha1Enctype AES256 = new AesSha1Enctype(EncType.AES256_CTS_HMAC_SHA1_96, 32,
            ChecksumType.HMAC_SHA1_96_AES256);

    private static final int CONFOUNDER = 16;
    private static final int MAC = 12;
    private static final Bytes DEFAULT_PARAMS = Bytes.fromHex("00001000"); // 4096 iterations
    private static final byte[] KERBEROS = {'k', 'e', 'r', 'b', 'e', 'r', 'o', 's'};
    private static final byte[] PRF = {'p', 'r', 'f'};

    private final EncType id;
    private final int keyBytes;
    private final ChecksumType checksumType;

    private AesSha1Enctype(EncType id, int keyBytes, ChecksumType checksumType) {
        this.id = id;
        this.keyBytes = keyBytes;
        this.checksumType = checksumType;
    }

    @Override
    public EncType id() {
        return id;
    }

    @Override
    public ChecksumType checksumType() {
        return checksumType;
    }

    @Override
    public int keyBytes() {
        return keyBytes;
    }

    @Override
    public Bytes defaultS2kParams() {
        return DEFAULT_PARAMS;
    }

    @Override
    int confounderBytes() {
        return CONFOUNDER;
    }

    @Override
    int macBytes() {
        return MAC;
    }

    /** DK for AES: DR with AES blocks, random-to-key is the identity. */
    static byte[] dk(byte[] key, byte[] constant) {
        return KeyDerivation.dk(Jce::aesBlock, Jce.AES_BLOCK, key, constant, key.length, r -> r.clone());
    }

    private byte[] derived(byte[] key, int usage, int kind) {
        return DerivedKeyCache.get(id.value(), key, usage, kind,
                () -> dk(key, KeyDerivation.usageConstant(usage, kind)));
    }

    @Override
    public EncryptionKey stringToKey(char[] password, Bytes salt, Bytes s2kParams) throws KerberosCryptoException {
        int iterations = Passwords.iterations(s2kParams == null ? DEFAULT_PARAMS : s2kParams);
        byte[] pw = Passwords.utf8(password);
        byte[] tkey = null;
        byte[] key = null;
        try {
            tkey = Pbkdf2.derive(Jce.Hmac.SHA1, pw, salt.unsafeArray(), iterations, keyBytes);
            key = dk(tkey, KERBEROS);
            return new EncryptionKey(id, key);
        } finally {
            Arrays.fill(pw, (byte) 0);
            if (tkey != null) {
                Arrays.fill(tkey, (byte) 0);
            }
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    @Override
    public Bytes encrypt(EncryptionKey key, KeyUsage usage, Bytes plaintext, Bytes confounder) {
        checkConfounder(confounder);
        byte[] k = keyFor(key);
        byte[] ke = derived(k, usage.value(), KeyDerivation.KE);
        byte[] ki = derived(k, usage.value(), KeyDerivation.KI);
        byte[] p = concat(confounder, plaintext);
        try {
            byte[] out = new byte[p.length + MAC];
            byte[] c = Jce.aesCts(true, ke, p, 0, p.length);
            System.arraycopy(c, 0, out, 0, c.length);
            System.arraycopy(Jce.Hmac.SHA1.mac(ki, p), 0, out, c.length, MAC);
            return Bytes.wrap(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTS encryption failed", e);
        } finally {
            Arrays.fill(p, (byte) 0);
        }
    }

    @Override
    public Bytes decrypt(EncryptionKey key, KeyUsage usage, Bytes ciphertext) throws IntegrityException {
        byte[] k = keyForDecrypt(key);
        byte[] ct = ciphertext.unsafeArray();
        if (ct.length < CONFOUNDER + MAC) {
            throw new IntegrityException("ciphertext too short");
        }
        byte[] ke = derived(k, usage.value(), KeyDerivation.KE);
        byte[] ki = derived(k, usage.value(), KeyDerivation.KI);
        int clen = ct.length - MAC;
        byte[] p;
        try {
            p = Jce.aesCts(false, ke, ct, 0, clen);
        } catch (GeneralSecurityException e) {
            throw new IntegrityException("decryption failed");
        }
        byte[] mac = Jce.Hmac.SHA1.mac(ki, p);
        boolean ok = MessageDigest.isEqual(Arrays.copyOf(mac, MAC), Arrays.copyOfRange(ct, clen, ct.length));
        try {
            if (!ok) {
                throw new IntegrityException("integrity check failed");
            }
            return Bytes.of(p, CONFOUNDER, p.length - CONFOUNDER);
        } finally {
            Arrays.fill(p, (byte) 0);
        }
    }

    @Override
    byte[] checksum(byte[] key, int usage, Bytes data) {
        byte[] kc = derived(key, usage, KeyDerivation.KC);
        return Arrays.copyOf(Jce.Hmac.SHA1.mac(kc, data.unsafeArray()), MAC);
    }

    @Override
    public Bytes prf(EncryptionKey key, Bytes input) {
        byte[] k = keyFor(key);
        byte[] tmp = Arrays.copyOf(Jce.sha1(input.unsafeArray()), Jce.AES_BLOCK);
        byte[] kp = dk(k, PRF);
        try {
            return Bytes.wrap(Jce.aesBlock(kp, tmp));
        } finally {
            Arrays.fill(kp, (byte) 0);
        }
    }
}
