package io.kerbridge.directory.internal;

import io.kerbridge.directory.DirectoryException;
import io.kerbridge.directory.DirectoryException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The directory's master key (32 random bytes in a file of mode 0600, apart from the database) and
 * AES-256-GCM sealing of secrets with associated data that binds each ciphertext to its place (account
 * SID, slot, kvno, enctype), so a ciphertext moved to another row does not open.
 *
 * <p>Sealed form: 12-byte nonce, then ciphertext and 16-byte tag.
 */
public final class MasterKey {
    public static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");

    private final SecretKeySpec key;
    private final SecureRandom random;

    private MasterKey(byte[] key, SecureRandom random) {
        this.key = new SecretKeySpec(key, "AES");
        this.random = random;
    }

    public static MasterKey of(byte[] key, SecureRandom random) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("master key must be 32 bytes");
        }
        return new MasterKey(key, random);
    }

    /** Creates the key file (0600, never overwriting) with fresh random bytes. */
    public static MasterKey create(Path file, SecureRandom random) {
        byte[] k = new byte[KEY_BYTES];
        random.nextBytes(k);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_RW));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.write(file, k, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.SYNC);
            return new MasterKey(k, random);
        } catch (FileAlreadyExistsException e) {
            throw new DirectoryException(Reason.WRONG_STATE, "master key file already exists: " + file, e);
        } catch (IOException e) {
            throw new DirectoryException(Reason.STORAGE, "cannot write master key file " + file, e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Reads the key file; refuses a file that others can read or that has the wrong length. */
    public static MasterKey load(Path file, SecureRandom random) {
        try {
            checkPermissions(file);
            byte[] k = Files.readAllBytes(file);
            try {
                if (k.length != KEY_BYTES) {
                    throw new DirectoryException(Reason.MASTER_KEY_MISMATCH,
                            "master key file " + file + " holds " + k.length + " bytes, not 32");
                }
                return new MasterKey(k, random);
            } finally {
                Arrays.fill(k, (byte) 0);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DirectoryException(Reason.MASTER_KEY_MISMATCH, "master key file missing: " + file, e);
        } catch (IOException e) {
            throw new DirectoryException(Reason.STORAGE, "cannot read master key file " + file, e);
        }
    }

    private static void checkPermissions(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_RW.containsAll(perms)) {
                throw new DirectoryException(Reason.MASTER_KEY_MISMATCH, "master key file " + file
                        + " is accessible to others (" + PosixFilePermissions.toString(perms) + "); chmod 600");
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }

    public byte[] seal(byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + ct.length);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** Opens a sealed secret; a wrong master key or a tampered or moved ciphertext is MASTER_KEY_MISMATCH. */
    public byte[] open(byte[] sealed, String associatedData) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new DirectoryException(Reason.MASTER_KEY_MISMATCH, "sealed secret too short");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new DirectoryException(Reason.MASTER_KEY_MISMATCH,
                    "secret does not decrypt under this master key (" + associatedData + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }
}
