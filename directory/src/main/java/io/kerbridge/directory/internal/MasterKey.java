package io.kerbridge.directory.internal;

import io.kerbridge.directory.DirectoryException;
import io.kerbridge.directory.DirectoryException.Reason;
import io.kerbridge.kerberos.seal.MasterKeyException;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The directory's master key: {@link io.kerbridge.kerberos.seal.MasterKey} (0600 key file, AES-256-GCM
 * sealing bound to each secret's place: account SID, slot, kvno, enctype), with its failures reported
 * as {@link DirectoryException}s.
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
            throw translate(e);
        }
    }

    public static MasterKey load(Path file, SecureRandom random) {
        try {
            return new MasterKey(io.kerbridge.kerberos.seal.MasterKey.load(file, random));
        } catch (MasterKeyException e) {
            throw translate(e);
        }
    }

    public byte[] seal(byte[] plaintext, String associatedData) {
        return key.seal(plaintext, associatedData);
    }

    /** Opens a sealed secret; a wrong master key or a tampered or moved ciphertext is MASTER_KEY_MISMATCH. */
    public byte[] open(byte[] sealed, String associatedData) {
        try {
            return key.open(sealed, associatedData);
        } catch (MasterKeyException e) {
            throw translate(e);
        }
    }

    private static DirectoryException translate(MasterKeyException e) {
        Reason r = switch (e.reason()) {
            case EXISTS -> Reason.WRONG_STATE;
            case IO -> Reason.STORAGE;
            case MISSING, WRONG_SIZE, TOO_OPEN, NO_DECRYPT -> Reason.MASTER_KEY_MISMATCH;
        };
        return new DirectoryException(r, e.getMessage(), e);
    }
}
