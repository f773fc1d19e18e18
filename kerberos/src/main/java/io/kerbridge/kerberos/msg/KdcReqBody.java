package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.HostAddress;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * KDC-REQ-BODY (RFC 4120 §5.4.1). {@code till} is optional on the wire only in RFC 4120's later
 * text ("till [5] KerberosTime" is required in the ASN.1); MIT sends it always. The nonce is kept
 * as its 32 bits (UInt32, encoded in the signed form like kvno).
 */
public record KdcReqBody(KdcOptions options, Optional<PrincipalName> cname, String realm,
        Optional<PrincipalName> sname, Optional<Instant> from, Instant till, Optional<Instant> rtime,
        int nonce, List<EncType> etypes, Optional<List<HostAddress>> addresses,
        Optional<EncryptedData> encAuthorizationData, Optional<List<Ticket>> additionalTickets) {
    public KdcReqBody {
        java.util.Objects.requireNonNull(options, "options");
        java.util.Objects.requireNonNull(realm, "realm");
        java.util.Objects.requireNonNull(till, "till");
        etypes = List.copyOf(etypes);
        addresses = addresses.map(List::copyOf);
        additionalTickets = additionalTickets.map(List::copyOf);
    }
}
