package io.kerbridge.kerberos.pac;

/**
 * A PAC, an NDR stream or a PAC signing request was refused. Every refusal carries a {@link Reason};
 * decoding garbage never throws anything else.
 */
public final class PacException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the input was refused. Stable names: tests and audit logs may assert on them. */
    public enum Reason {
        /** The data ends before a field, array or buffer it announces. */
        TRUNCATED,
        /** A header field (NDR serialization header, PACTYPE) has a value we do not accept. */
        BAD_HEADER,
        /** PACTYPE.Version is not 0 (MS-PAC 2.3). */
        BAD_VERSION,
        /** A count does not fit in the data that follows, or disagrees with its conformance. */
        BAD_COUNT,
        /** A PAC_INFO_BUFFER offset points inside the header or beyond the PAC. */
        BAD_OFFSET,
        /** A PAC_INFO_BUFFER offset is not 8-byte aligned (MS-PAC 2.4). */
        MISALIGNED,
        /** Two PAC buffers share bytes. */
        OVERLAP,
        /** A buffer type that may appear once appears twice. */
        DUPLICATE_BUFFER,
        /** A pointer is null where a value is required, or non-null where none may follow. */
        BAD_POINTER,
        /** An RPC_UNICODE_STRING or counted string is inconsistent. */
        BAD_STRING,
        /** A SID is malformed (MS-DTYP 2.4.2). */
        BAD_SID,
        /** A field holds a value outside its range. */
        BAD_VALUE,
        /** A required PAC buffer is absent. */
        MISSING_BUFFER,
        /** The checksum type cannot be used for PAC signatures or is not implemented. */
        UNSUPPORTED_CHECKSUM,
        /** An encoded value would exceed a protocol limit (e.g. a 16-bit length). */
        TOO_LARGE
    }

    private final Reason reason;

    public PacException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public PacException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
