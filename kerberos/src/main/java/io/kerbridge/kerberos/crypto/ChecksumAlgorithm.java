package io.kerbridge.kerberos.crypto;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;

/** A keyed checksum type (RFC 3961 §4). Implementations are stateless and thread-safe. */
public interface ChecksumAlgorithm {
    ChecksumType id();

    /** Checksum length in octets. */
    int size();

    /** @throws IllegalArgumentException if the key length does not fit this checksum type */
    Checksum compute(EncryptionKey key, KeyUsage usage, Bytes data);

    /**
     * Constant-time verification. False, never an exception, on a wrong type, a wrong length, or a
     * key of the wrong length.
     */
    boolean verify(EncryptionKey key, KeyUsage usage, Bytes data, Checksum checksum);
}
