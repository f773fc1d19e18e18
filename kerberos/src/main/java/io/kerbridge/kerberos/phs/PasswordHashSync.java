// Password hash synchronisation, the Entra Connect mechanism by which a cloud verifies an on-premises password
// without holding it (protocol-notes §1.3/§2.1 context: synced users sign in to the cloud with their AD password
// before they provision Hello). Microsoft hashes the NT hash again with PBKDF2; we hash the account's
// aes256-cts-hmac-sha1-96 long-term key (RFC 3962 string-to-key) instead, so no RC4/NT-hash key has to exist.
package io.kerbridge.kerberos.phs;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.KerberosCryptoException;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A one-way verifier of an on-premises password, made by the DC from the account's current aes256 key and sent by
 * the sync agent to the cloud:
 * {@code kerberos-phs$1$<s2k iterations>$<b64 Kerberos salt>$<pbkdf2 iterations>$<b64 salt>$<b64 PBKDF2-HMAC-SHA256(
 * hex(aes256 key), salt)>}. The cloud checks a password by deriving the aes256 key from it (RFC 3962, with the
 * account's Kerberos salt) and comparing the PBKDF2 of that in constant time. Neither the password nor the key
 * leaves the DC; a stolen verifier costs an attacker an RFC 3962 derivation plus {@link #ITERATIONS} rounds per guess.
 */
public final class PasswordHashSync {
    public static final String PREFIX = "kerberos-phs";
    public static final int ITERATIONS = 100_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int MAX_LENGTH = 1024;

    private PasswordHashSync() {}

    /** The verifier of {@code aes256Key}, the key derived with {@code kerberosSalt} and {@code s2kIterations}. */
    public static String verifier(EncryptionKey aes256Key, String kerberosSalt, int s2kIterations, SecureRandom random) {
        if (!aes256Key.type().equals(EncType.AES256_CTS_HMAC_SHA1_96)) {
            throw new IllegalArgumentException("password hash sync needs the aes256-cts-hmac-sha1-96 key");
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "$1$" + s2kIterations + "$" + b64.encodeToString(kerberosSalt.getBytes(StandardCharsets.UTF_8))
                + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(aes256Key, salt, ITERATIONS));
    }

    public static boolean isVerifier(String stored) {
        return stored != null && stored.startsWith(PREFIX + "$");
    }

    /** Whether {@code verifier} is well formed (the cloud checks this before storing one). */
    public static boolean wellFormed(String verifier) {
        return parse(verifier).isPresent();
    }

    /** Whether {@code password} is the password the verifier was made from. */
    public static boolean matches(char[] password, String verifier) {
        Optional<Parsed> p = parse(verifier);
        if (p.isEmpty()) {
            return false;
        }
        try {
            EncryptionKey key = Enctypes.find(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow().stringToKey(password,
                    Bytes.of(p.get().kerberosSalt()),
                    Bytes.of(java.nio.ByteBuffer.allocate(4).putInt(p.get().s2kIterations()).array())); // RFC 3962 §4
            return MessageDigest.isEqual(pbkdf2(key, p.get().salt(), p.get().iterations()), p.get().hash());
        } catch (KerberosCryptoException e) {
            return false;
        }
    }

    private record Parsed(int s2kIterations, byte[] kerberosSalt, int iterations, byte[] salt, byte[] hash) {}

    private static Optional<Parsed> parse(String v) {
        if (v == null || v.length() > MAX_LENGTH || !isVerifier(v)) {
            return Optional.empty();
        }
        String[] f = v.split("\\$", -1);
        if (f.length != 7 || !f[1].equals("1")) {
            return Optional.empty();
        }
        try {
            Base64.Decoder d = Base64.getDecoder();
            int s2k = Integer.parseInt(f[2]);
            int iter = Integer.parseInt(f[4]);
            byte[] hash = d.decode(f[6]);
            if (s2k < 1 || s2k > MAX_ITERATIONS || iter < 1 || iter > MAX_ITERATIONS || hash.length != 32) {
                return Optional.empty();
            }
            return Optional.of(new Parsed(s2k, d.decode(f[3]), iter, d.decode(f[5]), hash));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] pbkdf2(EncryptionKey key, byte[] salt, int iterations) {
        char[] hex = HexFormat.of().formatHex(key.unsafeBytes()).toCharArray();
        try {
            PBEKeySpec spec = new PBEKeySpec(hex, salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(hex, '\0');
        }
    }
}
