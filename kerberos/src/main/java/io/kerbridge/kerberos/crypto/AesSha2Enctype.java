package io.kerbridge.kerberos.crypto;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * aes128-cts-hmac-sha256-128 (19) and aes256-cts-hmac-sha384-192 (20), RFC 8009.
 *
 * <pre>
 *   KDF(key, label, k) = k-truncate(HMAC(key, 00000001 | label | 0x00 | [context] | int32be(k)))  (§3)
 *   Kc = KDF(base, usage|0x99, mac bits), Ke = KDF(base, usage|0xAA, key bits), Ki = KDF(base, usage|0x55, mac bits)
 *   ciphertext = C | HMAC(Ki, IV | C)[0..h],  C = AES-CTS(Ke, IV, N | plaintext), IV = 0^16   (§5)
 *   string-to-key = KDF(PBKDF2(password, name | 0x00 | salt, iterations, keylen), "kerberos", key bits)  (§4)
 *   PRF(input) = KDF(base, "prf", input, 256 | 384)                                               (§5)
 * </pre>
 */
final class AesSha2Enctype extends AbstractEnctype {
    static final AesSha2Enctype AES128 = new AesSha2Enctype(EncType.AES128_CTS_HMAC_SHA256_128,
            "aes128-cts-hmac-sha256-128", 16, 16, Jce.Hmac.SHA256, ChecksumType.HMAC_SHA256_128_AES128);
    static final AesSha2Enctype AES256 = new AesSha2Enctype(EncType.AES256_CTS_HMAC_SHA384_192,
            "aes256-cts-hmac-sha384-192", 32, 24, Jce.Hmac.SHA384, ChecksumType.HMAC_SHA384_192_AES256);

    private static final int CONFOUNDER = 16;
    private static final Bytes DEFAULT_PARAMS = Bytes.fromHex("00008000"); // 32768 iterations
    private static final byte[] ZERO_IV = new byte[Jce.AES_BLOCK];
    private static final byte[] KERBEROS = "kerberos".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRF = "prf".getBytes(StandardCharsets.US_ASCII);

    private final EncType id;
    private final byte[] name;
    private final int keyBytes;
    private final int macBytes;
    private final Jce.Hmac hmac;
    private final ChecksumType checksumType;

    private AesSha2Enctype(EncType id, String name, int keyBytes, int macBytes, Jce.Hmac hmac,
            ChecksumType checksumType) {
        this.id = id;
        this.name = name.getBytes(StandardCharsets.US_ASCII);
        this.keyBytes = keyBytes;
        this.macBytes = macBytes;
        this.hmac = hmac;
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
        return macBytes;
    }

    /** KDF-HMAC-SHA2 (RFC 8009 §3): one HMAC block is always enough for the lengths used here. */
    byte[] kdf(byte[] key, byte[] label, byte[] context, int bits) {
        byte[] k1 = hmac.mac(key, Jce.int32be(1), label, new byte[1], context, Jce.int32be(bits));
        if (bits / 8 == k1.length) {
            return k1;
        }
        byte[] out = Arrays.copyOf(k1, bits / 8);
        Arrays.fill(k1, (byte) 0);
        return out;
    }

    private byte[] derived(byte[] key, int usage, int kind) {
        int bits = (kind == KeyDerivation.KE ? keyBytes : macBytes) * 8;
        return DerivedKeyCache.get(id.value(), key, usage, kind,
                () -> kdf(key, KeyDerivation.usageConstant(usage, kind), new byte[0], bits));
    }

    @Override
    public EncryptionKey stringToKey(char[] password, Bytes salt, Bytes s2kParams) throws KerberosCryptoException {
        int iterations = Passwords.iterations(s2kParams == null ? DEFAULT_PARAMS : s2kParams);
        byte[] pw = Passwords.utf8(password);
        byte[] saltp = new byte[name.length + 1 + salt.length()];
        System.arraycopy(name, 0, saltp, 0, name.length);
        System.arraycopy(salt.unsafeArray(), 0, saltp, name.length + 1, salt.length());
        byte[] tkey = null;
        byte[] key = null;
        try {
            tkey = Pbkdf2.derive(hmac, pw, saltp, iterations, keyBytes);
            key = kdf(tkey, KERBEROS, new byte[0], keyBytes * 8);
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
            byte[] c = Jce.aesCts(true, ke, p, 0, p.length);
            byte[] h = hmac.mac(ki, ZERO_IV, c);
            byte[] out = Arrays.copyOf(c, c.length + macBytes);
            System.arraycopy(h, 0, out, c.length, macBytes);
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
        if (ct.length < CONFOUNDER + macBytes) {
            throw new IntegrityException("ciphertext too short");
        }
        byte[] ke = derived(k, usage.value(), KeyDerivation.KE);
        byte[] ki = derived(k, usage.value(), KeyDerivation.KI);
        int clen = ct.length - macBytes;
        byte[] c = Arrays.copyOf(ct, clen);
        // Encrypt-then-MAC: verify before decrypting anything.
        byte[] h = Arrays.copyOf(hmac.mac(ki, ZERO_IV, c), macBytes);
        if (!MessageDigest.isEqual(h, Arrays.copyOfRange(ct, clen, ct.length))) {
            throw new IntegrityException("integrity check failed");
        }
        byte[] p;
        try {
            p = Jce.aesCts(false, ke, c, 0, clen);
        } catch (GeneralSecurityException e) {
            throw new IntegrityException("decryption failed");
        }
        try {
            return Bytes.of(p, CONFOUNDER, p.length - CONFOUNDER);
        } finally {
            Arrays.fill(p, (byte) 0);
        }
    }

    @Override
    byte[] checksum(byte[] key, int usage, Bytes data) {
        byte[] kc = derived(key, usage, KeyDerivation.KC);
        return Arrays.copyOf(hmac.mac(kc, data.unsafeArray()), macBytes);
    }

    @Override
    public Bytes prf(EncryptionKey key, Bytes input) {
        byte[] k = keyFor(key);
        return Bytes.wrap(kdf(k, PRF, input.unsafeArray(), hmac.length * 8));
    }

    /** For vector tests: Ke/Ki/Kc of RFC 8009 Appendix A. */
    Bytes derivedKey(EncryptionKey key, KeyUsage usage, int kind) {
        return Bytes.of(derived(keyFor(key), usage.value(), kind));
    }
}
