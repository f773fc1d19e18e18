package io.kerbridge.cloud.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords, RFC 6238 over RFC 4226: HMAC-SHA1, 6 digits, 30-second steps, T0 = 0 —
 * the profile every authenticator app accepts from an {@code otpauth://totp/} URI.
 */
public final class Totp {
    public static final int DIGITS = 6;
    public static final long STEP_SECONDS = 30;
    public static final int SECRET_BYTES = 20;

    private Totp() {}

    public static long step(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), STEP_SECONDS);
    }

    /** RFC 4226 §5.3: HOTP(K, C) = Truncate(HMAC-SHA-1(K, C)) mod 10^6, zero-padded to 6 digits. */
    public static String code(byte[] secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] h = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
            int off = h[h.length - 1] & 0x0f;
            int bin = ((h[off] & 0x7f) << 24) | ((h[off + 1] & 0xff) << 16) | ((h[off + 2] & 0xff) << 8) | (h[off + 3] & 0xff);
            return String.format("%06d", bin % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /**
     * The step (within ±{@code window} of now) whose code equals {@code code} and that is later than
     * {@code lastUsedStep}, if any. Refusing steps at or before the last used one makes each code single-use.
     */
    public static OptionalLong match(byte[] secret, String code, Instant now, int window, long lastUsedStep) {
        if (code == null || !code.matches("[0-9]{6}")) {
            return OptionalLong.empty();
        }
        long current = step(now);
        OptionalLong found = OptionalLong.empty();
        for (long s = current - window; s <= current + window; s++) {
            // compare every candidate in constant time; no early exit
            boolean eq = MessageDigest.isEqual(code(secret, s).getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII));
            if (eq && s > lastUsedStep && found.isEmpty()) {
                found = OptionalLong.of(s);
            }
        }
        return found;
    }

    /** The enrolment URI (Google Authenticator key-URI format). */
    public static String uri(String issuer, String account, byte[] secret) {
        String label = enc(issuer) + ":" + enc(account);
        return "otpauth://totp/" + label + "?secret=" + Base32.encode(secret) + "&issuer=" + enc(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
