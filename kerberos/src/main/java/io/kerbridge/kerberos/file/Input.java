package io.kerbridge.kerberos.file;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.file.KerberosFileException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounded big-endian cursor over a file's bytes. Every length is checked against the bytes that
 * remain before anything is allocated, so bad input gives a {@link KerberosFileException}, never an
 * unchecked exception or a large allocation.
 */
final class Input {
    private final byte[] data;
    private int pos;
    private final int end;

    Input(byte[] data) {
        this(data, 0, data.length);
    }

    private Input(byte[] data, int pos, int end) {
        this.data = data;
        this.pos = pos;
        this.end = end;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    boolean atEnd() {
        return pos >= end;
    }

    private void need(int n, String what) throws KerberosFileException {
        if (n < 0 || n > end - pos) {
            throw new KerberosFileException(Reason.TRUNCATED,
                    what + " needs " + n + " bytes at offset " + pos + ", " + (end - pos) + " left");
        }
    }

    int u8(String what) throws KerberosFileException {
        need(1, what);
        return data[pos++] & 0xFF;
    }

    int u16(String what) throws KerberosFileException {
        need(2, what);
        int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    /** A 32-bit big-endian value (the caller decides whether it is signed). */
    int i32(String what) throws KerberosFileException {
        need(4, what);
        int v = ((data[pos] & 0xFF) << 24) | ((data[pos + 1] & 0xFF) << 16) | ((data[pos + 2] & 0xFF) << 8)
                | (data[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    long u32(String what) throws KerberosFileException {
        return i32(what) & 0xFFFF_FFFFL;
    }

    byte[] bytes(long len, long max, String what) throws KerberosFileException {
        if (len > max) {
            throw new KerberosFileException(Reason.TOO_LARGE, what + " length " + len + " > " + max);
        }
        need((int) len, what);
        byte[] b = new byte[(int) len];
        System.arraycopy(data, pos, b, 0, (int) len);
        pos += (int) len;
        return b;
    }

    Bytes data(long len, long max, String what) throws KerberosFileException {
        return Bytes.wrap(bytes(len, max, what));
    }

    String utf8(long len, long max, String what) throws KerberosFileException {
        byte[] b = bytes(len, max, what);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new KerberosFileException(Reason.MALFORMED, what + " is not valid UTF-8");
        }
    }

    void skip(int n, String what) throws KerberosFileException {
        need(n, what);
        pos += n;
    }

    /** A sub-cursor over the next {@code n} bytes; this cursor moves past them. */
    Input sub(int n, String what) throws KerberosFileException {
        need(n, what);
        Input s = new Input(data, pos, pos + n);
        pos += n;
        return s;
    }

    /**
     * Checks that {@code count} items of at least {@code minSize} bytes each can fit in what remains,
     * and that {@code count <= max}, before a list is allocated.
     */
    int count(long count, int minSize, int max, String what) throws KerberosFileException {
        if (count > max) {
            throw new KerberosFileException(Reason.TOO_LARGE, what + " count " + count + " > " + max);
        }
        if (count * minSize > remaining()) {
            throw new KerberosFileException(Reason.TRUNCATED,
                    what + " count " + count + " cannot fit in " + remaining() + " bytes");
        }
        return (int) count;
    }
}
