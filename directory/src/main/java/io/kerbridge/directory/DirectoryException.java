package io.kerbridge.directory;

/**
 * A directory operation that cannot be done, with a stable reason for callers to map (CLI messages,
 * HTTP status codes). Storage failures and a wrong master key are reasons too; bugs are not.
 */
public final class DirectoryException extends RuntimeException {
    public enum Reason {
        /** sAMAccountName, group name, UPN or SPN already taken. */
        NAME_IN_USE,
        NO_SUCH_OBJECT,
        /** The request is malformed (bad name, wrong account type for the operation, protected object). */
        INVALID,
        /** The password does not meet the domain's policy. */
        PASSWORD_POLICY,
        /** The data directory already holds a directory (create) or holds none (open). */
        WRONG_STATE,
        /** The master key does not decrypt this directory's secrets. */
        MASTER_KEY_MISMATCH,
        STORAGE
    }

    private final Reason reason;

    public DirectoryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DirectoryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
