package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.util.List;
import java.util.Optional;

/**
 * Users, computers and service accounts. Passwords go through {@link PasswordChange}; SPNs through
 * {@link SpnAdmin}. Every write is durable before it returns and visible to lookups at once.
 */
public interface UserAdmin {
    /**
     * Creates an account: a new RID, keys from the password (checked against the policy) or random, the
     * UPN (default {@code sam@dnsname} when given none is a lookup form, not stored), SPNs (unique).
     *
     * @throws DirectoryException NAME_IN_USE, PASSWORD_POLICY, INVALID
     */
    Account create(NewAccount account);

    Optional<Account> get(Sid sid);

    /** By sAMAccountName, case-insensitive. */
    Optional<Account> find(String samAccountName);

    /** Users and computers (not krbtgt, RODC krbtgt or trust accounts), by RID. */
    List<Account> list();

    /** Deletes an account and its keys, SPNs and memberships. Well-known accounts (RID below 1000) are refused. */
    void delete(Sid sid);

    void setEnabled(Sid sid, boolean enabled);

    /** Clears lockoutTime and badPwdCount. */
    void unlock(Sid sid);

    /** Changes UPN, display name, expiry, supported enctypes or uac flags (not the account-type bits). */
    Account update(Sid sid, AccountUpdate update);
}
