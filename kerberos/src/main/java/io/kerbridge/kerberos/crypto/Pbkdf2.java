package io.kerbridge.kerberos.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** PBKDF2 (RFC 8018 §5.2) over the JCE HMACs; accepts empty passwords and salts, unlike PBEKeySpec. */
final class Pbkdf2 {
    private Pbkdf2() {}

    static byte[] derive(Jce.Hmac prf, byte[] password, byte[] salt, int iterations, int dkLen) {
        Mac mac;
        try {
            mac = Mac.getInstance(prf.jceName);
            // RFC 2104 zero-pads short keys, so an empty password equals a single zero octet.
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, prf.jceName));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 HMAC unavailable", e);
        }
        int hLen = prf.length;
        int blocks = (dkLen + hLen - 1) / hLen;
        byte[] out = new byte[dkLen];
        byte[] u = new byte[hLen];
        byte[] t = new byte[hLen];
        try {
            for (int i = 1; i <= blocks; i++) {
                mac.update(salt);
                mac.update(Jce.int32be(i));
                mac.doFinal(u, 0);
                System.arraycopy(u, 0, t, 0, hLen);
                for (int c = 1; c < iterations; c++) {
                    mac.update(u);
                    mac.doFinal(u, 0);
                    for (int k = 0; k < hLen; k++) {
                        t[k] ^= u[k];
                    }
                }
                System.arraycopy(t, 0, out, (i - 1) * hLen, Math.min(hLen, dkLen - (i - 1) * hLen));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 failed", e);
        } finally {
            Arrays.fill(u, (byte) 0);
            Arrays.fill(t, (byte) 0);
        }
        return out;
    }
}
