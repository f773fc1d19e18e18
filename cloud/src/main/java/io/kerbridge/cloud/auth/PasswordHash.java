package io.kerbridge.cloud.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted password hashes: PBKDF2-HMAC-SHA256, 16-byte random salt, 32-byte output, stored as
 * {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} so the work factor can grow without a migration.
 */
public final class PasswordHash {
    public static final int DEFAULT_ITERATIONS = 210_000;
    private static final String PREFIX = "pbkdf2-sha256";

    private PasswordHash() {}

    public static String hash(char[] password, SecureRandom random) {
        return hash(password, random, DEFAULT_ITERATIONS);
    }

    public static String hash(char[] password, SecureRandom random, int iterations) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, iterations));
    }

    /** Constant-time check; a malformed stored hash never matches. */
    public static boolean verify(char[] password, String stored) {
        if (io.kerbridge.kerberos.phs.PasswordHashSync.isVerifier(stored)) { // a synced user's on-premises password
            return io.kerbridge.kerberos.phs.PasswordHashSync.matches(password, stored);
        }
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            byte[] actual = derive(password, salt, iterations);
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Burns the same time as a real check, for unknown user names (no account enumeration by timing). */
    public static void dummyVerify(char[] password) {
        derive(password, new byte[16], DEFAULT_ITERATIONS);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }

    static void wipe(char[] c) {
        Arrays.fill(c, '\0');
    }
}
