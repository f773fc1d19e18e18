package io.kerbridge.directory.internal;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.PasswordChange;
import io.kerbridge.kerberos.crypto.NtHash;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Password changes. A user's own change checks length, complexity, minimum age and history (NT hashes
 * of the newest {@code historyLength} passwords, the current one included); an administrator's reset
 * checks length and complexity only, as AD does without the policy-hints control.
 */
public final class PasswordsImpl implements PasswordChange {
    private final Core core;

    public PasswordsImpl(Core core) {
        this.core = core;
    }

    @Override
    public Result change(Sid account, char[] newPassword) {
        Optional<Account> a = settable(account);
        if (a.isEmpty()) {
            return Result.NO_SUCH_ACCOUNT;
        }
        DomainPolicy p = core.policy();
        Result r = PasswordRules.check(newPassword, p, a.get().samAccountName(), a.get().displayName());
        if (r != Result.OK) {
            return r;
        }
        Instant now = core.now();
        Optional<Instant> last = a.get().pwdLastSet();
        if (last.isPresent() && !p.minPasswordAge().isZero() && now.isBefore(last.get().plus(p.minPasswordAge()))) {
            return Result.TOO_SOON;
        }
        return core.write(c -> {
            if (p.historyLength() > 0 && inHistory(c, account, newPassword, p.historyLength())) {
                return Result.IN_HISTORY;
            }
            apply(c, a.get(), newPassword, Optional.of(now));
            return Result.OK;
        });
    }

    @Override
    public Result set(Sid account, char[] newPassword, boolean mustChange) {
        Optional<Account> a = settable(account);
        if (a.isEmpty()) {
            return Result.NO_SUCH_ACCOUNT;
        }
        Result r = PasswordRules.check(newPassword, core.policy(), a.get().samAccountName(), a.get().displayName());
        if (r != Result.OK) {
            return r;
        }
        Optional<Instant> pwdLastSet = mustChange ? Optional.empty() : Optional.of(core.now());
        core.write(c -> {
            apply(c, a.get(), newPassword, pwdLastSet);
            return null;
        });
        return Result.OK;
    }

    private Optional<Account> settable(Sid sid) {
        return core.index().get(sid).map(Index.Held::account)
                .filter(x -> x.type() == AccountType.USER || x.type() == AccountType.COMPUTER);
    }

    private boolean inHistory(Connection c, Sid sid, char[] pw, int n) throws SQLException {
        EncryptionKey nt = NtHash.of(pw);
        try {
            List<byte[]> previous = KeyTable.history(c, core.masterKey(), sid, n);
            boolean found = false;
            for (byte[] h : previous) {
                found |= MessageDigest.isEqual(h, nt.unsafeBytes());
                java.util.Arrays.fill(h, (byte) 0);
            }
            return found;
        } finally {
            nt.destroy();
        }
    }

    private void apply(Connection c, Account a, char[] pw, Optional<Instant> pwdLastSet) throws SQLException {
        Accounts.setPassword(c, core, a, pw, Accounts.nextKvno(core, a.sid(), Optional.empty()));
        AccountTable.updatePwdLastSet(c, a.sid(), pwdLastSet);
        core.touch(a.sid());
    }
}
