package io.kerbridge.kerberos.crypto;

import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncType;
import java.util.Map;
import java.util.Optional;

/** The keyed checksum registry of this build. */
public final class Checksums {
    private static final Map<ChecksumType, ChecksumAlgorithm> BY_ID = Map.of(
            ChecksumType.HMAC_SHA1_96_AES128,
            new KeyedChecksum(ChecksumType.HMAC_SHA1_96_AES128, AesSha1Enctype.AES128, 12),
            ChecksumType.HMAC_SHA1_96_AES256,
            new KeyedChecksum(ChecksumType.HMAC_SHA1_96_AES256, AesSha1Enctype.AES256, 12),
            ChecksumType.HMAC_SHA256_128_AES128,
            new KeyedChecksum(ChecksumType.HMAC_SHA256_128_AES128, AesSha2Enctype.AES128, 16),
            ChecksumType.HMAC_SHA384_192_AES256,
            new KeyedChecksum(ChecksumType.HMAC_SHA384_192_AES256, AesSha2Enctype.AES256, 24),
            ChecksumType.HMAC_MD5,
            new KeyedChecksum(ChecksumType.HMAC_MD5, Rc4HmacEnctype.INSTANCE, 16));

    private Checksums() {}

    public static Optional<ChecksumAlgorithm> find(ChecksumType t) {
        return Optional.ofNullable(t == null ? null : BY_ID.get(t));
    }

    public static ChecksumAlgorithm get(ChecksumType t) throws KerberosCryptoException {
        ChecksumAlgorithm a = t == null ? null : BY_ID.get(t);
        if (a == null) {
            throw new KerberosCryptoException("unsupported checksum type " + t);
        }
        return a;
    }

    /** The mandatory checksum of an enctype (RFC 3961 §3 "required checksum mechanism"). */
    public static ChecksumAlgorithm mandatoryFor(EncType t) throws UnsupportedEnctypeException {
        ChecksumAlgorithm a = BY_ID.get(Enctypes.get(t).checksumType());
        if (a == null) {
            throw new UnsupportedEnctypeException(t);
        }
        return a;
    }
}
