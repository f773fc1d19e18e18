package io.kerbridge.kerberos.crypto;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import java.security.SecureRandom;

/**
 * The RFC 3961 profile of one encryption type. Implementations are stateless and thread-safe;
 * get them from {@link Enctypes}.
 *
 * <p>Programming errors (a key of the wrong length given to {@code encrypt}, a confounder of the
 * wrong size) throw {@link IllegalArgumentException}. Untrusted input (ciphertext, checksums)
 * never causes an unchecked exception: {@link #decrypt} throws {@link IntegrityException}.
 */
public interface Enctype {
    EncType id();

    /** The mandatory checksum type of this enctype (RFC 3961 §4, RFC 3962, RFC 8009, MS-PAC 2.8). */
    ChecksumType checksumType();

    /** Length of a protocol key in octets. */
    int keyBytes();

    /** The s2kparams used when none are given (RFC 3962: 4096 iterations, RFC 8009: 32768). */
    Bytes defaultS2kParams();

    /**
     * RFC 3961 string-to-key. The password is encoded as UTF-8 (RC4: UTF-16LE). {@code s2kParams}
     * null means {@link #defaultS2kParams()}.
     *
     * @throws KerberosCryptoException on malformed s2kparams, an iteration count outside
     *     1..16777216, or a password that is not valid UTF-16 (lone surrogate)
     */
    EncryptionKey stringToKey(char[] password, Bytes salt, Bytes s2kParams) throws KerberosCryptoException;

    /** RFC 3961 random-to-key; {@code random} must be {@link #keyBytes()} long. */
    EncryptionKey randomToKey(Bytes random);

    /** A fresh random key. */
    EncryptionKey generateKey(SecureRandom random);

    /** Encrypts with a random confounder. */
    Bytes encrypt(EncryptionKey key, KeyUsage usage, Bytes plaintext, SecureRandom random);

    /** Encrypts with the given confounder (16 octets for AES, 8 for RC4): for test vectors. */
    Bytes encrypt(EncryptionKey key, KeyUsage usage, Bytes plaintext, Bytes confounder);

    /** Verifies and decrypts; returns the plaintext without the confounder. */
    Bytes decrypt(EncryptionKey key, KeyUsage usage, Bytes ciphertext) throws IntegrityException;

    /** The RFC 3961 pseudo-random function (RFC 3962 §6, RFC 8009 §5; rc4: HMAC-SHA1 as MIT/Heimdal). */
    Bytes prf(EncryptionKey key, Bytes input);

    /** Length of the ciphertext for a plaintext of {@code plaintextLength} octets. */
    default int ciphertextLength(int plaintextLength) {
        return plaintextLength + overhead();
    }

    /** Confounder plus MAC length. */
    int overhead();
}
