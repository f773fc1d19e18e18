package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.pac.PacException.Reason;
import io.kerbridge.kerberos.types.ChecksumType;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * PAC_SIGNATURE_DATA (MS-PAC 2.8; buffer types 6, 7, 16, 19): SignatureType, Signature (size fixed by the
 * type) and, after a signature made by an RODC, a 2-byte little-endian RODCIdentifier.
 */
public record PacSignatureData(ChecksumType type, Bytes signature, OptionalInt rodcIdentifier) {
    public PacSignatureData {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(rodcIdentifier, "rodcIdentifier");
        if (rodcIdentifier.isPresent() && (rodcIdentifier.getAsInt() & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("RODCIdentifier is 16-bit");
        }
    }

    /**
     * Signature length by checksum type: 12 for HMAC-SHA1-96-AES128/256 (15, 16), 16 for HMAC-MD5 (-138,
     * MS-PAC 2.8) and HMAC-SHA256-128-AES128 (19), 24 for HMAC-SHA384-192-AES256 (20, RFC 8009).
     */
    public static OptionalInt signatureLength(ChecksumType type) {
        return switch (type.value()) {
            case 15, 16 -> OptionalInt.of(12);
            case -138, 19 -> OptionalInt.of(16);
            case 20 -> OptionalInt.of(24);
            default -> OptionalInt.empty();
        };
    }

    /**
     * Decodes a signature buffer. For a known type the bytes after the signature must be absent or a
     * 2-byte RODCIdentifier; for an unknown type everything after SignatureType is the signature.
     */
    public static PacSignatureData decode(Bytes buffer) throws PacException {
        NdrReader r = NdrReader.of(buffer);
        ChecksumType type = ChecksumType.of(r.u32());
        OptionalInt len = signatureLength(type);
        if (len.isEmpty()) {
            return new PacSignatureData(type, Bytes.wrap(r.bytes(r.remaining())), OptionalInt.empty());
        }
        Bytes sig = Bytes.wrap(r.bytes(len.getAsInt()));
        return switch (r.remaining()) {
            case 0 -> new PacSignatureData(type, sig, OptionalInt.empty());
            case 2 -> new PacSignatureData(type, sig, OptionalInt.of(r.u16()));
            default -> throw new PacException(Reason.BAD_VALUE, r.remaining()
                    + " bytes after a " + type + " signature");
        };
    }

    public Bytes encode() {
        NdrWriter w = new NdrWriter(8 + signature.length()).u32(type.value()).bytes(signature.unsafeArray());
        rodcIdentifier.ifPresent(w::u16);
        return w.toBytes();
    }
}
