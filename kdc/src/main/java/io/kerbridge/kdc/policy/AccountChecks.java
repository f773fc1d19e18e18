// MS-KILE 3.3.5.6.1 / 3.3.5.7 account policy; Samba samba_kdc_map_policy_err (notes §3 of
// style-anchors): ACCOUNT_DISABLED, ACCOUNT_EXPIRED, ACCOUNT_LOCKED_OUT -> KDC_ERR_CLIENT_REVOKED,
// PASSWORD_EXPIRED / PASSWORD_MUST_CHANGE -> KDC_ERR_KEY_EXPIRED (notes §2.6, §2.8); Windows event
// 4768 failure code 0x12 "account disabled, expired, or locked out". MIT's KDC_ERR_NAME_EXP for an
// expired account is not what Windows sends, so it is not used.
package io.kerbridge.kdc.policy;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.Uac;
import io.kerbridge.kdc.Rejection;
import io.kerbridge.kdc.Status;
import io.kerbridge.kerberos.types.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Client account checks, each a small named function returning the rejection or empty. */
public final class AccountChecks {
    private AccountChecks() {}

    public static Optional<Rejection> disabled(Account a) {
        return a.isDisabled() ? reject(ErrorCode.KDC_ERR_CLIENT_REVOKED, Status.CLIENT_DISABLED) : Optional.empty();
    }

    /** Locked while lockoutTime + lockoutDuration is in the future (duration zero: until an admin unlocks). */
    public static Optional<Rejection> lockedOut(Account a, DomainPolicy policy, Instant now) {
        Optional<Instant> since = a.lockout().lockoutTime();
        if (since.isEmpty()) {
            return Optional.empty();
        }
        Duration d = policy.lockoutDuration();
        boolean locked = d.isZero() || now.isBefore(since.get().plus(d));
        return locked ? reject(ErrorCode.KDC_ERR_CLIENT_REVOKED, Status.CLIENT_LOCKED_OUT) : Optional.empty();
    }

    public static Optional<Rejection> accountExpired(Account a, Instant now) {
        boolean expired = a.accountExpires().map(t -> !now.isBefore(t)).orElse(false);
        return expired ? reject(ErrorCode.KDC_ERR_CLIENT_REVOKED, Status.CLIENT_EXPIRED) : Optional.empty();
    }

    /**
     * pwdLastSet = 0 (must change at next logon), the PASSWORD_EXPIRED bit, or a password older than
     * MaxPasswordAge, unless DONT_EXPIRE_PASSWORD. Not applied when the client asks for the password
     * change service (kadmin/changepw), so an expired password can still be changed (RFC 3244).
     */
    public static Optional<Rejection> passwordExpired(Account a, DomainPolicy policy, Instant now) {
        return passwordExpiry(a, policy).filter(t -> !now.isBefore(t)).isPresent()
                ? reject(ErrorCode.KDC_ERR_KEY_EXPIRED, Status.KEY_EXPIRED) : Optional.empty();
    }

    /** When the password expires (EPOCH when already due); empty when it never does. */
    public static Optional<Instant> passwordExpiry(Account a, DomainPolicy policy) {
        if (a.passwordNeverExpires()) {
            return Optional.empty();
        }
        if (a.pwdLastSet().isEmpty() || (a.userAccountControl() & Uac.PASSWORD_EXPIRED) != 0) {
            return Optional.of(Instant.EPOCH);
        }
        if (policy.maxPasswordAge().isZero()) {
            return Optional.empty();
        }
        return Optional.of(a.pwdLastSet().get().plus(policy.maxPasswordAge()));
    }

    private static Optional<Rejection> reject(ErrorCode code, Status status) {
        return Optional.of(Rejection.of(code, status));
    }
}
