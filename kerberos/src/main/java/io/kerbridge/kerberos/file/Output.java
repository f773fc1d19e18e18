package io.kerbridge.kerberos.file;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.file.KerberosFileException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian writer for the file formats; range checks turn into {@link KerberosFileException}. */
final class Output {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    Output u8(int v) {
        out.write(v);
        return this;
    }

    Output u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    Output i32(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    Output raw(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    Output raw(Bytes b) {
        return raw(b.unsafeArray());
    }

    /** u16 value that must fit. */
    static int checkU16(long v, String what) throws KerberosFileException {
        if (v < 0 || v > 0xFFFF) {
            throw new KerberosFileException(Reason.NOT_ENCODABLE, what + " " + v + " does not fit in 16 bits");
        }
        return (int) v;
    }

    /** A 16-bit field holding a signed or unsigned 16-bit value (enctypes and address types may be negative). */
    static int check16(int v, String what) throws KerberosFileException {
        if (v < Short.MIN_VALUE || v > 0xFFFF) {
            throw new KerberosFileException(Reason.NOT_ENCODABLE, what + " " + v + " does not fit in 16 bits");
        }
        return v & 0xFFFF;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
