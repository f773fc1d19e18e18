package io.kerbridge.kerberos.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips and tampering for every enctype. */
class EnctypeRoundTripTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    static Stream<Enctype> enctypes() {
        return Enctypes.supported().stream().map(t -> Enctypes.find(t).orElseThrow());
    }

    static Stream<Arguments> enctypesAndUsages() {
        return enctypes().flatMap(e -> Stream.of(1, 2, 3, 8, 9, 11, 17, 23, 1024)
                .map(u -> Arguments.of(e, KeyUsage.of(u))));
    }

    private static Bytes plaintext(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return Bytes.wrap(b);
    }

    @ParameterizedTest(name = "{0} usage {1}")
    @MethodSource("enctypesAndUsages")
    void everyLengthFrom0To100RoundTrips(Enctype e, KeyUsage usage) throws Exception {
        EncryptionKey k = e.generateKey(RANDOM);
        assertThat(k.type()).isEqualTo(e.id());
        assertThat(k.length()).isEqualTo(e.keyBytes());
        for (int n = 0; n <= 100; n++) {
            Bytes p = plaintext(n);
            Bytes c = e.encrypt(k, usage, p, RANDOM);
            assertThat(c.length()).as("length for %d", n).isEqualTo(e.ciphertextLength(n));
            assertThat(e.decrypt(k, usage, c)).as("plaintext of %d octets", n).isEqualTo(p);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enctypes")
    void randomConfoundersMakeEachCiphertextDifferent(Enctype e) {
        EncryptionKey k = e.generateKey(RANDOM);
        Bytes p = plaintext(32);
        assertThat(e.encrypt(k, KeyUsage.AP_REQ_AUTH, p, RANDOM)).isNotEqualTo(e.encrypt(k, KeyUsage.AP_REQ_AUTH, p, RANDOM));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enctypes")
    void everyFlippedBitIsDetected(Enctype e) throws Exception {
        EncryptionKey k = e.generateKey(RANDOM);
        Bytes c = e.encrypt(k, KeyUsage.KDC_REP_TICKET, plaintext(40), RANDOM);
        for (int bit = 0; bit < c.length() * 8; bit++) {
            byte[] t = c.toByteArray();
            t[bit / 8] ^= (byte) (1 << (bit % 8));
            Bytes tampered = Bytes.wrap(t);
            assertThatThrownBy(() -> e.decrypt(k, KeyUsage.KDC_REP_TICKET, tampered))
                    .as("bit %d", bit).isInstanceOf(IntegrityException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enctypes")
    void wrongKeyOrUsageIsDetected(Enctype e) {
        EncryptionKey k = e.generateKey(RANDOM);
        EncryptionKey other = e.generateKey(RANDOM);
        Bytes c = e.encrypt(k, KeyUsage.AS_REP_ENC_PART, plaintext(50), RANDOM);
        assertThatThrownBy(() -> e.decrypt(other, KeyUsage.AS_REP_ENC_PART, c)).isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> e.decrypt(k, KeyUsage.AP_REQ_AUTH, c)).isInstanceOf(IntegrityException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enctypes")
    void truncatedOrShortCiphertextIsAnIntegrityFailure(Enctype e) {
        EncryptionKey k = e.generateKey(RANDOM);
        Bytes c = e.encrypt(k, KeyUsage.AS_REP_ENC_PART, plaintext(20), RANDOM);
        for (int n = 0; n < c.length(); n++) {
            Bytes cut = c.slice(0, n);
            assertThatThrownBy(() -> e.decrypt(k, KeyUsage.AS_REP_ENC_PART, cut))
                    .as("first %d octets", n).isInstanceOf(IntegrityException.class);
        }
        // Minimal-length garbage (confounder + MAC, nothing else) is refused, not thrown unchecked.
        Bytes garbage = Bytes.wrap(new byte[e.overhead()]);
        assertThatThrownBy(() -> e.decrypt(k, KeyUsage.AS_REP_ENC_PART, garbage)).isInstanceOf(IntegrityException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enctypes")
    void aKeyOfTheWrongLengthIsRefused(Enctype e) {
        EncryptionKey wrong = new EncryptionKey(e.id(), new byte[e.keyBytes() + 8]);
        Bytes c = e.encrypt(e.generateKey(RANDOM), KeyUsage.AS_REP_ENC_PART, plaintext(5), RANDOM);
        assertThatThrownBy(() -> e.decrypt(wrong, KeyUsage.AS_REP_ENC_PART, c)).isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> e.encrypt(wrong, KeyUsage.AS_REP_ENC_PART, Bytes.EMPTY, RANDOM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.encrypt(e.generateKey(RANDOM), KeyUsage.AS_REP_ENC_PART, Bytes.EMPTY, Bytes.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.randomToKey(Bytes.EMPTY)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enctypes")
    void destroyedKeysCannotDecrypt(Enctype e) {
        EncryptionKey k = e.generateKey(RANDOM);
        Bytes c = e.encrypt(k, KeyUsage.AS_REP_ENC_PART, plaintext(5), RANDOM);
        k.destroy();
        assertThatThrownBy(() -> e.decrypt(k, KeyUsage.AS_REP_ENC_PART, c)).isInstanceOf(IntegrityException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enctypes")
    void mandatoryChecksumRoundTripsAndRejectsTampering(Enctype e) throws Exception {
        ChecksumAlgorithm c = Checksums.mandatoryFor(e.id());
        assertThat(c.id()).isEqualTo(e.checksumType());
        EncryptionKey k = e.generateKey(RANDOM);
        Bytes data = plaintext(77);
        Checksum sum = c.compute(k, KeyUsage.KERB_NON_KERB_CKSUM_SALT, data);
        assertThat(sum.value().length()).isEqualTo(c.size());
        assertThat(c.verify(k, KeyUsage.KERB_NON_KERB_CKSUM_SALT, data, sum)).isTrue();
        assertThat(c.verify(k, KeyUsage.TGS_REQ_AUTH_CKSUM, data, sum)).isFalse();
        assertThat(c.verify(e.generateKey(RANDOM), KeyUsage.KERB_NON_KERB_CKSUM_SALT, data, sum)).isFalse();
        assertThat(c.verify(k, KeyUsage.KERB_NON_KERB_CKSUM_SALT, plaintext(76), sum)).isFalse();
        byte[] flipped = sum.value().toByteArray();
        flipped[0] ^= 1;
        assertThat(c.verify(k, KeyUsage.KERB_NON_KERB_CKSUM_SALT, data, new Checksum(sum.type(), Bytes.wrap(flipped))))
                .isFalse();
        assertThat(c.verify(k, KeyUsage.KERB_NON_KERB_CKSUM_SALT, data,
                new Checksum(sum.type(), sum.value().slice(0, c.size() - 1)))).isFalse();
        assertThat(c.verify(k, KeyUsage.KERB_NON_KERB_CKSUM_SALT, data,
                new Checksum(io.kerbridge.kerberos.types.ChecksumType.of(12345), sum.value()))).isFalse();
        assertThat(c.verify(new EncryptionKey(e.id(), new byte[3]), KeyUsage.KERB_NON_KERB_CKSUM_SALT, data, sum))
                .isFalse();
        assertThat(c.verify(k, KeyUsage.KERB_NON_KERB_CKSUM_SALT, data, null)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enctypes")
    void prfIsDeterministicAndKeyed(Enctype e) {
        EncryptionKey k = e.generateKey(RANDOM);
        assertThat(e.prf(k, Bytes.ascii("input"))).isEqualTo(e.prf(k, Bytes.ascii("input")));
        assertThat(e.prf(k, Bytes.ascii("input"))).isNotEqualTo(e.prf(k, Bytes.ascii("inpuT")));
        assertThat(e.prf(k, Bytes.ascii("input"))).isNotEqualTo(e.prf(e.generateKey(RANDOM), Bytes.ascii("input")));
        assertThat(e.prf(k, Bytes.EMPTY).length()).isPositive();
    }

    @Test
    void concurrentUseGivesTheSameResults() throws Exception {
        // The JCE pools and the derived-key cache are shared: hammer them from several threads.
        List<Callable<Boolean>> jobs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            jobs.add(() -> {
                for (int i = 0; i < 200; i++) {
                    for (Enctype e : enctypes().toList()) {
                        EncryptionKey k = e.generateKey(RANDOM);
                        Bytes p = plaintext(i % 64);
                        KeyUsage u = KeyUsage.of(i % 5 + 1);
                        if (!e.decrypt(k, u, e.encrypt(k, u, p, RANDOM)).equals(p)) {
                            return false;
                        }
                    }
                }
                return true;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<Boolean> f : pool.invokeAll(jobs)) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(DerivedKeyCache.size()).isLessThanOrEqualTo(DerivedKeyCache.MAX_ENTRIES);
    }

    @Test
    void cacheClearingDoesNotChangeResults() throws Exception {
        Enctype e = Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96);
        EncryptionKey k = e.generateKey(RANDOM);
        Bytes conf = plaintext(16);
        Bytes before = e.encrypt(k, KeyUsage.KDC_REP_TICKET, plaintext(30), conf);
        Enctypes.clearDerivedKeyCache();
        assertThat(e.encrypt(k, KeyUsage.KDC_REP_TICKET, plaintext(30), conf)).isEqualTo(before);
    }

    /** The cache keeps its own copy of a key: the caller's array changed afterwards must not hit the old entry (issue 9). */
    @Test
    void sameArrayWithOtherBytesIsNotAHit() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        byte[] d1 = DerivedKeyCache.get(18, raw, 2, KeyDerivation.KE, () -> AesSha1Enctype.dk(raw,
                KeyDerivation.usageConstant(2, KeyDerivation.KE)));
        byte[] copy = d1.clone();
        raw[0] ^= 1;
        byte[] d2 = DerivedKeyCache.get(18, raw, 2, KeyDerivation.KE, () -> AesSha1Enctype.dk(raw,
                KeyDerivation.usageConstant(2, KeyDerivation.KE)));
        assertThat(d2).isNotEqualTo(copy).isEqualTo(AesSha1Enctype.dk(raw, KeyDerivation.usageConstant(2,
                KeyDerivation.KE)));
        assertThat(d1).isEqualTo(copy); // a cached array is never changed
    }
}
