// protocol-notes §2.2 ("Decrypting clientKey": NIST SP 800-108 KBKDF, HMAC-SHA256, counter mode, 32-bit
// counter before the fixed data, 32-bit L = 256, label "AzureAD-SecureConversation", context = ctx (KDF v1);
// KDF v2: context = SHA-256(ctx ‖ JWT payload bytes)), §3.2 step 7, §3.2a ("Refresh").
// NIST SP 800-108r1 §4.1 (KDF in counter mode; fixed data = Label ‖ 0x00 ‖ Context ‖ [L]_32).
package io.kerbridge.cloud.prt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Keys derived from the PRT session key, as Windows (and R, H) derive them. */
public final class SessionKeyKdf {
    public static final byte[] LABEL = "AzureAD-SecureConversation".getBytes(StandardCharsets.US_ASCII);
    public static final int KEY_BITS = 256;

    private SessionKeyKdf() {}

    /** KDF v1: the 32-byte key for {@code ctx} (the JWE/JWS header's {@code ctx}, decoded). */
    public static byte[] v1(byte[] sessionKey, byte[] ctx) {
        return counterHmacSha256(sessionKey, LABEL, ctx, KEY_BITS);
    }

    /** KDF v2 ({@code kdf_ver: 2}): context = SHA-256(ctx ‖ payload), payload = the JWT's decoded payload bytes. */
    public static byte[] v2(byte[] sessionKey, byte[] ctx, byte[] payload) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ctx);
            sha.update(payload);
            return counterHmacSha256(sessionKey, LABEL, sha.digest(), KEY_BITS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** SP 800-108 counter mode with HMAC-SHA256 and fixed data Label ‖ 0x00 ‖ Context ‖ [L]_32. */
    static byte[] counterHmacSha256(byte[] key, byte[] label, byte[] context, int bits) {
        ByteBuffer fixed = ByteBuffer.allocate(label.length + 1 + context.length + 4);
        fixed.put(label).put((byte) 0).put(context).putInt(bits);
        return counterHmacSha256(key, fixed.array(), bits);
    }

    /** SP 800-108 counter mode, HMAC-SHA256, 32-bit counter before the fixed data: K(i) = HMAC(key, [i]_32 ‖ fixed). */
    static byte[] counterHmacSha256(byte[] key, byte[] fixedInput, int bits) {
        if (bits <= 0 || bits % 8 != 0) {
            throw new IllegalArgumentException("output length must be a positive number of bytes");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] out = new byte[bits / 8];
            int done = 0;
            for (int i = 1; done < out.length; i++) {
                mac.update(ByteBuffer.allocate(4).putInt(i).array());
                byte[] block = mac.doFinal(fixedInput);
                int n = Math.min(block.length, out.length - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
