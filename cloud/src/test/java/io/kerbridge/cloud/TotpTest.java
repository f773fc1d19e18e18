package io.kerbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.PasswordHash;
import io.kerbridge.cloud.auth.Totp;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 Appendix B, SHA-1 column, last 6 of the 8 digits. */
    @ParameterizedTest
    @CsvSource({"59,287082", "1111111109,081804", "1111111111,050471", "1234567890,005924", "2000000000,279037",
            "20000000000,353130"})
    void rfc6238Vectors(long t, String code) {
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(t)))).isEqualTo(code);
    }

    @Test
    void matchAcceptsOneStepEitherSideAndRefusesUsedSteps() {
        Instant now = Instant.ofEpochSecond(1_000_000_000L);
        long s = Totp.step(now);
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, s - 1), now, 1, 0)).hasValue(s - 1);
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, s + 1), now, 1, 0)).hasValue(s + 1);
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, s + 2), now, 1, 0)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, s), now, 1, s)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, "12345", now, 1, 0)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, null, now, 1, 0)).isEmpty();
    }

    @Test
    void base32RoundTripAndRfc4648Vector() {
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Base32.decode("MZXW6YTBOI======"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
        assertThat(Base32.decode(Base32.encode(RFC_SECRET))).isEqualTo(RFC_SECRET);
        assertThat(Totp.uri("Kerbridge contoso.test", "admin@contoso.test", RFC_SECRET))
                .startsWith("otpauth://totp/Kerbridge%20contoso.test:admin%40contoso.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    @Test
    void passwordHashIsSaltedAndVerifies() {
        SecureRandom r = new SecureRandom();
        String a = PasswordHash.hash("correct horse".toCharArray(), r, 1000);
        String b = PasswordHash.hash("correct horse".toCharArray(), r, 1000);
        assertThat(a).isNotEqualTo(b).startsWith("pbkdf2-sha256$1000$");
        assertThat(PasswordHash.verify("correct horse".toCharArray(), a)).isTrue();
        assertThat(PasswordHash.verify("correct horsf".toCharArray(), a)).isFalse();
        assertThat(PasswordHash.verify("x".toCharArray(), "garbage")).isFalse();
    }
}
