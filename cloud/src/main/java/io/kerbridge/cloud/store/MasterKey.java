package io.kerbridge.cloud.store;

import io.kerbridge.cloud.CloudException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cloud service's master key: 32 random bytes in a file of mode 0600, apart from the database, and
 * AES-256-GCM sealing of secrets at rest (signing keys, TOTP secrets) with associated data that binds each
 * ciphertext to its row, so a ciphertext moved elsewhere does not open. Same scheme as the directory's
 * {@code MasterKey} (copied, not shared: {@code cloud} depends on {@code kerberos} only, DESIGN.md §3).
 *
 * <p>Sealed form: 12-byte nonce, then ciphertext and 16-byte tag. {@link #derive} gives labelled
 * sub-secrets (HMAC-SHA256), used as the passwords of the PKCS#12 files holding the CA and TLS keys.
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
            Files.write(file, k, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            return new MasterKey(k, random);
        } catch (FileAlreadyExistsException e) {
            throw new CloudException("master key file already exists: " + file, e);
        } catch (IOException e) {
            throw new CloudException("cannot write master key file " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** Reads the key file; refuses a file that others can read or that has the wrong length. */
    public static MasterKey load(Path file, SecureRandom random) {
        try {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (!OWNER_RW.containsAll(perms)) {
                    throw new CloudException("master key file " + file + " is accessible to others ("
                            + PosixFilePermissions.toString(perms) + "); chmod 600");
                }
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: nothing to check
            }
            byte[] k = Files.readAllBytes(file);
            try {
                if (k.length != KEY_BYTES) {
                    throw new CloudException("master key file " + file + " holds " + k.length + " bytes, not 32");
                }
                return new MasterKey(k, random);
            } finally {
                Arrays.fill(k, (byte) 0);
            }
        } catch (NoSuchFileException e) {
            throw new CloudException("master key file missing: " + file, e);
        } catch (IOException e) {
            throw new CloudException("cannot read master key file " + file + ": " + e.getMessage(), e);
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

    /** Opens a sealed secret; a wrong master key or a tampered or moved ciphertext fails. */
    public byte[] open(byte[] sealed, String associatedData) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new CloudException("sealed secret too short (" + associatedData + ")");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new CloudException("secret does not decrypt under this master key (" + associatedData + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** A labelled sub-secret, HMAC-SHA256(master, label), as 64 hex characters. */
    public char[] derive(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(label.getBytes(StandardCharsets.UTF_8))).toCharArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
