package io.kerbridge.kerberos.types;

import io.kerbridge.kerberos.Bytes;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * EncryptionKey (RFC 4120 §5.2.9): an enctype and its key bytes. The bytes are copied in and out
 * and wiped by {@link #destroy()}; {@link #toString()} never shows them.
 */
public final class EncryptionKey implements Destroyable {
    private final EncType type;
    private final byte[] value;
    private volatile boolean destroyed;

    public EncryptionKey(EncType type, byte[] value) {
        this.type = java.util.Objects.requireNonNull(type, "type");
        this.value = value.clone();
    }

    public EncryptionKey(EncType type, Bytes value) {
        this(type, value.unsafeArray());
    }

    public EncType type() {
        return type;
    }

    /** A copy of the key bytes. */
    public byte[] bytes() {
        checkLive();
        return value.clone();
    }

    /** The key bytes without copying, for the crypto layer; callers must not modify or keep them. */
    public byte[] unsafeBytes() {
        checkLive();
        return value;
    }

    public int length() {
        return value.length;
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("key destroyed");
        }
    }

    @Override
    public void destroy() {
        Arrays.fill(value, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Constant-time comparison of type and key bytes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptionKey k && k.type.equals(type)
                && java.security.MessageDigest.isEqual(k.value, value);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public String toString() {
        return "EncryptionKey[" + type.name() + ", " + value.length + " bytes]";
    }
}
