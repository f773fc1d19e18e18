package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.pac.PacException.Reason;
import java.util.Objects;

/**
 * RPC_UNICODE_STRING (MS-DTYP 2.3.10): Length and MaximumLength in bytes, and a unique pointer to a
 * conformant varying array of WCHAR ({@code size_is(MaximumLength/2), length_is(Length/2)}).
 * {@code present = false} is the null pointer, which is not the same wire form as an empty string.
 */
public record RpcUnicodeString(String value, int maximumLength, boolean present) {
    public static final RpcUnicodeString NULL = new RpcUnicodeString("", 0, false);
    public static final RpcUnicodeString EMPTY = of("");

    public RpcUnicodeString {
        Objects.requireNonNull(value, "value");
        if (2L * value.length() > 0xFFFF || maximumLength > 0xFFFF || maximumLength < 2 * value.length()
                || (maximumLength & 1) != 0) {
            throw new IllegalArgumentException("RPC_UNICODE_STRING lengths out of range");
        }
        if (!present && !value.isEmpty()) {
            throw new IllegalArgumentException("a null RPC_UNICODE_STRING has no value");
        }
    }

    /** A present string whose MaximumLength equals its Length. */
    public static RpcUnicodeString of(String value) {
        return new RpcUnicodeString(value, 2 * value.length(), true);
    }

    /** Length in bytes. */
    public int length() {
        return 2 * value.length();
    }

    @Override
    public String toString() {
        return present ? value : "<null>";
    }

    /** The inline part (Length, MaximumLength, pointer), before the deferred characters. */
    record Header(int length, int maximumLength, int referent) {
        static Header read(NdrReader r) throws PacException {
            return new Header(r.a16(), r.a16(), r.pointer());
        }

        RpcUnicodeString readDeferred(NdrReader r) throws PacException {
            if ((length & 1) != 0 || (maximumLength & 1) != 0 || length > maximumLength) {
                throw new PacException(Reason.BAD_STRING, "RPC_UNICODE_STRING Length " + length
                        + ", MaximumLength " + maximumLength);
            }
            if (referent == 0) {
                if (length != 0) {
                    throw new PacException(Reason.BAD_STRING, "null RPC_UNICODE_STRING with Length " + length);
                }
                return new RpcUnicodeString("", maximumLength, false);
            }
            long max = r.a32() & 0xFFFF_FFFFL;
            long offset = r.a32() & 0xFFFF_FFFFL;
            long actual = r.a32() & 0xFFFF_FFFFL;
            if (max != maximumLength / 2 || offset != 0 || actual != length / 2) {
                throw new PacException(Reason.BAD_STRING, "string array (max " + max + ", offset " + offset
                        + ", actual " + actual + ") disagrees with Length " + length + "/MaximumLength "
                        + maximumLength);
            }
            return new RpcUnicodeString(r.utf16((int) actual), maximumLength, true);
        }
    }

    void writeHeader(NdrWriter w) {
        w.a16(length()).a16(maximumLength).pointer(present);
    }

    void writeDeferred(NdrWriter w) {
        if (present) {
            w.a32(maximumLength / 2).a32(0).a32(value.length()).utf16(value);
        }
    }
}
