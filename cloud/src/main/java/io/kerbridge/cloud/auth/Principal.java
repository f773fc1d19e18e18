package io.kerbridge.cloud.auth;

import io.kerbridge.cloud.store.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The authenticated caller of a management call: from a verified token, with the roles it holds now.
 * {@code amr} (RFC 8176 authentication method references, e.g. {@code ["pwd","otp","mfa"]}) and
 * {@code authTime} (when the user actually signed in, OIDC {@code auth_time}) come from the token.
 */
public record Principal(String tenantId, String userId, String upn, Set<Role> roles, List<String> amr, Instant authTime) {
    /** How recent a multi-factor sign-in must be for key provisioning (MS-KPP wants a fresh MFA, protocol-notes §3.1). */
    public static final Duration FRESH_MFA = Duration.ofMinutes(10);
    /** An auth_time this far ahead of our clock is still accepted (the token's own nbf allows the same). */
    static final Duration SKEW = Duration.ofSeconds(30);

    public Principal {
        roles = Set.copyOf(roles);
        amr = List.copyOf(amr);
    }

    /** A caller whose token says nothing about how it signed in (never a fresh multi-factor sign-in). */
    public Principal(String tenantId, String userId, String upn, Set<Role> roles) {
        this(tenantId, userId, upn, roles, List.of(), Instant.EPOCH);
    }

    public boolean holds(Role role) {
        return roles.contains(role);
    }

    /** True when the token's sign-in was multi-factor ({@code amr} has {@code mfa}) and at most 10 minutes ago. */
    public boolean freshMfa(Instant now) {
        return amr.contains(TokenService.AMR_MFA) && !authTime.isAfter(now.plus(SKEW))
                && !now.isAfter(authTime.plus(FRESH_MFA));
    }
}
