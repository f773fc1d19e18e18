// protocol-notes §3.1 (BCRYPT_RSAKEY_BLOB = "RSA1" | bitlen | cbPublicExp | cbModulus | 0 | 0 | e | n, LE header,
// BE integers), §3.2a (kid = standard base64 with padding of SHA-256 over the blob; e without leading zeros).
package io.kerbridge.cloud.device;

import io.kerbridge.cloud.ApiException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Windows CNG public RSA key blob the Hello key ({@code kngc}) and the transport key travel as. Parsing is
 * strict and bounded: magic {@code RSA1}, 2048..4096-bit modulus, exponent at most 8 bytes, lengths exact.
 */
public final class BcryptRsaKeyBlob {
    private static final int MAGIC_RSA1 = 0x31415352; // "RSA1" little-endian
    private static final int HEADER = 24;
    public static final int MIN_BITS = 2048;
    public static final int MAX_BITS = 4096;

    private BcryptRsaKeyBlob() {}

    public static byte[] encode(RSAPublicKey key) {
        byte[] e = unsigned(key.getPublicExponent());
        byte[] n = unsigned(key.getModulus());
        ByteBuffer b = ByteBuffer.allocate(HEADER + e.length + n.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC_RSA1).putInt(key.getModulus().bitLength()).putInt(e.length).putInt(n.length).putInt(0).putInt(0);
        b.put(e).put(n);
        return b.array();
    }

    /** The RSA public key in {@code blob}; a 400 {@code invalid_key_blob} naming the defect otherwise. */
    public static RSAPublicKey decode(byte[] blob) throws ApiException {
        if (blob == null || blob.length < HEADER) {
            throw invalid("shorter than the 24-byte BCRYPT_RSAKEY_BLOB header");
        }
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != MAGIC_RSA1) {
            throw invalid("magic is not RSA1 (a public RSA key blob)");
        }
        int bits = b.getInt();
        int cbExp = b.getInt();
        int cbMod = b.getInt();
        if (b.getInt() != 0 || b.getInt() != 0) {
            throw invalid("prime lengths must be 0 in a public key blob");
        }
        if (bits < MIN_BITS || bits > MAX_BITS || cbExp < 1 || cbExp > 8 || cbMod < 1 || cbMod > MAX_BITS / 8
                || (long) HEADER + cbExp + cbMod != blob.length) {
            throw invalid("lengths do not describe a " + MIN_BITS + ".." + MAX_BITS + "-bit RSA public key");
        }
        BigInteger e = new BigInteger(1, Arrays.copyOfRange(blob, HEADER, HEADER + cbExp));
        BigInteger n = new BigInteger(1, Arrays.copyOfRange(blob, HEADER + cbExp, blob.length));
        if (n.bitLength() < MIN_BITS || !e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0) {
            throw invalid("modulus under " + MIN_BITS + " bits or an even/too small exponent");
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        } catch (GeneralSecurityException ex) {
            throw invalid("not an RSA public key");
        }
    }

    /** {@code kid} of §3.2a: standard base64 (padded) of SHA-256 over the blob bytes. */
    public static String kid(byte[] blob) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] raw = v.toByteArray();
        return raw.length > 1 && raw[0] == 0 ? Arrays.copyOfRange(raw, 1, raw.length) : raw;
    }

    private static ApiException invalid(String why) {
        return ApiException.badRequest("invalid_key_blob", "BCRYPT_RSAKEY_BLOB: " + why);
    }
}
