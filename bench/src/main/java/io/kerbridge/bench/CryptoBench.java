package io.kerbridge.bench;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctype;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.IntegrityException;
import io.kerbridge.kerberos.crypto.KerberosCryptoException;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * RFC 3961 encrypt + decrypt of 1 KiB with key usage 2 (ticket), per enctype, and string-to-key
 * for aes256-cts-hmac-sha1-96 (PBKDF2-HMAC-SHA1, 4096 iterations) for scale.
 *
 * <p>Steady state: the derived Ke/Ki of the key and usage are cached by the library after the first
 * call, so key derivation is not in the measured loop. The confounder comes from a
 * {@code new SecureRandom()} (the JDK default, NativePRNG on Linux) and its cost is included.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CryptoBench {
    static final KeyUsage USAGE = KeyUsage.KDC_REP_TICKET; // 2

    @State(Scope.Benchmark)
    public static class EncState {
        @Param({"17", "18", "19", "20", "23"})
        public int etype;

        Enctype enctype;
        EncryptionKey key;
        Bytes plaintext;
        SecureRandom random;

        @Setup
        public void setup() throws Exception {
            random = new SecureRandom();
            enctype = Enctypes.get(EncType.of(etype));
            key = enctype.generateKey(random);
            byte[] p = new byte[1024];
            random.nextBytes(p);
            plaintext = Bytes.wrap(p);
            Bytes c = enctype.encrypt(key, USAGE, plaintext, random);
            if (!enctype.decrypt(key, USAGE, c).equals(plaintext)) {
                throw new IllegalStateException("round trip failed for etype " + etype);
            }
        }
    }

    @State(Scope.Benchmark)
    public static class S2kState {
        // Principal user18@EXAMPLE.TEST of the MIT captures (kerberos/src/test/resources/captures).
        static final char[] PASSWORD = "user18-Passw0rd".toCharArray();
        static final Bytes SALT = Bytes.ascii("EXAMPLE.TESTuser18");
        static final Bytes EXPECTED =
                Bytes.fromHex("56c7a31c836e316895b03402bf632cfa90eafe3dc89e999a4122f4248bf25d87");

        Enctype aes256;

        @Setup
        public void setup() throws Exception {
            aes256 = Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96);
            // The key MIT's kadmin derived for the same password and salt (keys.tsv).
            if (!Bytes.wrap(aes256.stringToKey(PASSWORD.clone(), SALT, null).bytes()).equals(EXPECTED)) {
                throw new IllegalStateException("string-to-key does not match MIT");
            }
        }
    }

    @Benchmark
    public Bytes encryptDecrypt1KiB(EncState s) throws IntegrityException {
        Bytes c = s.enctype.encrypt(s.key, USAGE, s.plaintext, s.random);
        return s.enctype.decrypt(s.key, USAGE, c);
    }

    /** Default s2kparams: 4096 iterations (RFC 3962). */
    @Benchmark
    public EncryptionKey stringToKeyAes256Sha1(S2kState s) throws KerberosCryptoException {
        return s.aes256.stringToKey(S2kState.PASSWORD.clone(), S2kState.SALT, null);
    }
}
