// protocol-notes §3.1 (the Hello key: RSA-2048, registered as kngc, TPM-bound and PIN-gated on Windows), §3.6 (the
// key works as soon as it is provisioned), §3.7 (MFA for provisioning). PKCS#12 = RFC 7292 with PBES2 (RFC 8018).
package io.kerbridge.device;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import tools.jackson.core.JacksonException;

/**
 * Users' Hello keys on this device, one directory per user under {@code users/<upn>/}:
 * <ul>
 * <li>{@code hello.p12}: an encrypted PKCS#12 holding the RSA-2048 private key (entry {@code hello}): key bag
 *     PBES2 = PBKDF2-HMAC-SHA256 + AES-256-CBC, MAC HMAC-SHA256. Its password is not the PIN but
 *     {@code base64(PBKDF2-HMAC-SHA256(PIN, SHA-256(pepper || salt), iterations, 256 bits))}, with a random 16-byte
 *     salt per key and the pepper derived from the device key store's secret: the file alone, copied off the device,
 *     does not open with a PIN guess, and each guess costs {@value #DEFAULT_ITERATIONS} PBKDF2 iterations.</li>
 * <li>{@code hello.json}: public facts (kid, user, device, creation time, KDF parameters).</li>
 * <li>{@code pin-attempts.json}: the wrong-PIN counter. An attempt is counted (written and fsynced) before the PIN is
 *     tried and reset after a success, so killing the process does not give free guesses. After
 *     {@value #MAX_ATTEMPTS} wrong PINs the key is locked: even the right PIN is refused until
 *     {@code kerbridge hello reset-pin} replaces the key after a password + one-time-code sign-in.</li>
 * </ul>
 * A software store can only count attempts in a file: whoever can write the device directory (its owner, root) can
 * reset the counter or copy the files and guess offline (with both the store and the device secret). On Windows the
 * TPM enforces the anti-hammering and the key never leaves it; this store does not claim that.
 */
public final class HelloKeyStore {
    public static final int MAX_ATTEMPTS = 5;
    public static final int MIN_PIN = 6;
    public static final int MAX_PIN = 127;
    public static final int DEFAULT_ITERATIONS = 210_000;
    static final String USERS = "users";
    static final String P12 = "hello.p12";
    static final String META = "hello.json";
    static final String ATTEMPTS = "pin-attempts.json";
    static final String LOCK = ".lock";
    private static final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.locks.ReentrantLock> IN_PROCESS =
            new java.util.concurrent.ConcurrentHashMap<>();
    static final String ALIAS = "hello";
    static final String KDF = "PBKDF2WithHmacSHA256";

    /** The public facts of a provisioned key. */
    public record Meta(String upn, String userId, String tenantId, String deviceId, String kid, Instant createdAt, String kdf,
            int iterations, String salt) {}

    public record Attempts(int failed, Instant lockedAt) {
        public boolean locked() {
            return failed >= MAX_ATTEMPTS;
        }
    }

    public record Unlocked(PrivateKey privateKey, RSAPublicKey publicKey, Meta meta) {
        @Override
        public String toString() {
            return "Unlocked[" + meta.upn() + ", kid " + meta.kid() + "]";
        }
    }

    /** A wrong PIN, with how many attempts remain before the key locks. */
    public static final class WrongPin extends DeviceException {
        private final int remaining;

        WrongPin(String upn, int remaining) {
            super("wrong PIN for " + upn + "; " + remaining + (remaining == 1 ? " attempt" : " attempts")
                    + " left before the Hello key is locked");
            this.remaining = remaining;
        }

        public int remaining() {
            return remaining;
        }
    }

    /** The key is locked after {@value #MAX_ATTEMPTS} wrong PINs. */
    public static final class Locked extends DeviceException {
        Locked(String upn) {
            super("the Hello key of " + upn + " is locked after " + MAX_ATTEMPTS + " wrong PINs; unlock it with "
                    + "kerbridge hello reset-pin --user " + upn + " (password and one-time code, then a new PIN)");
        }
    }

    private final Path deviceDir;
    private final byte[] pepper;
    private final int iterations;

    HelloKeyStore(Path deviceDir, byte[] pepper, int iterations) {
        this.deviceDir = deviceDir;
        this.pepper = pepper.clone();
        this.iterations = iterations;
    }

    public static HelloKeyStore of(Path deviceDir, DeviceKeyStore keys) throws DeviceException {
        return new HelloKeyStore(deviceDir, keys.derivedKey("hello pin pepper v1"), DEFAULT_ITERATIONS);
    }

    /** PIN rules: {@value #MIN_PIN} to {@value #MAX_PIN} characters (digits or any printable characters). */
    public static void checkPin(char[] pin) throws DeviceException {
        if (pin == null || pin.length < MIN_PIN) {
            throw new DeviceException("the PIN must have at least " + MIN_PIN + " digits or characters");
        }
        if (pin.length > MAX_PIN) {
            throw new DeviceException("the PIN must have at most " + MAX_PIN + " characters");
        }
        for (char c : pin) {
            if (Character.isISOControl(c)) {
                throw new DeviceException("the PIN must not contain control characters");
            }
        }
    }

    /** The user's directory; the UPN must look like one (it names a directory). */
    public static Path userDir(Path deviceDir, String upn) throws DeviceException {
        return deviceDir.resolve(USERS).resolve(normalizeUpn(upn));
    }

    public static String normalizeUpn(String upn) throws DeviceException {
        String u = upn == null ? "" : upn.strip().toLowerCase(Locale.ROOT);
        if (!u.matches("[a-z0-9][a-z0-9._%+'-]{0,63}@[a-z0-9][a-z0-9.-]{0,252}") || u.contains("..")) {
            throw new DeviceException("'" + upn + "' is not a user principal name (user@domain)");
        }
        return u;
    }

    public boolean exists(String upn) throws DeviceException {
        return Files.exists(userDir(deviceDir, upn).resolve(P12));
    }

    public Optional<Meta> meta(String upn) throws DeviceException {
        Path f = userDir(deviceDir, upn).resolve(META);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(DeviceJson.MAPPER.readValue(PrivateFiles.read(f), Meta.class));
        } catch (JacksonException | IOException e) {
            throw new DeviceException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    public Attempts attempts(String upn) throws DeviceException {
        Path f = userDir(deviceDir, upn).resolve(ATTEMPTS);
        if (!Files.exists(f)) {
            return new Attempts(0, null);
        }
        try {
            return DeviceJson.MAPPER.readValue(PrivateFiles.read(f), Attempts.class);
        } catch (JacksonException | IOException e) {
            // an unreadable counter counts as locked: fail closed
            return new Attempts(MAX_ATTEMPTS, null);
        }
    }

    private void writeAttempts(String upn, Attempts a) throws DeviceException {
        try {
            PrivateFiles.write(userDir(deviceDir, upn).resolve(ATTEMPTS), DeviceJson.bytes(a));
        } catch (IOException e) {
            throw new DeviceException("cannot record the PIN attempt: " + e.getMessage(), e);
        }
    }

    /**
     * Stores {@code key} under {@code pin} (replacing any earlier key of the user) and resets the attempt counter.
     * {@code facts} gives upn, userId, tenantId, deviceId; kid, time and KDF fields are filled in here.
     */
    public Meta store(KeyPair key, char[] pin, Meta facts, SecureRandom random) throws DeviceException {
        checkPin(pin);
        String upn = normalizeUpn(facts.upn());
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Meta meta = new Meta(upn, facts.userId(), facts.tenantId(), facts.deviceId(),
                RsaKeyBlob.kid((RSAPublicKey) key.getPublic()), Instant.now(), KDF, iterations,
                Base64.getEncoder().encodeToString(salt));
        char[] pw = password(pin, meta);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            byte[] bagSalt = new byte[20];
            random.nextBytes(bagSalt);
            KeyStore.ProtectionParameter protection = new KeyStore.PasswordProtection(pw, "PBEWithHmacSHA256AndAES_256",
                    new PBEParameterSpec(bagSalt, 10_000));
            ks.setEntry(ALIAS, new KeyStore.PrivateKeyEntry(key.getPrivate(),
                    new Certificate[] {KeyMaterial.selfSigned(key, "Hello key " + upn, random)}), protection);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, pw);
            Path dir = userDir(deviceDir, upn);
            PrivateFiles.ensureDir(dir.getParent());
            PrivateFiles.ensureDir(dir);
            PrivateFiles.write(dir.resolve(P12), out.toByteArray());
            PrivateFiles.write(dir.resolve(META), DeviceJson.pretty(meta));
            writeAttempts(upn, new Attempts(0, null));
            return meta;
        } catch (GeneralSecurityException | IOException e) {
            throw new DeviceException("cannot write the Hello key store: " + e.getMessage(), e);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /**
     * The user's Hello key, if {@code pin} is right and the key is not locked; every wrong PIN is counted. Attempts of
     * concurrent processes are serialised by an exclusive lock on {@code .lock} in the user's directory, so none is
     * lost.
     */
    public Unlocked unlock(String upn, char[] pin) throws DeviceException {
        String u = normalizeUpn(upn);
        Path lockFile = userDir(deviceDir, u).resolve(LOCK);
        if (!Files.isDirectory(lockFile.getParent())) {
            return unlocked(u, pin);
        }
        // a file lock excludes other processes; within this JVM, threads queue on a lock per file first
        java.util.concurrent.locks.ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(
                lockFile.toAbsolutePath().normalize().toString(), k -> new java.util.concurrent.locks.ReentrantLock());
        inProcess.lock();
        try (FileChannel ch = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PrivateFiles.FILE_MODE)); FileLock l = ch.lock()) {
            return unlocked(u, pin);
        } catch (IOException e) {
            throw new DeviceException("cannot lock " + lockFile + ": " + e.getMessage(), e);
        } finally {
            inProcess.unlock();
        }
    }

    private Unlocked unlocked(String u, char[] pin) throws DeviceException {
        Meta meta = meta(u).orElseThrow(() -> new DeviceException("no Hello key for " + u + " on this device; run "
                + "kerbridge hello provision --user " + u + " first"));
        Path p12 = userDir(deviceDir, u).resolve(P12);
        if (!Files.exists(p12)) {
            throw new DeviceException(p12 + " is missing; run kerbridge hello reset-pin --user " + u);
        }
        if (pin == null || pin.length == 0) {
            throw new DeviceException("no PIN given");
        }
        Attempts a = attempts(u);
        if (a.locked()) {
            throw new Locked(u);
        }
        writeAttempts(u, new Attempts(a.failed() + 1, null)); // charged before the try
        char[] pw = password(pin, meta);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(PrivateFiles.read(p12)), pw);
            PrivateKey key = (PrivateKey) ks.getKey(ALIAS, pw);
            RSAPublicKey pub = (RSAPublicKey) ks.getCertificate(ALIAS).getPublicKey();
            writeAttempts(u, new Attempts(0, null));
            return new Unlocked(key, pub, meta);
        } catch (IOException e) {
            if (!(e.getCause() instanceof UnrecoverableKeyException)) {
                throw new DeviceException("the Hello key store " + p12 + " is damaged: " + e.getMessage(), e);
            }
            int failed = a.failed() + 1;
            if (failed >= MAX_ATTEMPTS) {
                writeAttempts(u, new Attempts(failed, Instant.now()));
                throw new Locked(u);
            }
            throw new WrongPin(u, MAX_ATTEMPTS - failed);
        } catch (GeneralSecurityException e) {
            throw new DeviceException("the Hello key store " + p12 + " is damaged: " + e.getMessage(), e);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    public void delete(String upn) throws DeviceException {
        Path dir = userDir(deviceDir, upn);
        try {
            for (String f : List.of(P12, META, ATTEMPTS, LOCK)) {
                Files.deleteIfExists(dir.resolve(f));
            }
        } catch (IOException e) {
            throw new DeviceException("cannot delete the Hello key of " + upn + ": " + e.getMessage(), e);
        }
    }

    /** Every provisioned key on this device. */
    public List<Meta> list() throws DeviceException {
        List<Meta> out = new ArrayList<>();
        Path users = deviceDir.resolve(USERS);
        if (!Files.isDirectory(users)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(users)) {
            for (Path p : ds) {
                if (Files.exists(p.resolve(META))) {
                    meta(p.getFileName().toString()).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new DeviceException("cannot list " + users + ": " + e.getMessage(), e);
        }
        out.sort(java.util.Comparator.comparing(Meta::upn));
        return out;
    }

    /** The PKCS#12 password for {@code pin}: PBKDF2-HMAC-SHA256 over the PIN, salted with SHA-256(pepper || salt). */
    private char[] password(char[] pin, Meta meta) throws DeviceException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(pepper);
            sha.update(Base64.getDecoder().decode(meta.salt()));
            PBEKeySpec spec = new PBEKeySpec(pin, sha.digest(), meta.iterations(), 256);
            try {
                byte[] k = SecretKeyFactory.getInstance(meta.kdf()).generateSecret(spec).getEncoded();
                char[] pw = Base64.getEncoder().encodeToString(k).toCharArray();
                Arrays.fill(k, (byte) 0);
                return pw;
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new DeviceException("cannot derive the Hello key store password: " + e.getMessage(), e);
        }
    }
}
