package io.kerbridge.kerberos.keytransport;

import io.kerbridge.kerberos.Bytes;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869). JDK 21 has no public HKDF ({@code javax.crypto.KDF} arrived in
 * JDK 24), so this is the two-step construction written out over {@link Mac}.
 */
public final class Hkdf {
    /** HashLen for SHA-256. */
    public static final int HASH_LEN = 32;
    private static final String HMAC = "HmacSHA256";

    private Hkdf() {}

    /** RFC 5869 §2.2: PRK = HMAC-Hash(salt, IKM); an empty salt means HashLen zero octets. */
    public static Bytes extract(Bytes salt, Bytes ikm) {
        return Bytes.wrap(extract(salt.unsafeArray(), ikm.unsafeArray()));
    }

    /** RFC 5869 §2.3: OKM = T(1) || T(2) || ... truncated to {@code length} (1..255*HashLen). */
    public static Bytes expand(Bytes prk, Bytes info, int length) {
        return Bytes.wrap(expand(prk.unsafeArray(), info.unsafeArray(), length));
    }

    /** Extract then expand. */
    public static Bytes derive(Bytes salt, Bytes ikm, Bytes info, int length) {
        byte[] prk = extract(salt.unsafeArray(), ikm.unsafeArray());
        try {
            return Bytes.wrap(expand(prk, info.unsafeArray(), length));
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    static byte[] extract(byte[] salt, byte[] ikm) {
        byte[] s = salt.length == 0 ? new byte[HASH_LEN] : salt;
        Mac mac = mac(s);
        return mac.doFinal(ikm);
    }

    static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_LEN) {
            throw new IllegalArgumentException("HKDF output length " + length + " not in 1.." + 255 * HASH_LEN);
        }
        if (prk.length < HASH_LEN) {
            throw new IllegalArgumentException("PRK shorter than HashLen");
        }
        Mac mac = mac(prk);
        byte[] okm = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            Arrays.fill(t, (byte) 0);
            t = mac.doFinal();
            int n = Math.min(t.length, length - done);
            System.arraycopy(t, 0, okm, done, n);
            done += n;
        }
        Arrays.fill(t, (byte) 0);
        return okm;
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("HMAC key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JRE", e);
        }
    }
}
