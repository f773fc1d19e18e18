// protocol-notes §3.1 (BCRYPT_RSAKEY_BLOB = "RSA1" | bitlen | cbPublicExp | cbModulus | 0 | 0 | e | n, little-endian
// header, big-endian integers), §3.2 step 2 and §3.2a (kid = standard base64, padded, of SHA-256 over the blob; e and
// n without leading zero bytes).
package io.kerbridge.device;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/** The device side's encoder of the Windows CNG public RSA key blob (transport key, Hello key) and the Hello key id. */
public final class RsaKeyBlob {
    private static final byte[] MAGIC = {'R', 'S', 'A', '1'};

    private RsaKeyBlob() {}

    public static byte[] encode(RSAPublicKey key) {
        byte[] e = unsigned(key.getPublicExponent());
        byte[] n = unsigned(key.getModulus());
        ByteBuffer b = ByteBuffer.allocate(24 + e.length + n.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(key.getModulus().bitLength()).putInt(e.length).putInt(n.length).putInt(0).putInt(0);
        return b.put(e).put(n).array();
    }

    /** The key id the cloud files a Hello key under, and the assertion's {@code kid}. */
    public static String kid(RSAPublicKey key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(encode(key)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kid as it travels in a URL path: base64url without padding. */
    public static String kidForPath(String kid) {
        return kid.replace('+', '-').replace('/', '_').replace("=", "");
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        int skip = 0;
        while (skip < b.length - 1 && b[skip] == 0) {
            skip++;
        }
        return Arrays.copyOfRange(b, skip, b.length);
    }
}
