package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.crypto.ChecksumAlgorithm;
import io.kerbridge.kerberos.crypto.Checksums;
import io.kerbridge.kerberos.crypto.UnsupportedEnctypeException;
import io.kerbridge.kerberos.pac.PacException.Reason;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.KeyUsage;

/**
 * Which checksum signs a PAC for a given key. MS-PAC 2.8: HMAC_MD5 (-138) for RC4 keys,
 * HMAC-SHA1-96-AES128 (15) and -AES256 (16) for the AES-SHA1 keys. MS-PAC names no checksum for the
 * RFC 8009 enctypes (Windows does not implement them); we follow Heimdal/Samba, which sign with the
 * key's mandatory checksum: HMAC-SHA256-128-AES128 (19) for enctype 19, HMAC-SHA384-192-AES256 (20)
 * for enctype 20. Other enctypes also get their RFC 3961 mandatory checksum if this build has it.
 */
public final class PacChecksums {
    /** MS-PAC 2.8: every PAC signature uses KERB_NON_KERB_CKSUM_SALT (17). */
    public static final KeyUsage USAGE = KeyUsage.KERB_NON_KERB_CKSUM_SALT;

    private PacChecksums() {}

    public static ChecksumType checksumTypeFor(EncType enctype) throws PacException {
        return switch (enctype.value()) {
            case 17 -> ChecksumType.HMAC_SHA1_96_AES128;
            case 18 -> ChecksumType.HMAC_SHA1_96_AES256;
            case 19 -> ChecksumType.HMAC_SHA256_128_AES128;
            case 20 -> ChecksumType.HMAC_SHA384_192_AES256;
            case 23, 24 -> ChecksumType.HMAC_MD5;
            default -> {
                try {
                    yield Checksums.mandatoryFor(enctype).id();
                } catch (UnsupportedEnctypeException e) {
                    throw new PacException(Reason.UNSUPPORTED_CHECKSUM, "no PAC checksum for " + enctype, e);
                }
            }
        };
    }

    static ChecksumAlgorithm algorithmFor(EncType enctype) throws PacException {
        ChecksumType t = checksumTypeFor(enctype);
        ChecksumAlgorithm a = Checksums.find(t).orElseThrow(
                () -> new PacException(Reason.UNSUPPORTED_CHECKSUM, "checksum " + t + " not implemented"));
        if (PacSignatureData.signatureLength(t).orElse(a.size()) != a.size()) {
            throw new PacException(Reason.UNSUPPORTED_CHECKSUM, "checksum " + t + " has an unexpected size");
        }
        return a;
    }
}
