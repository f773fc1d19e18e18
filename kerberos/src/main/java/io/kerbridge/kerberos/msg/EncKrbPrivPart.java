package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.HostAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * EncKrbPrivPart [APPLICATION 28] (RFC 4120 §5.7.1):
 *
 * <pre>
 * EncKrbPrivPart ::= [APPLICATION 28] SEQUENCE {
 *     user-data   [0] OCTET STRING,
 *     timestamp   [1] KerberosTime OPTIONAL,
 *     usec        [2] Microseconds OPTIONAL,
 *     seq-number  [3] UInt32 OPTIONAL,
 *     s-address   [4] HostAddress -- sender's addr --,
 *     r-address   [5] HostAddress OPTIONAL -- recip's addr
 * }
 * </pre>
 *
 * RFC 4120 makes s-address mandatory; it is {@link Optional} here because Heimdal's ASN.1 module
 * declares it OPTIONAL and a decoder should not reject such senders. Our encoders always set it.
 * The seq-number is kept as its 32 bits (read from either the signed or the unsigned DER form).
 */
public record EncKrbPrivPart(Bytes userData, Optional<Instant> timestamp, Optional<Integer> usec,
        Optional<Integer> seqNumber, Optional<HostAddress> sAddress, Optional<HostAddress> rAddress) {
    public EncKrbPrivPart {
        java.util.Objects.requireNonNull(userData, "userData");
        java.util.Objects.requireNonNull(timestamp, "timestamp");
        java.util.Objects.requireNonNull(usec, "usec");
        java.util.Objects.requireNonNull(seqNumber, "seqNumber");
        java.util.Objects.requireNonNull(sAddress, "sAddress");
        java.util.Objects.requireNonNull(rAddress, "rAddress");
    }

    /** The usual sequence-number form (what MIT's krb5_mk_priv with DO_SEQUENCE produces). */
    public static EncKrbPrivPart withSequence(Bytes userData, int seqNumber, HostAddress sAddress) {
        return new EncKrbPrivPart(userData, Optional.empty(), Optional.empty(), Optional.of(seqNumber),
                Optional.of(sAddress), Optional.empty());
    }
}
