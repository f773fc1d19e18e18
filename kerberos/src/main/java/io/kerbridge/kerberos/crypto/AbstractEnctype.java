package io.kerbridge.kerberos.crypto;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import java.security.SecureRandom;
import java.util.Arrays;

/** What every profile shares: key checks, random keys and confounders, the keyed checksum hook. */
abstract sealed class AbstractEnctype implements Enctype permits AesSha1Enctype, AesSha2Enctype, Rc4HmacEnctype {

    /** Confounder length in octets. */
    abstract int confounderBytes();

    /** The mandatory keyed checksum of this enctype, full-length value (already truncated). */
    abstract byte[] checksum(byte[] key, int usage, Bytes data);

    @Override
    public EncryptionKey randomToKey(Bytes random) {
        if (random.length() != keyBytes()) {
            throw new IllegalArgumentException(id() + " random-to-key needs " + keyBytes() + " octets");
        }
        return new EncryptionKey(id(), random.unsafeArray());
    }

    @Override
    public EncryptionKey generateKey(SecureRandom random) {
        byte[] b = new byte[keyBytes()];
        random.nextBytes(b);
        try {
            return new EncryptionKey(id(), b);
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    @Override
    public Bytes encrypt(EncryptionKey key, KeyUsage usage, Bytes plaintext, SecureRandom random) {
        byte[] conf = new byte[confounderBytes()];
        random.nextBytes(conf);
        return encrypt(key, usage, plaintext, Bytes.wrap(conf));
    }

    @Override
    public int overhead() {
        return confounderBytes() + macBytes();
    }

    abstract int macBytes();

    /** The key bytes, after checking the length (a programming error otherwise). */
    final byte[] keyFor(EncryptionKey key) {
        byte[] k = key.unsafeBytes();
        if (k.length != keyBytes()) {
            throw new IllegalArgumentException(
                    "a " + k.length + "-octet key cannot be used with " + id().name());
        }
        return k;
    }

    /** Same for decrypt, where a wrong key must surface as a checked failure. */
    final byte[] keyForDecrypt(EncryptionKey key) throws IntegrityException {
        if (key.isDestroyed()) {
            throw new IntegrityException("key destroyed");
        }
        byte[] k = key.unsafeBytes();
        if (k.length != keyBytes()) {
            throw new IntegrityException("key length does not match " + id().name());
        }
        return k;
    }

    final void checkConfounder(Bytes confounder) {
        if (confounder.length() != confounderBytes()) {
            throw new IllegalArgumentException(id().name() + " needs a " + confounderBytes() + "-octet confounder");
        }
    }

    static byte[] concat(Bytes a, Bytes b) {
        byte[] out = new byte[a.length() + b.length()];
        System.arraycopy(a.unsafeArray(), 0, out, 0, a.length());
        System.arraycopy(b.unsafeArray(), 0, out, a.length(), b.length());
        return out;
    }

    @Override
    public String toString() {
        return "Enctype[" + id() + "]";
    }
}
