package io.kerbridge.kerberos.seal;

import io.kerbridge.kerberos.seal.MasterKeyException.Reason;
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
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A service's master key for secrets at rest (the directory's long-term keys, the cloud's signing keys,
 * TOTP secrets and Kerberos domain keys): 32 random bytes in a file of mode 0600, kept apart from the
 * database, and AES-256-GCM sealing with associated data that binds each ciphertext to its place (a
 * row's identity), so a ciphertext moved elsewhere does not open.
 *
 * <p>Sealed form: 12-byte nonce, then ciphertext and 16-byte tag. {@link #derive} gives labelled
 * sub-secrets (HMAC-SHA256). Failures are {@link MasterKeyException}s with a reason.
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

    /** Creates the key file (0600, never overwriting an existing one) with fresh random bytes; durable on return. */
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
            throw new MasterKeyException(Reason.EXISTS, "master key file already exists: " + file, e);
        } catch (IOException e) {
            throw new MasterKeyException(Reason.IO, "cannot write master key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads the key file, refusing one that others can access or that is not 32 bytes. */
    public static MasterKey load(Path file, SecureRandom random) {
        try {
            checkPermissions(file);
            byte[] k = Files.readAllBytes(file);
            try {
                if (k.length != KEY_BYTES) {
                    throw new MasterKeyException(Reason.WRONG_SIZE,
                            "master key file " + file + " holds " + k.length + " bytes, not 32", null);
                }
                return new MasterKey(k, random);
            } finally {
                Arrays.fill(k, (byte) 0);
            }
        } catch (NoSuchFileException e) {
            throw new MasterKeyException(Reason.MISSING, "master key file missing: " + file, e);
        } catch (IOException e) {
            throw new MasterKeyException(Reason.IO, "cannot read master key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkPermissions(Path file) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_RW.containsAll(perms)) {
                throw new MasterKeyException(Reason.TOO_OPEN, "master key file " + file + " is accessible to others ("
                        + PosixFilePermissions.toString(perms) + "); chmod 600", null);
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

    /** Opens a sealed secret; a wrong master key or a tampered, short or moved ciphertext is NO_DECRYPT. */
    public byte[] open(byte[] sealed, String associatedData) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new MasterKeyException(Reason.NO_DECRYPT, "sealed secret too short (" + associatedData + ")", null);
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new MasterKeyException(Reason.NO_DECRYPT,
                    "secret does not decrypt under this master key (" + associatedData + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** A labelled sub-secret, HMAC-SHA256(master, label), as 64 hex characters. */
    public char[] derive(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(label.getBytes(StandardCharsets.UTF_8))).toCharArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
