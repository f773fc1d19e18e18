package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A security principal of a domain as the KDC sees it (MS-ADTS attribute names in the comments).
 * Immutable: a change is a new record written through the admin interfaces.
 *
 * @param sid objectSid (domain SID + RID)
 * @param samAccountName sAMAccountName, e.g. {@code alice}, {@code FILES$}, {@code krbtgt}
 * @param userPrincipalName userPrincipalName, e.g. {@code alice@contoso.test}
 * @param userAccountControl userAccountControl ({@link Uac} bits)
 * @param primaryGroupRid primaryGroupID (513 Domain Users, 515 Domain Computers)
 * @param servicePrincipalNames servicePrincipalName, e.g. {@code HTTP/files.contoso.test}
 * @param supportedEncryptionTypes msDS-SupportedEncryptionTypes (MS-KILE 2.2.7 bits); 0 = domain default
 * @param accountExpires accountExpires; empty = never
 * @param pwdLastSet pwdLastSet; empty = 0, the user must change the password at next logon
 * @param lockout badPwdCount, badPasswordTime and lockoutTime
 */
public record Account(Sid sid, String samAccountName, AccountType type, Optional<String> userPrincipalName,
        String displayName, int userAccountControl, int primaryGroupRid, List<String> servicePrincipalNames,
        int supportedEncryptionTypes, Optional<Instant> accountExpires, Optional<Instant> pwdLastSet,
        LockoutState lockout) {
    public Account {
        servicePrincipalNames = List.copyOf(servicePrincipalNames);
    }

    public long rid() {
        List<Long> sub = sid.subAuthorities();
        return sub.get(sub.size() - 1);
    }

    public boolean isDisabled() {
        return (userAccountControl & Uac.ACCOUNTDISABLE) != 0;
    }

    public boolean passwordNeverExpires() {
        return (userAccountControl & Uac.DONT_EXPIRE_PASSWORD) != 0;
    }

    /** badPwdCount, badPasswordTime, lockoutTime (empty = not locked). */
    public record LockoutState(int badPwdCount, Optional<Instant> badPasswordTime, Optional<Instant> lockoutTime) {
        public static final LockoutState CLEAR = new LockoutState(0, Optional.empty(), Optional.empty());
    }
}
