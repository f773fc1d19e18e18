package io.kerbridge.kerberos.asn1;

/**
 * A typed decoding failure: every malformed input ends here, never in an
 * ArrayIndexOutOfBounds or an OutOfMemoryError. {@link #reason()} is stable and testable.
 */
public final class DerException extends Exception {
    /** Why an input was refused. */
    public enum Reason {
        TRUNCATED, WRONG_TAG, BAD_LENGTH, INDEFINITE_LENGTH, TOO_LARGE, TRAILING_DATA,
        BAD_VALUE, MISSING_FIELD, TOO_DEEP
    }

    private final Reason reason;
    private final int offset;

    public DerException(Reason reason, int offset, String message) {
        super(reason + " at offset " + offset + ": " + message, null, false, false);
        this.reason = reason;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    public int offset() {
        return offset;
    }
}
