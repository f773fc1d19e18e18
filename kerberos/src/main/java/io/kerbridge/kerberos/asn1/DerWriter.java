package io.kerbridge.kerberos.asn1;

import io.kerbridge.kerberos.Bytes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;

/**
 * Writes DER (X.690 §10) into one growing buffer. Constructed elements are opened with
 * {@link #begin(int)} and closed with {@link #end(int)}; the length is patched in at the end,
 * moving the content only when it needs a long-form length.
 */
public final class DerWriter {
    private byte[] buf;
    private int pos;
    /** {@link #toBytes()} handed {@code buf} out: never write into it again. */
    private boolean full;

    public DerWriter() {
        this(256);
    }

    public DerWriter(int capacity) {
        buf = new byte[capacity];
    }

    private void ensure(int n) {
        if (pos + n > buf.length || full) {
            full = false;
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    /**
     * Opens a constructed element; returns the mark to pass to {@link #end}. Three length octets are reserved, the
     * size of the long form {@code 82 hh ll} most Kerberos elements over 255 bytes need, so closing a large element
     * moves nothing; a smaller one moves its (small) content down by one or two octets. Before issue 9 one octet
     * was reserved and every element of 128 bytes or more was moved up, at each level of nesting (5 % of a TGS
     * request's CPU).
     */
    public int begin(int tag) {
        ensure(4);
        buf[pos++] = (byte) tag;
        pos += RESERVED;
        return pos;
    }

    private static final int RESERVED = 3;

    public void end(int mark) {
        if (full) {
            ensure(0);
        }
        int len = pos - mark;
        int at = mark - RESERVED;
        if (len < 0x80) {
            buf[at] = (byte) len;
            shift(mark, at + 1, len);
        } else if (len < 0x100) {
            buf[at] = (byte) 0x81;
            buf[at + 1] = (byte) len;
            shift(mark, at + 2, len);
        } else if (len < 0x10000) {
            buf[at] = (byte) 0x82;
            buf[at + 1] = (byte) (len >>> 8);
            buf[at + 2] = (byte) len;
        } else {
            int n = len < 0x1000000 ? 3 : 4;
            ensure(n + 1 - RESERVED);
            shift(mark, at + 1 + n, len);
            buf[at] = (byte) (0x80 | n);
            for (int i = 0; i < n; i++) {
                buf[at + 1 + i] = (byte) (len >>> (8 * (n - 1 - i)));
            }
        }
    }

    /** Moves the {@code len} content octets at {@code from} to {@code to} and sets the end after them. */
    private void shift(int from, int to, int len) {
        if (from != to) {
            System.arraycopy(buf, from, buf, to, len);
        }
        pos = to + len;
    }

    private void header(int tag, int len) {
        ensure(6 + len);
        buf[pos++] = (byte) tag;
        if (len < 0x80) {
            buf[pos++] = (byte) len;
        } else {
            int n = len < 0x100 ? 1 : len < 0x10000 ? 2 : len < 0x1000000 ? 3 : 4;
            buf[pos++] = (byte) (0x80 | n);
            for (int i = n - 1; i >= 0; i--) {
                buf[pos++] = (byte) (len >>> (8 * i));
            }
        }
    }

    public DerWriter primitive(int tag, byte[] content) {
        header(tag, content.length);
        System.arraycopy(content, 0, buf, pos, content.length);
        pos += content.length;
        return this;
    }

    /** Writes already-encoded bytes (a kept encoding, a nested message) as they are. */
    public DerWriter raw(Bytes encoded) {
        byte[] b = encoded.unsafeArray();
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    /** INTEGER in minimal two's complement. */
    public DerWriter integer(long v) {
        int n = 8;
        while (n > 1) {
            long top = v >> (8 * (n - 1) - 1); // the top byte plus the sign bit of the next
            if (top == 0 || top == -1) {
                n--;
            } else {
                break;
            }
        }
        ensure(2 + n);
        buf[pos++] = Der.INTEGER;
        buf[pos++] = (byte) n;
        for (int i = n - 1; i >= 0; i--) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public DerWriter octetString(Bytes b) {
        return primitive(Der.OCTET_STRING, b.unsafeArray());
    }

    public DerWriter bool(boolean b) {
        return primitive(Der.BOOLEAN, new byte[] {(byte) (b ? 0xFF : 0)});
    }

    public DerWriter generalString(String s) {
        return primitive(Der.GENERAL_STRING, s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * GeneralizedTime {@code YYYYMMDDHHMMSSZ} (RFC 4120 §5.2.3), whole seconds. Written digit by digit:
     * {@code String.format} was 7 % of a KDC request's CPU (issue 9).
     */
    public DerWriter kerberosTime(Instant t) {
        LocalDateTime z = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = z.getYear();
        if (year >= 0 && year <= 9999) {
            ensure(17);
            buf[pos++] = Der.GENERALIZED_TIME;
            buf[pos++] = 15;
            digits(year, 4);
            digits(z.getMonthValue(), 2);
            digits(z.getDayOfMonth(), 2);
            digits(z.getHour(), 2);
            digits(z.getMinute(), 2);
            digits(z.getSecond(), 2);
            buf[pos++] = 'Z';
            return this;
        }
        return formattedTime(t);
    }

    private void digits(int v, int n) {
        for (int i = n - 1; i >= 0; i--) {
            buf[pos + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos += n;
    }

    /** Years outside 0..9999, as {@code String.format} writes them (never valid DER; kept as before). */
    private DerWriter formattedTime(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        String s = String.format("%04d%02d%02d%02d%02d%02dZ", z.getYear(), z.getMonthValue(),
                z.getDayOfMonth(), z.getHour(), z.getMinute(), z.getSecond());
        return primitive(Der.GENERALIZED_TIME, s.getBytes(StandardCharsets.US_ASCII));
    }

    /** KerberosFlags as a 32-bit BIT STRING, as MIT and Windows send them. */
    public DerWriter flags(int bits) {
        return primitive(Der.BIT_STRING, new byte[] {0, (byte) (bits >>> 24), (byte) (bits >>> 16),
                (byte) (bits >>> 8), (byte) bits});
    }

    public int size() {
        return pos;
    }

    public Bytes toBytes() {
        if (pos == buf.length) { // exactly full: hand the buffer over; a later write copies it first (ensure)
            full = true;
            return Bytes.wrap(buf);
        }
        return Bytes.wrap(Arrays.copyOf(buf, pos));
    }
}
