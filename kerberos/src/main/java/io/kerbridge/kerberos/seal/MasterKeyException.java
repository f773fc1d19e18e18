package io.kerbridge.kerberos.seal;

/** Why a master key could not be created, loaded or used; the services map it to their own errors. */
public final class MasterKeyException extends RuntimeException {
    /** What went wrong. */
    public enum Reason {
        /** create: the key file already exists (never overwritten). */
        EXISTS,
        /** load: the key file is missing. */
        MISSING,
        /** load: the file does not hold exactly 32 bytes. */
        WRONG_SIZE,
        /** load: the file is readable or writable by others. */
        TOO_OPEN,
        /** open: a wrong master key, or a tampered, truncated or moved ciphertext. */
        NO_DECRYPT,
        /** the file could not be read or written. */
        IO
    }

    private final Reason reason;

    public MasterKeyException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
