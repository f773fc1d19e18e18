package io.kerbridge.cloud.store;

import io.kerbridge.cloud.CloudException;
import io.kerbridge.kerberos.seal.MasterKeyException;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The cloud service's master key: {@link io.kerbridge.kerberos.seal.MasterKey} (0600 key file, AES-256-GCM
 * sealing of signing keys, TOTP secrets and Kerberos domain keys bound to their rows; {@link #derive}
 * gives the passwords of the PKCS#12 files holding the CA and TLS keys), with its failures reported as
 * {@link CloudException}s.
 */
public final class MasterKey {
    private final io.kerbridge.kerberos.seal.MasterKey key;

    private MasterKey(io.kerbridge.kerberos.seal.MasterKey key) {
        this.key = key;
    }

    public static MasterKey create(Path file, SecureRandom random) {
        try {
            return new MasterKey(io.kerbridge.kerberos.seal.MasterKey.create(file, random));
        } catch (MasterKeyException e) {
            throw new CloudException(e.getMessage(), e);
        }
    }

    public static MasterKey load(Path file, SecureRandom random) {
        try {
            return new MasterKey(io.kerbridge.kerberos.seal.MasterKey.load(file, random));
        } catch (MasterKeyException e) {
            throw new CloudException(e.getMessage(), e);
        }
    }

    public byte[] seal(byte[] plaintext, String associatedData) {
        return key.seal(plaintext, associatedData);
    }

    /** Opens a sealed secret; a wrong master key or a tampered or moved ciphertext fails. */
    public byte[] open(byte[] sealed, String associatedData) {
        try {
            return key.open(sealed, associatedData);
        } catch (MasterKeyException e) {
            throw new CloudException(e.getMessage(), e);
        }
    }

    /** A labelled sub-secret, HMAC-SHA256(master, label), as 64 hex characters. */
    public char[] derive(String label) {
        return key.derive(label);
    }
}
