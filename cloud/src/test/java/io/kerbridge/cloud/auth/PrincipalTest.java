package io.kerbridge.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.cloud.store.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** "Fresh multi-factor sign-in" = amr contains mfa and auth_time at most ten minutes ago. */
class PrincipalTest {
    static final Instant SIGNED_IN = Instant.parse("2026-11-25T10:00:00Z");

    static Principal p(List<String> amr, Instant authTime) {
        return new Principal("t", "u", "u@contoso.test", Set.of(Role.GLOBAL_ADMINISTRATOR), amr, authTime);
    }

    @Test
    void freshWithinTenMinutesOfAMultiFactorSignIn() {
        Principal mfa = p(SignIn.MFA_AMR, SIGNED_IN);
        assertThat(mfa.freshMfa(SIGNED_IN)).isTrue();
        assertThat(mfa.freshMfa(SIGNED_IN.plus(Principal.FRESH_MFA))).isTrue();
        assertThat(mfa.freshMfa(SIGNED_IN.plus(Principal.FRESH_MFA).plusSeconds(1))).isFalse();
        assertThat(mfa.freshMfa(SIGNED_IN.minus(Duration.ofMinutes(5)))).isFalse(); // auth_time in the future
    }

    @Test
    void neverFreshWithoutMfaInAmr() {
        assertThat(p(List.of("pwd"), SIGNED_IN).freshMfa(SIGNED_IN)).isFalse();
        assertThat(new Principal("t", "u", "u@contoso.test", Set.of()).freshMfa(SIGNED_IN)).isFalse();
    }
}
