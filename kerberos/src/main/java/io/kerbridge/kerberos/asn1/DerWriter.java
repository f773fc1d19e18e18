package io.kerbridge.kerberos.asn1;

import io.kerbridge.kerberos.Bytes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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

    public DerWriter() {
        this(256);
    }

    public DerWriter(int capacity) {
        buf = new byte[capacity];
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    /** Opens a constructed element; returns the mark to pass to {@link #end}. */
    public int begin(int tag) {
        ensure(2);
        buf[pos++] = (byte) tag;
        buf[pos++] = 0; // length placeholder (short form)
        return pos;
    }

    public void end(int mark) {
        int len = pos - mark;
        if (len < 0x80) {
            buf[mark - 1] = (byte) len;
            return;
        }
        int n = len < 0x100 ? 1 : len < 0x10000 ? 2 : len < 0x1000000 ? 3 : 4;
        ensure(n);
        System.arraycopy(buf, mark, buf, mark + n, len);
        buf[mark - 1] = (byte) (0x80 | n);
        for (int i = 0; i < n; i++) {
            buf[mark + i] = (byte) (len >>> (8 * (n - 1 - i)));
        }
        pos += n;
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

    public DerWriter kerberosTime(Instant t) {
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
        return Bytes.wrap(Arrays.copyOf(buf, pos));
    }
}
