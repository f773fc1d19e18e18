package io.kerbridge.kerberos.file;

import java.io.IOException;

/**
 * A ccache or keytab file that cannot be decoded (or written). The {@link Reason} says why, so callers
 * and tests can tell a truncated file from garbage without parsing the message.
 */
public final class KerberosFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why a file was rejected. */
    public enum Reason {
        /** The data ends inside a field. */
        TRUNCATED,
        /** The first bytes are not a version this code reads. */
        UNSUPPORTED_VERSION,
        /** A length, count or file size exceeds what the decoder accepts. */
        TOO_LARGE,
        /** A field holds a value that cannot be right (bad UTF-8, negative length, bad header, ...). */
        MALFORMED,
        /** A value cannot be written in the format (e.g. a time beyond 2106). */
        NOT_ENCODABLE
    }

    private final Reason reason;

    public KerberosFileException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
