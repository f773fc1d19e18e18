package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;

/**
 * Password changes as kpasswd (RFC 3244) and the admin API make them: policy checked (length,
 * complexity, history, minimum age), new keys for every enctype with the AD salt, kvno + 1, the
 * previous keys kept; durable before the result is returned.
 */
public interface PasswordChange {
    enum Result { OK, TOO_SHORT, NOT_COMPLEX, IN_HISTORY, TOO_SOON, NO_SUCH_ACCOUNT }

    /** The user changes their own password (the old one was proven by the kpasswd ticket). */
    Result change(Sid account, char[] newPassword);

    /** An administrator sets a password; {@code mustChange} sets pwdLastSet = 0. */
    Result set(Sid account, char[] newPassword, boolean mustChange);
}
