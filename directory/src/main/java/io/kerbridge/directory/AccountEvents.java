package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.time.Instant;

/**
 * The only writes the KDC makes: lockout bookkeeping (MS-SAMR 3.1.1.8.3-ish semantics). A
 * successful logon writes only when it has something to reset, so a busy KDC does not write per AS.
 */
public interface AccountEvents {
    /** Counts a bad password; locks the account when the domain's threshold is reached. */
    void badPassword(Sid account, Instant when);

    /** Resets badPwdCount if it is not already zero. */
    void goodPassword(Sid account, Instant when);
}
