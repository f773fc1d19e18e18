package io.kerbridge.kerberos;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable run of bytes. Used wherever a value is sent on the wire, checksummed or compared
 * (ciphertexts, encodings kept for checksums, salts), so that no caller can change what another
 * holds. {@link #equals} is constant-time so it is safe for MACs.
 */
public final class Bytes implements Comparable<Bytes> {
    public static final Bytes EMPTY = new Bytes(new byte[0]);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** Copies {@code b}. */
    public static Bytes of(byte... b) {
        return b.length == 0 ? EMPTY : new Bytes(b.clone());
    }

    /** Copies {@code len} bytes of {@code b} from {@code off}. */
    public static Bytes of(byte[] b, int off, int len) {
        return len == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(b, off, off + len));
    }

    /** Takes ownership of {@code b}: the caller must not change it afterwards. */
    public static Bytes wrap(byte[] b) {
        return new Bytes(b);
    }

    public static Bytes fromHex(String hex) {
        return wrap(HEX.parseHex(hex.replaceAll("\\s+", "")));
    }

    public static Bytes ascii(String s) {
        return wrap(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    public static Bytes utf8(String s) {
        return wrap(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public int length() {
        return data.length;
    }

    public boolean isEmpty() {
        return data.length == 0;
    }

    public byte get(int i) {
        return data[i];
    }

    /** A fresh copy of the content. */
    public byte[] toByteArray() {
        return data.clone();
    }

    /**
     * The backing array, without copying. For hot paths that only read (cipher input, stream
     * writes); the caller must not modify it.
     */
    public byte[] unsafeArray() {
        return data;
    }

    public Bytes slice(int from, int to) {
        return of(data, from, to - from);
    }

    public Bytes concat(Bytes other) {
        byte[] out = Arrays.copyOf(data, data.length + other.data.length);
        System.arraycopy(other.data, 0, out, data.length, other.data.length);
        return wrap(out);
    }

    public String hex() {
        return HEX.formatHex(data);
    }

    /** Constant-time comparison (MessageDigest.isEqual). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && MessageDigest.isEqual(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(data, o.data);
    }

    /** Shows only the length: a Bytes may hold key material or a ticket, which must never be logged. */
    @Override
    public String toString() {
        return "Bytes[" + data.length + "]";
    }
}
