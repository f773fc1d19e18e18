package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.pac.PacException.Reason;

/**
 * A bounded little-endian reader for PAC structures and NDR streams (MS-RPCE 2.2.6 type serialization
 * version 1, NDR 2.0 transfer syntax, little-endian, ASCII, IEEE floats).
 *
 * <p>Every read checks the bytes that remain first; every count is checked against the remaining bytes
 * before anything is allocated. Plain reads ({@link #u16()}, {@link #u32()}) do not align; the
 * {@code a*} reads align to the size of the primitive first, relative to the start of the stream, as NDR
 * requires (MS-RPCE 2.2.5.2 / C706 14.2.2).
 */
public final class NdrReader {
    /** MS-RPCE 2.2.6.1 common type header: version 1, little-endian, 8-byte header, filler. */
    static final int COMMON_HEADER_LENGTH = 8;
    static final int TYPE_SERIALIZATION_HEADER_LENGTH = 16;

    private final byte[] b;
    private final int base;
    private final int end;
    private int pos;

    private NdrReader(byte[] b, int base, int end) {
        this.b = b;
        this.base = base;
        this.end = end;
        this.pos = base;
    }

    /** A reader over all of {@code data}; alignment is relative to its first byte. */
    public static NdrReader of(Bytes data) {
        return new NdrReader(data.unsafeArray(), 0, data.length());
    }

    /**
     * Checks the type serialization version 1 headers (MS-RPCE 2.2.6.1 common header {@code 01 10 08 00
     * CC CC CC CC}, 2.2.6.2 private header with ObjectBufferLength and filler) and returns a reader
     * bounded to the object buffer. Filler values are not checked (Windows writes CC or 0).
     */
    public static NdrReader typeSerialized(Bytes data) throws PacException {
        NdrReader h = of(data);
        h.require(TYPE_SERIALIZATION_HEADER_LENGTH);
        int version = h.u8();
        int endianness = h.u8();
        int headerLength = h.u16();
        h.u32(); // filler
        if (version != 1) {
            throw new PacException(Reason.BAD_HEADER, "NDR type serialization version " + version);
        }
        if (endianness != 0x10) {
            throw new PacException(Reason.BAD_HEADER, "NDR stream is not little-endian (0x"
                    + Integer.toHexString(endianness) + ")");
        }
        if (headerLength != COMMON_HEADER_LENGTH) {
            throw new PacException(Reason.BAD_HEADER, "NDR common header length " + headerLength);
        }
        long objectLength = h.u32() & 0xFFFF_FFFFL;
        h.u32(); // filler
        if (objectLength > h.remaining()) {
            throw new PacException(Reason.TRUNCATED, "NDR object buffer length " + objectLength
                    + " exceeds the " + h.remaining() + " bytes present");
        }
        return new NdrReader(h.b, h.pos, h.pos + (int) objectLength);
    }

    /** Bytes left before the end of the stream. */
    public int remaining() {
        return end - pos;
    }

    /** Position relative to the start of the stream. */
    public int position() {
        return pos - base;
    }

    /** Fails unless {@code n} more bytes are present. */
    public void require(long n) throws PacException {
        if (n < 0 || n > end - pos) {
            throw new PacException(Reason.TRUNCATED, "need " + n + " bytes at offset " + position()
                    + ", " + remaining() + " left");
        }
    }

    /** Skips to the next multiple of {@code n} (relative to the stream start); padding is not checked. */
    public void align(int n) throws PacException {
        int rel = pos - base;
        int pad = (n - (rel % n)) % n;
        require(pad);
        pos += pad;
    }

    public int u8() throws PacException {
        require(1);
        return b[pos++] & 0xFF;
    }

    public int u16() throws PacException {
        require(2);
        int v = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public int u32() throws PacException {
        require(4);
        int v = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    public long u64() throws PacException {
        require(8);
        long lo = u32() & 0xFFFF_FFFFL;
        long hi = u32() & 0xFFFF_FFFFL;
        return hi << 32 | lo;
    }

    /** NDR unsigned short: aligned to 2. */
    public int a16() throws PacException {
        align(2);
        return u16();
    }

    /** NDR unsigned long: aligned to 4. */
    public int a32() throws PacException {
        align(4);
        return u32();
    }

    /** NDR FILETIME (two unsigned longs, low part first): aligned to 4, not 8. */
    public FileTime fileTime() throws PacException {
        align(4);
        return new FileTime(u64());
    }

    /** An NDR unique/full pointer: its 4-byte referent id, 0 for null. */
    public int pointer() throws PacException {
        return a32();
    }

    /**
     * An NDR conformance (maximum count) of an array whose elements take at least {@code elementSize}
     * bytes each; fails if that many elements cannot fit in what remains.
     */
    public int conformance(int elementSize) throws PacException {
        long count = a32() & 0xFFFF_FFFFL;
        if (count * elementSize > remaining()) {
            throw new PacException(Reason.BAD_COUNT, "array of " + count + " elements of " + elementSize
                    + " bytes exceeds the " + remaining() + " bytes left");
        }
        return (int) count;
    }

    public byte[] bytes(int n) throws PacException {
        require(n);
        byte[] out = new byte[n];
        System.arraycopy(b, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** {@code chars} UTF-16LE code units, kept exactly (unpaired surrogates survive a round trip). */
    public String utf16(int chars) throws PacException {
        require(2L * chars);
        char[] c = new char[chars];
        for (int i = 0; i < chars; i++) {
            c[i] = (char) ((b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8);
            pos += 2;
        }
        return new String(c);
    }

    /** Moves to {@code offset} relative to the stream start (for offset-addressed PAC structures). */
    public void seek(int offset) throws PacException {
        if (offset < 0 || offset > end - base) {
            throw new PacException(Reason.BAD_OFFSET, "offset " + offset + " outside " + (end - base) + " bytes");
        }
        pos = base + offset;
    }
}
