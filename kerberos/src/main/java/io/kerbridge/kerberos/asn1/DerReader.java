package io.kerbridge.kerberos.asn1;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A bounded cursor over DER bytes (X.690 §8, §10). Each reader covers a [start, end) window of
 * one shared array; {@link #sequence} and {@link #explicit} return child readers limited to the
 * element's content, so no read can run past its parent. Definite lengths only; lengths above
 * {@link Der#MAX_MESSAGE} or past the window are refused before anything is allocated, which
 * bounds memory by the input size and time by its length.
 */
public final class DerReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    private DerReader(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    public static DerReader of(byte[] der) throws DerException {
        if (der.length > Der.MAX_MESSAGE) {
            throw new DerException(Reason.TOO_LARGE, 0, der.length + " bytes");
        }
        return new DerReader(der, 0, der.length);
    }

    public static DerReader of(Bytes der) throws DerException {
        return of(der.unsafeArray());
    }

    public boolean hasMore() {
        return pos < end;
    }

    public int position() {
        return pos;
    }

    /** The raw bytes between two positions of this reader (to keep what a checksum covers). */
    public Bytes raw(int from, int to) {
        return Bytes.of(buf, from, to - from);
    }

    /** The identifier octet of the next element, or -1 at the end of the window. */
    public int peekTag() {
        return pos < end ? buf[pos] & 0xFF : -1;
    }

    public void expectEnd() throws DerException {
        if (pos != end) {
            throw new DerException(Reason.TRAILING_DATA, pos, (end - pos) + " unexpected bytes");
        }
    }

    /** Reads identifier and length of an element with the given tag; returns the content end. */
    private int header(int tag) throws DerException {
        if (pos >= end) {
            throw new DerException(Reason.TRUNCATED, pos, "expected tag 0x" + Integer.toHexString(tag));
        }
        int got = buf[pos] & 0xFF;
        if (got != tag) {
            throw new DerException(Reason.WRONG_TAG, pos,
                    "expected tag 0x" + Integer.toHexString(tag) + ", got 0x" + Integer.toHexString(got));
        }
        if ((got & 0x1F) == 0x1F) {
            throw new DerException(Reason.WRONG_TAG, pos, "high tag numbers are not used by Kerberos");
        }
        pos++;
        if (pos >= end) {
            throw new DerException(Reason.TRUNCATED, pos, "missing length");
        }
        int first = buf[pos++] & 0xFF;
        long len;
        if (first < 0x80) {
            len = first;
        } else if (first == 0x80) {
            throw new DerException(Reason.INDEFINITE_LENGTH, pos - 1, "indefinite length is not DER");
        } else {
            int n = first & 0x7F;
            if (n > 4) {
                throw new DerException(Reason.TOO_LARGE, pos - 1, n + " length octets");
            }
            if (end - pos < n) {
                throw new DerException(Reason.TRUNCATED, pos, "length octets");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (buf[pos++] & 0xFF);
            }
        }
        if (len > Der.MAX_MESSAGE) {
            throw new DerException(Reason.TOO_LARGE, pos, "length " + len);
        }
        if (len > end - pos) {
            throw new DerException(Reason.BAD_LENGTH, pos, "length " + len + " exceeds the " + (end - pos) + " bytes left");
        }
        return pos + (int) len;
    }

    /** Enters an element with a constructed tag and returns a reader limited to its content. */
    public DerReader constructed(int tag) throws DerException {
        int contentEnd = header(tag);
        DerReader child = new DerReader(buf, pos, contentEnd);
        pos = contentEnd;
        return child;
    }

    public DerReader sequence() throws DerException {
        return constructed(Der.SEQUENCE);
    }

    public DerReader application(int n) throws DerException {
        return constructed(Der.application(n));
    }

    /** Enters explicit context tag [n]. */
    public DerReader explicit(int n) throws DerException {
        return constructed(Der.context(n));
    }

    /** True when the next element is context tag [n] (for OPTIONAL fields). */
    public boolean isNext(int n) {
        return peekTag() == Der.context(n);
    }

    /** Skips one element of any tag, returning its full encoding. */
    public Bytes readAny() throws DerException {
        int start = pos;
        int tag = peekTag();
        if (tag < 0) {
            throw new DerException(Reason.TRUNCATED, pos, "expected an element");
        }
        pos = header(tag);
        return raw(start, pos);
    }

    private byte[] primitive(int tag) throws DerException {
        int contentEnd = header(tag);
        byte[] out = java.util.Arrays.copyOfRange(buf, pos, contentEnd);
        pos = contentEnd;
        return out;
    }

    /** INTEGER that must fit a signed 64-bit value. */
    public long readLong() throws DerException {
        int at = pos;
        byte[] v = primitive(Der.INTEGER);
        if (v.length == 0 || v.length > 8) {
            throw new DerException(Reason.BAD_VALUE, at, "INTEGER of " + v.length + " bytes");
        }
        long x = v[0]; // sign-extended
        for (int i = 1; i < v.length; i++) {
            x = (x << 8) | (v[i] & 0xFF);
        }
        return x;
    }

    /** Int32: -2^31..2^31-1. */
    public int readInt32() throws DerException {
        int at = pos;
        long v = readLong();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new DerException(Reason.BAD_VALUE, at, "not an Int32: " + v);
        }
        return (int) v;
    }

    /**
     * A 32-bit unsigned quantity (UInt32 kvno, nonce) in either form seen on the wire: the RFC
     * 4120 positive form (up to 5 bytes) or the MS-KILE 3.1.5.8 signed form (negative for values
     * ≥ 2^31). Returned as the 32 bits, to be read with {@code & 0xFFFFFFFFL}.
     */
    public int readUInt32Bits() throws DerException {
        int at = pos;
        long v = readLong();
        if (v < Integer.MIN_VALUE || v > 0xFFFFFFFFL) {
            throw new DerException(Reason.BAD_VALUE, at, "not a 32-bit value: " + v);
        }
        return (int) v;
    }

    public Bytes readOctetString() throws DerException {
        return Bytes.wrap(primitive(Der.OCTET_STRING));
    }

    public boolean readBoolean() throws DerException {
        int at = pos;
        byte[] v = primitive(Der.BOOLEAN);
        if (v.length != 1) {
            throw new DerException(Reason.BAD_VALUE, at, "BOOLEAN of " + v.length + " bytes");
        }
        return v[0] != 0;
    }

    /**
     * KerberosString (GeneralString restricted to IA5, RFC 4120 §5.2.1). Bytes are read as UTF-8,
     * which also accepts the non-ASCII names Windows sends; UTF8String and IA5String tags are
     * tolerated on input.
     */
    public String readKerberosString() throws DerException {
        int tag = peekTag();
        int t = (tag == Der.UTF8_STRING || tag == Der.IA5_STRING) ? tag : Der.GENERAL_STRING;
        return new String(primitive(t), StandardCharsets.UTF_8);
    }

    /** KerberosTime: GeneralizedTime "YYYYMMDDHHMMSSZ" (RFC 4120 §5.2.3). */
    public Instant readKerberosTime() throws DerException {
        int at = pos;
        byte[] v = primitive(Der.GENERALIZED_TIME);
        if (v.length != 15 || v[14] != 'Z') {
            throw new DerException(Reason.BAD_VALUE, at, "KerberosTime must be YYYYMMDDHHMMSSZ");
        }
        int[] f = new int[14];
        for (int i = 0; i < 14; i++) {
            int d = v[i] - '0';
            if (d < 0 || d > 9) {
                throw new DerException(Reason.BAD_VALUE, at, "non-digit in KerberosTime");
            }
            f[i] = d;
        }
        try {
            LocalDateTime t = LocalDateTime.of(
                    f[0] * 1000 + f[1] * 100 + f[2] * 10 + f[3], f[4] * 10 + f[5], f[6] * 10 + f[7],
                    f[8] * 10 + f[9], f[10] * 10 + f[11], Math.min(59, f[12] * 10 + f[13]));
            return t.toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            throw new DerException(Reason.BAD_VALUE, at, "invalid date in KerberosTime");
        }
    }

    /**
     * KerberosFlags (RFC 4120 §5.2.8): a BIT STRING; the first 32 bits are returned with bit 0 as
     * the most significant bit of the int. Shorter strings are zero-padded.
     */
    public int readFlags() throws DerException {
        int at = pos;
        byte[] v = primitive(Der.BIT_STRING);
        if (v.length == 0 || (v[0] & 0xFF) > 7) {
            throw new DerException(Reason.BAD_VALUE, at, "malformed BIT STRING");
        }
        int bits = 0;
        for (int i = 1; i <= 4; i++) {
            bits = (bits << 8) | (i < v.length ? v[i] & 0xFF : 0);
        }
        return bits;
    }
}
