package io.kerbridge.directory.internal;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.Account.LockoutState;
import io.kerbridge.directory.AccountEvents;
import io.kerbridge.directory.AccountStatus;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.kerberos.pac.Sid;
import java.time.Instant;
import java.util.Optional;

/**
 * Lockout bookkeeping (MS-SAMR 3.1.1.8.3-ish, as AD behaves): a failure after the observation window
 * starts counting afresh; the threshold-th failure within it locks; failures while locked are not
 * counted; a lockout ends by itself after the lockout duration (never, if zero) or by an admin unlock.
 * A good password writes only when there is something to reset.
 */
public final class EventsImpl implements AccountEvents {
    private final Core core;

    public EventsImpl(Core core) {
        this.core = core;
    }

    @Override
    public void badPassword(Sid account, Instant when) {
        Optional<Index.Held> atFailure = core.index().get(account);
        if (atFailure.isEmpty()) {
            return;
        }
        core.write(c -> {
            // read under the write lock (and, with several DC nodes, after catching up with the others, whose
            // writes wait for ours): concurrent failures on any node must not lose a count
            Optional<Index.Held> h = core.index().get(account);
            DomainPolicy p = core.policy();
            if (h.isEmpty() || AccountStatus.isLockedOut(h.get().account(), p, when)
                    || !sameKeys(atFailure.get(), h.get())) {
                // a failure against keys that were replaced meanwhile (e.g. on another node, not yet polled) is not
                // the user's fault: the new password was checked against the old keys
                return null;
            }
            AccountTable.updateLockout(c, account, next(h.get().account().lockout(), p, when));
            core.touch(account);
            return null;
        });
    }

    private static boolean sameKeys(Index.Held a, Index.Held b) {
        return a.main().currentKeys().map(k -> k.kvno()).equals(b.main().currentKeys().map(k -> k.kvno()));
    }

    static LockoutState next(LockoutState l, DomainPolicy p, Instant when) {
        int count = l.badPwdCount();
        if (l.lockoutTime().isPresent()) {
            count = 0; // a lockout that has ended
        }
        if (l.badPasswordTime().isPresent() && !when.isBefore(l.badPasswordTime().get().plus(p.lockoutWindow()))) {
            count = 0;
        }
        count++;
        Optional<Instant> lockout = p.lockoutThreshold() > 0 && count >= p.lockoutThreshold()
                ? Optional.of(when)
                : Optional.empty();
        return new LockoutState(count, Optional.of(when), lockout);
    }

    @Override
    public void goodPassword(Sid account, Instant when) {
        Optional<Index.Held> h = core.index().get(account);
        if (h.isEmpty()) {
            return;
        }
        Account a = h.get().account();
        LockoutState l = a.lockout();
        if (l.badPwdCount() == 0 && l.lockoutTime().isEmpty()) {
            return;
        }
        if (AccountStatus.isLockedOut(a, core.policy(), when)) {
            return;
        }
        core.write(c -> {
            Optional<Index.Held> now = core.index().get(account);
            if (now.isEmpty() || AccountStatus.isLockedOut(now.get().account(), core.policy(), when)) {
                return null;
            }
            LockoutState cur = now.get().account().lockout();
            AccountTable.updateLockout(c, account, new LockoutState(0, cur.badPasswordTime(), Optional.empty()));
            core.touch(account);
            return null;
        });
    }
}
