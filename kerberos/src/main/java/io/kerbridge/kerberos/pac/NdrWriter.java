package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import java.util.Arrays;

/**
 * A little-endian writer for PAC structures and NDR streams; the counterpart of {@link NdrReader}.
 * Referent ids of non-null pointers start at 0x00020000 and grow by 4, as Windows and Samba write them.
 */
public final class NdrWriter {
    static final int FIRST_REFERENT_ID = 0x0002_0000;

    private byte[] b;
    private int len;
    private int nextReferent = FIRST_REFERENT_ID;

    public NdrWriter() {
        this(256);
    }

    /** With room for {@code capacity} bytes before it grows. */
    public NdrWriter(int capacity) {
        b = new byte[Math.max(16, capacity)];
    }

    /**
     * Wraps an NDR object in the type serialization version 1 headers (MS-RPCE 2.2.6): common header
     * {@code 01 10 08 00 CC CC CC CC}, private header (ObjectBufferLength, zero filler); the object is
     * padded with zeros to a multiple of 8 bytes.
     */
    public static Bytes typeSerialized(Bytes object) {
        int padded = (object.length() + 7) & ~7;
        NdrWriter w = new NdrWriter(16 + object.length() + 8);
        w.u8(1).u8(0x10).u16(NdrReader.COMMON_HEADER_LENGTH).u32(0xCCCC_CCCC);
        w.u32(padded).u32(0);
        w.bytes(object.unsafeArray());
        w.zeros(padded - object.length());
        return w.toBytes();
    }

    private void ensure(int n) {
        if (len + n > b.length) {
            b = Arrays.copyOf(b, Math.max(b.length * 2, len + n));
        }
    }

    public int position() {
        return len;
    }

    public NdrWriter u8(int v) {
        ensure(1);
        b[len++] = (byte) v;
        return this;
    }

    public NdrWriter u16(int v) {
        ensure(2);
        b[len++] = (byte) v;
        b[len++] = (byte) (v >>> 8);
        return this;
    }

    public NdrWriter u32(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            b[len++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public NdrWriter u64(long v) {
        u32((int) v);
        return u32((int) (v >>> 32));
    }

    public NdrWriter align(int n) {
        return zeros((n - (len % n)) % n);
    }

    public NdrWriter a16(int v) {
        return align(2).u16(v);
    }

    public NdrWriter a32(int v) {
        return align(4).u32(v);
    }

    public NdrWriter fileTime(FileTime t) {
        return align(4).u64(t.value());
    }

    /** Writes a pointer: a fresh referent id when {@code present}, else null (0). */
    public NdrWriter pointer(boolean present) {
        if (!present) {
            return a32(0);
        }
        int id = nextReferent;
        nextReferent += 4;
        return a32(id);
    }

    public NdrWriter bytes(byte[] v) {
        ensure(v.length);
        System.arraycopy(v, 0, b, len, v.length);
        len += v.length;
        return this;
    }

    public NdrWriter zeros(int n) {
        ensure(n);
        Arrays.fill(b, len, len + n, (byte) 0);
        len += n;
        return this;
    }

    /** UTF-16LE code units of {@code s}, no terminator. */
    public NdrWriter utf16(String s) {
        ensure(2 * s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b[len++] = (byte) c;
            b[len++] = (byte) (c >>> 8);
        }
        return this;
    }

    /** Overwrites a 16-bit value written earlier. */
    public NdrWriter patch16(int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        return this;
    }

    public Bytes toBytes() {
        return Bytes.of(b, 0, len);
    }
}
