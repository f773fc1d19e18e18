package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.types.AuthorizationDataEntry;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.HostAddress;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** EncTicketPart (RFC 4120 §5.3), [APPLICATION 3]. */
public record EncTicketPart(TicketFlags flags, EncryptionKey key, String crealm, PrincipalName cname,
        TransitedEncoding transited, Instant authTime, Optional<Instant> startTime, Instant endTime,
        Optional<Instant> renewTill, Optional<List<HostAddress>> addresses,
        Optional<List<AuthorizationDataEntry>> authorizationData) {
    public EncTicketPart {
        java.util.Objects.requireNonNull(flags, "flags");
        java.util.Objects.requireNonNull(key, "key");
        java.util.Objects.requireNonNull(crealm, "crealm");
        java.util.Objects.requireNonNull(cname, "cname");
        java.util.Objects.requireNonNull(transited, "transited");
        java.util.Objects.requireNonNull(authTime, "authTime");
        java.util.Objects.requireNonNull(endTime, "endTime");
        addresses = addresses.map(List::copyOf);
        authorizationData = authorizationData.map(List::copyOf);
    }
}
