// RFC 3961 profiles through the kerberos module's registry (Enctypes / Checksums).
package io.kerbridge.kdc.issue;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctype;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.IntegrityException;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import java.util.Optional;

/** Small helpers: enctypes of keys we hold, and decryption of untrusted ciphertext. */
public final class Crypto {
    private Crypto() {}

    /** The profile of a key the KDC holds (keys are filtered by {@link Enctypes#find} before use). */
    public static Enctype enctype(io.kerbridge.kerberos.types.EncType t) {
        return Enctypes.find(t).orElseThrow(() -> new IllegalStateException("unsupported key type " + t));
    }

    /** Decrypts received data; empty on an etype mismatch or an integrity failure. */
    public static Optional<Bytes> decrypt(EncryptionKey key, KeyUsage usage, EncryptedData data) {
        if (!data.etype().equals(key.type())) {
            return Optional.empty();
        }
        try {
            return Optional.of(enctype(key.type()).decrypt(key, usage, data.cipher()));
        } catch (IntegrityException e) {
            return Optional.empty();
        }
    }
}
