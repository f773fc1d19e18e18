package io.kerbridge.directory;

import java.time.Instant;
import java.util.Optional;

/**
 * Account state the KDC checks on every AS/TGS exchange, computed from an {@link Account} and the
 * domain's {@link DomainPolicy} at a given time (MS-ADTS msDS-User-Account-Control-Computed and
 * msDS-UserPasswordExpiryTimeComputed semantics). No I/O; cheap.
 */
public final class AccountStatus {
    private AccountStatus() {}

    /** Locked: lockoutTime set and, unless the duration is zero (admin unlock only), not yet over. */
    public static boolean isLockedOut(Account a, DomainPolicy p, Instant now) {
        Optional<Instant> t = a.lockout().lockoutTime();
        if (t.isEmpty()) {
            return false;
        }
        return p.lockoutDuration().isZero() || now.isBefore(t.get().plus(p.lockoutDuration()));
    }

    public static boolean isAccountExpired(Account a, Instant now) {
        return a.accountExpires().isPresent() && !now.isBefore(a.accountExpires().get());
    }

    /**
     * When the password expires; empty = never (DONT_EXPIRE_PASSWORD, max age zero, or an account whose
     * password the KDC does not age: computers, krbtgt, trusts). pwdLastSet empty (must change) gives
     * the epoch: already expired.
     */
    public static Optional<Instant> passwordExpiresAt(Account a, DomainPolicy p) {
        if (a.type() != AccountType.USER || a.passwordNeverExpires()) {
            return Optional.empty();
        }
        if (a.pwdLastSet().isEmpty()) {
            return Optional.of(Instant.EPOCH);
        }
        if (p.maxPasswordAge().isZero()) {
            return Optional.empty();
        }
        return Optional.of(a.pwdLastSet().get().plus(p.maxPasswordAge()));
    }

    public static boolean isPasswordExpired(Account a, DomainPolicy p, Instant now) {
        return passwordExpiresAt(a, p).map(t -> !now.isBefore(t)).orElse(false);
    }
}
