package io.kerbridge.directory.internal;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.Account.LockoutState;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.AccountUpdate;
import io.kerbridge.directory.DirectoryException;
import io.kerbridge.directory.DirectoryException.Reason;
import io.kerbridge.directory.NewAccount;
import io.kerbridge.directory.PasswordChange.Result;
import io.kerbridge.directory.Uac;
import io.kerbridge.directory.UserAdmin;
import io.kerbridge.directory.WellKnown;
import io.kerbridge.kerberos.pac.Sid;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Users and computers. */
public final class UsersImpl implements UserAdmin {
    private static final String BAD_SAM_CHARS = "\"/\\[]:;|=,+*?<>@";

    private final Core core;

    public UsersImpl(Core core) {
        this.core = core;
    }

    @Override
    public Account create(NewAccount spec) {
        validate(spec);
        Instant now = core.now();
        boolean computer = spec.type() == AccountType.COMPUTER;
        int uac = (computer ? Uac.WORKSTATION_TRUST_ACCOUNT : Uac.NORMAL_ACCOUNT) | spec.extraUac();
        long primary = computer ? WellKnown.DOMAIN_COMPUTERS : WellKnown.DOMAIN_USERS;
        Optional<Instant> pwdLastSet = spec.mustChangePassword() ? Optional.empty() : Optional.of(now);
        return core.write(c -> {
            checkNamesFree(c, spec);
            Sid sid = core.domain().sidWithRid(DomainTable.allocateRid(c));
            Account a = new Account(sid, spec.samAccountName(), spec.type(), spec.userPrincipalName(),
                    spec.displayName(), uac, (int) primary, spec.servicePrincipalNames(),
                    spec.supportedEncryptionTypes(), spec.accountExpires(), pwdLastSet, LockoutState.CLEAR);
            AccountTable.insert(c, new AccountRow(a, Optional.empty(), Optional.empty()));
            if (spec.password().isPresent()) {
                Accounts.setPassword(c, core, a, spec.password().get(), 1);
            } else {
                Accounts.setRandom(c, core, a, 1);
            }
            core.touch(sid);
            return a;
        });
    }

    private void validate(NewAccount spec) {
        String sam = spec.samAccountName();
        boolean dollar = sam.endsWith("$");
        if (sam.isEmpty() || sam.length() > 20 || sam.chars().anyMatch(ch -> BAD_SAM_CHARS.indexOf(ch) >= 0
                || ch < 0x20) || sam.endsWith(".")) {
            throw new DirectoryException(Reason.INVALID, "not a valid sAMAccountName: " + sam);
        }
        if (dollar != (spec.type() == AccountType.COMPUTER)) {
            throw new DirectoryException(Reason.INVALID, "computer and service account names, and only they, end in $");
        }
        if (spec.password().isEmpty() && spec.type() == AccountType.USER) {
            throw new DirectoryException(Reason.INVALID, "a user needs a password");
        }
        if (spec.password().isPresent()) {
            Result r = PasswordRules.check(spec.password().get(), core.policy(), sam, spec.displayName());
            if (r != Result.OK) {
                throw new DirectoryException(Reason.PASSWORD_POLICY, "password for " + sam + ": " + r);
            }
        }
    }

    private void checkNamesFree(Connection c, NewAccount spec) throws SQLException {
        String implicitUpn = spec.samAccountName() + "@" + core.domain().dnsName();
        if (AccountTable.samTaken(c, spec.samAccountName()) || AccountTable.upnTaken(c, implicitUpn)) {
            throw new DirectoryException(Reason.NAME_IN_USE, "name in use: " + spec.samAccountName());
        }
        if (spec.userPrincipalName().isPresent()) {
            checkUpnFree(c, spec.userPrincipalName().get(), null);
        }
        for (String spn : spec.servicePrincipalNames()) {
            SpnsImpl.checkSpn(spn);
            if (AccountTable.spnOwner(c, spn).isPresent()) {
                throw new DirectoryException(Reason.NAME_IN_USE, "SPN in use: " + spn);
            }
        }
    }

    /**
     * A UPN must be unique among explicit UPNs and must not shadow another account's implicit
     * {@code sam@dnsname} (or {@code sam@REALM}) form.
     */
    private void checkUpnFree(Connection c, String upn, Sid self) throws SQLException {
        if (upn.indexOf('@') <= 0 || upn.endsWith("@")) {
            throw new DirectoryException(Reason.INVALID, "not a UPN: " + upn);
        }
        if (AccountTable.upnTaken(c, upn)) {
            throw new DirectoryException(Reason.NAME_IN_USE, "UPN in use: " + upn);
        }
        int at = upn.lastIndexOf('@');
        String suffix = upn.substring(at + 1);
        if (suffix.equalsIgnoreCase(core.domain().dnsName()) || suffix.equalsIgnoreCase(core.domain().realm())) {
            var other = core.index().bySam(upn.substring(0, at));
            if (other != null && !other.account().sid().equals(self)) {
                throw new DirectoryException(Reason.NAME_IN_USE, "UPN " + upn + " is the implicit UPN of "
                        + other.account().samAccountName());
            }
        }
    }

    @Override
    public Optional<Account> get(Sid sid) {
        return core.index().get(sid).map(Index.Held::account);
    }

    @Override
    public Optional<Account> find(String samAccountName) {
        return Optional.ofNullable(core.index().bySam(samAccountName)).map(e -> e.account());
    }

    @Override
    public List<Account> list() {
        return core.index().all().stream().map(Index.Held::account)
                .filter(a -> a.type() == AccountType.USER || a.type() == AccountType.COMPUTER)
                .sorted(Comparator.comparingLong(Account::rid)).toList();
    }

    @Override
    public void delete(Sid sid) {
        Account a = core.require(sid).account();
        if (a.rid() < 1000 || (a.type() != AccountType.USER && a.type() != AccountType.COMPUTER)) {
            throw new DirectoryException(Reason.INVALID, "cannot delete " + a.samAccountName() + " here");
        }
        core.write(c -> {
            AccountTable.delete(c, sid);
            core.touch(sid);
            core.touchGroups();
            return null;
        });
    }

    @Override
    public void setEnabled(Sid sid, boolean enabled) {
        core.require(sid);
        core.write(c -> {
            int uac = core.require(sid).account().userAccountControl();
            AccountTable.updateUac(c, sid, enabled ? uac & ~Uac.ACCOUNTDISABLE : uac | Uac.ACCOUNTDISABLE);
            core.touch(sid);
            return null;
        });
    }

    @Override
    public void unlock(Sid sid) {
        core.require(sid);
        core.write(c -> {
            AccountTable.updateLockout(c, sid, LockoutState.CLEAR);
            core.touch(sid);
            return null;
        });
    }

    @Override
    public Account update(Sid sid, AccountUpdate u) {
        core.require(sid);
        if (((u.setUac() | u.clearUac()) & AccountUpdate.TYPE_BITS) != 0) {
            throw new DirectoryException(Reason.INVALID, "account type bits of userAccountControl cannot change");
        }
        return core.write(c -> {
            Account a = core.require(sid).account(); // current, under the write lock
            Account next = applied(a, u);
            Optional<String> upn = next.userPrincipalName();
            if (upn.isPresent() && !upn.equals(a.userPrincipalName())) {
                checkUpnFree(c, upn.get(), sid);
            }
            AccountTable.update(c, next);
            core.touch(sid);
            return next;
        });
    }

    private static Account applied(Account a, AccountUpdate u) {
        Optional<String> upn = u.userPrincipalName().isPresent()
                ? u.userPrincipalName().filter(s -> !s.isEmpty())
                : a.userPrincipalName();
        Optional<Instant> expires = u.accountExpires().isPresent()
                ? u.accountExpires().filter(t -> !t.equals(Instant.MAX))
                : a.accountExpires();
        return new Account(a.sid(), a.samAccountName(), a.type(), upn, u.displayName().orElse(a.displayName()),
                (a.userAccountControl() | u.setUac()) & ~u.clearUac(), a.primaryGroupRid(), a.servicePrincipalNames(),
                u.supportedEncryptionTypes().orElse(a.supportedEncryptionTypes()), expires, a.pwdLastSet(),
                a.lockout());
    }
}
