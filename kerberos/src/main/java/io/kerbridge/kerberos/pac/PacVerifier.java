package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.ChecksumAlgorithm;
import io.kerbridge.kerberos.crypto.Checksums;
import io.kerbridge.kerberos.pac.PacVerification.Status;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Checks the signatures of a PAC against the exact bytes it was received in (MS-PAC 2.8, Heimdal
 * {@code krb5_pac_verify}). Each signature is checked independently and all of them are always
 * evaluated; the comparison itself is constant-time ({@link ChecksumAlgorithm#verify}).
 *
 * <ul>
 *   <li>server (6): server key over the PAC with everything after SignatureType in the server and KDC
 *       buffers zeroed (their RODCIdentifiers included);</li>
 *   <li>KDC (7): krbtgt key over the server signature value;</li>
 *   <li>ticket (16): krbtgt key over the caller's ticket-signing bytes;</li>
 *   <li>full (19): krbtgt key over the PAC with the server, KDC and full signature buffers zeroed after
 *       SignatureType.</li>
 * </ul>
 * For an RODC-signed PAC, choose the krbtgt key from {@code pac.kdcSignature().rodcIdentifier()}.
 */
public final class PacVerifier {
    private PacVerifier() {}

    public static PacVerification verify(Pac pac, EncryptionKey serverKey, EncryptionKey krbtgtKey) {
        return verify(pac, Optional.of(serverKey), Optional.of(krbtgtKey), Optional.empty());
    }

    public static PacVerification verify(Pac pac, Optional<EncryptionKey> serverKey,
            Optional<EncryptionKey> krbtgtKey, Optional<Bytes> ticketSigningData) {
        byte[] raw = pac.encode().unsafeArray();

        Optional<PacSignatureData> serverSig = decode(pac, PacSignatureKind.SERVER);
        Status server = check(pac, PacSignatureKind.SERVER, serverSig, serverKey,
                () -> zeroed(pac, raw, PacSignatureKind.SERVER, PacSignatureKind.KDC));

        // The KDC signature covers the server signature value: without a usable one it cannot be checked.
        Status kdc = check(pac, PacSignatureKind.KDC, decode(pac, PacSignatureKind.KDC), krbtgtKey,
                () -> serverSig.map(PacSignatureData::signature).orElse(null));

        Status ticket = check(pac, PacSignatureKind.TICKET, decode(pac, PacSignatureKind.TICKET), krbtgtKey,
                () -> ticketSigningData.orElse(null));

        Status full = check(pac, PacSignatureKind.FULL, decode(pac, PacSignatureKind.FULL), krbtgtKey,
                () -> zeroed(pac, raw, PacSignatureKind.SERVER, PacSignatureKind.KDC, PacSignatureKind.FULL));
        return new PacVerification(server, kdc, ticket, full);
    }

    private static boolean present(Pac pac, PacSignatureKind kind) {
        return pac.indexOf(kind.bufferType()) >= 0;
    }

    private static Optional<PacSignatureData> decode(Pac pac, PacSignatureKind kind) {
        try {
            return pac.signature(kind);
        } catch (PacException e) {
            return Optional.empty();
        }
    }

    /** {@code data} supplies the signed bytes, or null when they are not available (NOT_CHECKED). */
    private static Status check(Pac pac, PacSignatureKind kind, Optional<PacSignatureData> sig,
            Optional<EncryptionKey> key, Supplier<Bytes> data) {
        if (!present(pac, kind)) {
            return Status.MISSING;
        }
        if (sig.isEmpty()) {
            return Status.MALFORMED;
        }
        if (key.isEmpty()) {
            return Status.NOT_CHECKED;
        }
        PacSignatureData s = sig.get();
        try {
            if (!PacChecksums.checksumTypeFor(key.get().type()).equals(s.type())) {
                return Status.WRONG_CHECKSUM_TYPE;
            }
        } catch (PacException e) {
            return Status.WRONG_CHECKSUM_TYPE;
        }
        Optional<ChecksumAlgorithm> alg = Checksums.find(s.type());
        if (alg.isEmpty()) {
            return Status.WRONG_CHECKSUM_TYPE;
        }
        Bytes signed = data.get();
        if (signed == null) {
            return Status.NOT_CHECKED;
        }
        boolean ok = alg.get().verify(key.get(), PacChecksums.USAGE, signed, new Checksum(s.type(), s.signature()));
        return ok ? Status.VALID : Status.INVALID;
    }

    /** A copy of the PAC with everything after SignatureType zeroed in the given signature buffers. */
    private static Bytes zeroed(Pac pac, byte[] raw, PacSignatureKind... kinds) {
        byte[] copy = raw.clone();
        for (PacSignatureKind k : kinds) {
            int i = pac.indexOf(k.bufferType());
            if (i >= 0) {
                int start = pac.offsetOf(i);
                int len = pac.buffers().get(i).data().length();
                if (len > 4) {
                    Arrays.fill(copy, start + 4, start + len, (byte) 0);
                }
            }
        }
        return Bytes.wrap(copy);
    }
}
