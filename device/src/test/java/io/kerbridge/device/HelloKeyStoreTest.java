package io.kerbridge.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PIN-protected Hello key store: right and wrong PINs, the lockout counter, file modes, what is on disk. */
class HelloKeyStoreTest {
    static final String UPN = "alice@contoso.test";
    static final char[] PIN = "246810".toCharArray();
    @TempDir
    Path dir;
    final SecureRandom random = new SecureRandom();
    HelloKeyStore store;
    KeyPair key;

    @BeforeEach
    void provision() throws Exception {
        store = new HelloKeyStore(dir, "device-pepper-32-bytes-long-xxxx".getBytes(), 1000);
        key = KeyMaterial.newRsaKey(random);
        store.store(key, PIN, facts(), random);
    }

    static HelloKeyStore.Meta facts() {
        return new HelloKeyStore.Meta(UPN, "user-1", "tenant-1", "device-1", null, null, null, 0, null);
    }

    @Test
    void theRightPinGivesTheKeyThatSigns() throws Exception {
        HelloKeyStore.Unlocked u = store.unlock("Alice@Contoso.test", PIN);
        assertThat(u.publicKey()).isEqualTo(key.getPublic());
        assertThat(u.meta().kid()).isEqualTo(RsaKeyBlob.kid((RSAPublicKey) key.getPublic()));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(u.privateKey());
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(key.getPublic());
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).isTrue();
        assertThat(store.attempts(UPN).failed()).isZero();
    }

    @Test
    void wrongPinsCountDownAndTheFifthLocksEvenTheRightPin() throws Exception {
        for (int i = 1; i <= 4; i++) {
            int left = 5 - i;
            assertThatThrownBy(() -> store.unlock(UPN, "999999".toCharArray())).isInstanceOf(HelloKeyStore.WrongPin.class)
                    .hasMessageContaining(left + (left == 1 ? " attempt" : " attempts") + " left");
            assertThat(store.attempts(UPN).failed()).isEqualTo(i);
        }
        assertThatThrownBy(() -> store.unlock(UPN, "999999".toCharArray())).isInstanceOf(HelloKeyStore.Locked.class)
                .hasMessageContaining("locked after 5 wrong PINs").hasMessageContaining("kerbridge hello reset-pin --user " + UPN);
        assertThat(store.attempts(UPN).locked()).isTrue();
        assertThat(store.attempts(UPN).lockedAt()).isNotNull();
        assertThatThrownBy(() -> store.unlock(UPN, PIN)).isInstanceOf(HelloKeyStore.Locked.class);
        assertThat(store.attempts(UPN).failed()).isEqualTo(5); // a locked store does not count further

        // a new key and PIN (what reset-pin stores) unlock again
        KeyPair next = KeyMaterial.newRsaKey(random);
        store.store(next, "new-pin-1".toCharArray(), facts(), random);
        assertThat(store.unlock(UPN, "new-pin-1".toCharArray()).publicKey()).isEqualTo(next.getPublic());
        assertThatThrownBy(() -> store.unlock(UPN, PIN)).isInstanceOf(HelloKeyStore.WrongPin.class);
    }

    @Test
    void aSuccessResetsTheCounter() throws Exception {
        assertThatThrownBy(() -> store.unlock(UPN, "111111".toCharArray())).isInstanceOf(HelloKeyStore.WrongPin.class);
        assertThatThrownBy(() -> store.unlock(UPN, "222222".toCharArray())).isInstanceOf(HelloKeyStore.WrongPin.class);
        store.unlock(UPN, PIN);
        assertThat(store.attempts(UPN).failed()).isZero();
    }

    @Test
    void concurrentWrongPinsAreAllCounted() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var tasks = new java.util.ArrayList<java.util.concurrent.Callable<Object>>();
            for (int i = 0; i < 4; i++) {
                tasks.add(() -> {
                    try {
                        return store.unlock(UPN, "000000".toCharArray());
                    } catch (DeviceException e) {
                        return e;
                    }
                });
            }
            for (var f : pool.invokeAll(tasks)) {
                assertThat(f.get()).isInstanceOf(HelloKeyStore.WrongPin.class);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(store.attempts(UPN).failed()).isEqualTo(4);
    }

    @Test
    void anAttemptIsChargedBeforeThePinIsTried() throws Exception {
        // a counter that cannot be read counts as locked (fail closed)
        Files.writeString(HelloKeyStore.userDir(dir, UPN).resolve(HelloKeyStore.ATTEMPTS), "garbage");
        assertThatThrownBy(() -> store.unlock(UPN, PIN)).isInstanceOf(HelloKeyStore.Locked.class);
    }

    @Test
    void filesAreOwnerOnlyAndThePrivateKeyIsNotInTheClear() throws Exception {
        Path user = HelloKeyStore.userDir(dir, UPN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(user))).isEqualTo("rwx------");
        for (String f : new String[] {HelloKeyStore.P12, HelloKeyStore.META, HelloKeyStore.ATTEMPTS}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(user.resolve(f)))).as(f).isEqualTo("rw-------");
        }
        byte[] file = Files.readAllBytes(user.resolve(HelloKeyStore.P12));
        byte[] d = ((RSAPrivateCrtKey) key.getPrivate()).getPrivateExponent().toByteArray();
        byte[] p = ((RSAPrivateCrtKey) key.getPrivate()).getPrimeP().toByteArray();
        assertThat(indexOf(file, Arrays.copyOfRange(d, d.length - 32, d.length))).isNegative();
        assertThat(indexOf(file, Arrays.copyOfRange(p, p.length - 32, p.length))).isNegative();
        assertThat(Files.readString(user.resolve(HelloKeyStore.META))).contains("PBKDF2WithHmacSHA256").doesNotContain("246810");
        // the PKCS#12 password is derived, not the PIN itself
        KeyStore ks = KeyStore.getInstance("PKCS12");
        assertThatThrownBy(() -> ks.load(new ByteArrayInputStream(file), PIN)).hasMessageContaining("password");
    }

    @Test
    void theStoreDoesNotOpenOnAnotherDevice() throws Exception {
        HelloKeyStore elsewhere = new HelloKeyStore(dir, "another-device-pepper-32-bytes!!".getBytes(), 1000);
        assertThatThrownBy(() -> elsewhere.unlock(UPN, PIN)).isInstanceOf(HelloKeyStore.WrongPin.class);
    }

    @Test
    void pinRules() {
        assertThatThrownBy(() -> HelloKeyStore.checkPin("12345".toCharArray())).hasMessageContaining("at least 6");
        assertThatThrownBy(() -> HelloKeyStore.checkPin("1234\n56".toCharArray())).hasMessageContaining("control");
        assertThatThrownBy(() -> HelloKeyStore.checkPin(new char[128])).hasMessageContaining("at most 127");
        assertThatThrownBy(() -> store.store(key, "12345".toCharArray(), facts(), random)).hasMessageContaining("at least 6");
    }

    @Test
    void upnsAreCheckedBeforeTheyNameADirectory() {
        assertThatThrownBy(() -> HelloKeyStore.userDir(dir, "../../etc@x")).hasMessageContaining("not a user principal name");
        assertThatThrownBy(() -> HelloKeyStore.userDir(dir, "alice")).hasMessageContaining("not a user principal name");
    }

    @Test
    void listAndDelete() throws Exception {
        assertThat(store.list()).extracting(HelloKeyStore.Meta::upn).containsExactly(UPN);
        store.delete(UPN);
        assertThat(store.list()).isEmpty();
        assertThatThrownBy(() -> store.unlock(UPN, PIN)).hasMessageContaining("no Hello key for " + UPN);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
