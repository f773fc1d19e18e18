package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.ChecksumAlgorithm;
import io.kerbridge.kerberos.pac.PacException.Reason;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Signs a PAC in the order Heimdal uses (and Samba relies on), MS-PAC 2.8.1-2.8.5:
 * <ol>
 *   <li>drop any old signature buffers and append zero placeholders: server (6), KDC (7), then ticket
 *       (16) and full (19) when asked for; KDC, ticket and full ones get 2 more bytes for the
 *       RODCIdentifier when {@code rodcId != 0};</li>
 *   <li>ticket signature: krbtgt key over the caller's ticket-signing bytes (the EncTicketPart with the
 *       AD-WIN2K-PAC ad-data replaced by one zero byte, MS-PAC 2.8.3), then its RODCIdentifier;</li>
 *   <li>full signature: krbtgt key over the whole PAC with server, KDC and full signatures zero, then its
 *       RODCIdentifier;</li>
 *   <li>server signature: server key over the whole PAC with server and KDC signatures zero (the KDC
 *       RODCIdentifier included: notes §2.8, Samba refuses otherwise);</li>
 *   <li>KDC signature: krbtgt key over the server signature value, then its RODCIdentifier.</li>
 * </ol>
 * All with key usage 17; the checksum type follows each key's enctype ({@link PacChecksums}).
 */
public final class PacSigner {
    private PacSigner() {}

    /**
     * What to sign besides the mandatory server and KDC signatures.
     *
     * @param rodcId the RODC number (the krbtgt kvno >> 16) when an RODC signs, else 0
     * @param ticketSigningData when present, a ticket signature (16) over these bytes is added
     * @param fullSignature whether to add the full PAC signature (19)
     */
    public record Options(int rodcId, Optional<Bytes> ticketSigningData, boolean fullSignature) {
        public static final Options DEFAULT = new Options(0, Optional.empty(), false);

        public Options {
            Objects.requireNonNull(ticketSigningData, "ticketSigningData");
            if ((rodcId & ~0xFFFF) != 0) {
                throw new IllegalArgumentException("RODC number is 16-bit: " + rodcId);
            }
        }

        /** As a writable DC signs a service ticket: ticket and full signatures. */
        public static Options serviceTicket(Bytes ticketSigningData) {
            return new Options(0, Optional.of(ticketSigningData), true);
        }

        public Options withRodcId(int id) {
            return new Options(id, ticketSigningData, fullSignature);
        }
    }

    public static Pac sign(Pac pac, EncryptionKey serverKey, EncryptionKey krbtgtKey) throws PacException {
        return sign(pac, serverKey, krbtgtKey, Options.DEFAULT);
    }

    public static Pac sign(Pac pac, EncryptionKey serverKey, EncryptionKey krbtgtKey, Options options)
            throws PacException {
        ChecksumAlgorithm server = PacChecksums.algorithmFor(serverKey.type());
        ChecksumAlgorithm kdc = PacChecksums.algorithmFor(krbtgtKey.type());
        OptionalInt rodc = options.rodcId() == 0 ? OptionalInt.empty() : OptionalInt.of(0);

        List<PacBuffer> buffers = new ArrayList<>();
        for (PacBuffer b : pac.buffers()) {
            if (!b.type().isSignature()) {
                buffers.add(b);
            }
        }
        buffers.add(placeholder(PacSignatureKind.SERVER, server, OptionalInt.empty()));
        buffers.add(placeholder(PacSignatureKind.KDC, kdc, rodc));
        if (options.ticketSigningData().isPresent()) {
            buffers.add(placeholder(PacSignatureKind.TICKET, kdc, rodc));
        }
        if (options.fullSignature()) {
            buffers.add(placeholder(PacSignatureKind.FULL, kdc, rodc));
        }
        Pac laid = Pac.layout(buffers);
        byte[] b = laid.encode().toByteArray();

        try {
            if (options.ticketSigningData().isPresent()) {
                int at = laid.offsetOf(laid.indexOf(PacBufferType.TICKET_CHECKSUM));
                put(b, at, kdc.compute(krbtgtKey, PacChecksums.USAGE, options.ticketSigningData().get()).value());
                putRodc(b, at + 4 + kdc.size(), options.rodcId());
            }
            if (options.fullSignature()) {
                int at = laid.offsetOf(laid.indexOf(PacBufferType.FULL_CHECKSUM));
                put(b, at, kdc.compute(krbtgtKey, PacChecksums.USAGE, Bytes.of(b)).value());
                putRodc(b, at + 4 + kdc.size(), options.rodcId());
            }
            int serverAt = laid.offsetOf(laid.indexOf(PacBufferType.SERVER_CHECKSUM));
            Bytes serverSig = server.compute(serverKey, PacChecksums.USAGE, Bytes.of(b)).value();
            put(b, serverAt, serverSig);
            int kdcAt = laid.offsetOf(laid.indexOf(PacBufferType.PRIVSVR_CHECKSUM));
            put(b, kdcAt, kdc.compute(krbtgtKey, PacChecksums.USAGE, serverSig).value());
            putRodc(b, kdcAt + 4 + kdc.size(), options.rodcId());
        } catch (IllegalArgumentException e) {
            throw new PacException(Reason.UNSUPPORTED_CHECKSUM, "key does not fit its checksum: " + e.getMessage(), e);
        }
        return Pac.decode(Bytes.wrap(b));
    }

    private static PacBuffer placeholder(PacSignatureKind kind, ChecksumAlgorithm alg, OptionalInt rodc) {
        return new PacBuffer(kind.bufferType(),
                new PacSignatureData(alg.id(), Bytes.wrap(new byte[alg.size()]), rodc).encode());
    }

    /** Writes a signature value after the 4-byte SignatureType of the buffer at {@code bufferOffset}. */
    private static void put(byte[] pac, int bufferOffset, Bytes signature) {
        System.arraycopy(signature.unsafeArray(), 0, pac, bufferOffset + 4, signature.length());
    }

    private static void putRodc(byte[] pac, int at, int rodcId) {
        if (rodcId != 0) {
            pac[at] = (byte) rodcId;
            pac[at + 1] = (byte) (rodcId >>> 8);
        }
    }
}
