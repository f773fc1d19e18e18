package io.kerbridge.cloud.auth;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.AuditLog;
import io.kerbridge.cloud.Metrics;
import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.Credentials;
import io.kerbridge.cloud.store.MasterKey;
import io.kerbridge.cloud.store.Role;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Password + TOTP sign-in of a cloud user, giving a bearer token. Checks in order: account known with a
 * password (else INVALID_CREDENTIALS after a dummy hash, so timing does not tell), not locked out, password,
 * account enabled, TOTP (±1 step, and each step usable once: replays refused). Failures of the password or
 * TOTP count towards a lockout ({@value #LOCKOUT_THRESHOLD} in a row lock the account for 15 minutes).
 * Every attempt is audited with its status code.
 */
public final class SignIn {
    public static final int LOCKOUT_THRESHOLD = 5;
    public static final Duration LOCKOUT = Duration.ofMinutes(15);

    /** A password + TOTP sign-in is multi-factor (RFC 8176). */
    public static final java.util.List<String> MFA_AMR = java.util.List.of(TokenService.AMR_PASSWORD, TokenService.AMR_OTP,
            TokenService.AMR_MFA);

    public record Issued(String token, Instant expiresAt, User user, Set<Role> roles) {}

    private final CloudStore store;
    private final MasterKey master;
    private final TokenService tokens;
    private final AuditLog audit;
    private final Metrics metrics;
    private final Clock clock;

    public SignIn(CloudStore store, MasterKey master, TokenService tokens, AuditLog audit, Metrics metrics, Clock clock) {
        this.store = store;
        this.master = master;
        this.tokens = tokens;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Issued signIn(Tenant tenant, String username, char[] password, String totp) throws ApiException {
        Optional<User> found = store.users().find(tenant.id(), username);
        Optional<Credentials> cred = found.flatMap(u -> store.users().credentials(u.id()));
        if (found.isEmpty() || cred.isEmpty() || cred.get().passwordHash().isEmpty()) {
            PasswordHash.dummyVerify(password);
            throw fail(tenant, username, AuditLog.INVALID_CREDENTIALS, "invalid_credentials",
                    "wrong user name or password", "unknown user or no cloud password");
        }
        User user = found.get();
        Credentials c = cred.get();
        Instant now = clock.instant();
        if (now.isBefore(c.lockedUntil())) {
            throw fail(tenant, user.upn(), AuditLog.ACCOUNT_LOCKED, "account_locked",
                    "the account is locked after repeated failed sign-ins; try again later", "locked");
        }
        if (!PasswordHash.verify(password, c.passwordHash().get())) {
            countFailure(user, now);
            throw fail(tenant, user.upn(), AuditLog.INVALID_CREDENTIALS, "invalid_credentials",
                    "wrong user name or password", "wrong password");
        }
        if (!user.enabled()) {
            throw fail(tenant, user.upn(), AuditLog.ACCOUNT_DISABLED, "account_disabled", "the account is disabled",
                    "disabled");
        }
        if (user.passwordExpiredAt(now)) {
            throw fail(tenant, user.upn(), AuditLog.PASSWORD_EXPIRED, "password_expired", "the password has expired; "
                    + "change it on-premises (kerbridge passwd or kpasswd) and let the sync agent run, then sign in again",
                    "password expired");
        }
        if (c.sealedTotp().isEmpty()) {
            throw fail(tenant, user.upn(), AuditLog.STRONG_AUTH_FAILED, "totp_not_enrolled",
                    "the account has no second factor enrolled", "no TOTP secret");
        }
        byte[] secret = master.open(c.sealedTotp().get(), "totp:" + user.id());
        OptionalLong step = Totp.match(secret, totp, now, 1, c.totpLastStep());
        if (step.isEmpty()) {
            boolean replay = Totp.match(secret, totp, now, 1, Long.MIN_VALUE).isPresent();
            countFailure(user, now);
            throw fail(tenant, user.upn(), AuditLog.STRONG_AUTH_FAILED, replay ? "totp_replayed" : "invalid_totp",
                    replay ? "this one-time code was already used; wait for the next one" : "wrong or missing one-time code",
                    replay ? "TOTP code replayed" : "wrong TOTP code");
        }
        if (!store.users().consumeTotpStep(user.id(), step.getAsLong())) {
            throw fail(tenant, user.upn(), AuditLog.STRONG_AUTH_FAILED, "totp_replayed",
                    "this one-time code was already used; wait for the next one", "TOTP code replayed (race)");
        }
        store.users().resetFailures(user.id());
        Set<Role> roles = store.roles().of(user.id());
        String token = tokens.issue(user, roles, MFA_AMR, now);
        audit.record(tenant.id(), AuditLog.SIGN_IN, "Sign-in", user.upn(), user.upn(), true, AuditLog.OK,
                "password+totp; roles=" + roles.stream().map(Role::key).sorted().toList());
        metrics.inc("kerbridge_cloud_signins_total", "code", "0");
        metrics.inc("kerbridge_cloud_tokens_issued_total");
        return new Issued(token, now.plus(tokens.lifetime()), user, roles);
    }

    private void countFailure(User user, Instant now) {
        store.users().recordFailure(user.id(), LOCKOUT_THRESHOLD, now.plus(LOCKOUT));
    }

    private ApiException fail(Tenant tenant, String who, int status, String code, String message, String detail) {
        audit.record(tenant.id(), AuditLog.SIGN_IN, "Sign-in", who, who, false, status, detail);
        metrics.inc("kerbridge_cloud_signins_total", "code", Integer.toString(status));
        return ApiException.unauthorized(code, message);
    }
}
