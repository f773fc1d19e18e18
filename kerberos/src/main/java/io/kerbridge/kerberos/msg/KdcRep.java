package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.types.MessageType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.util.List;
import java.util.Optional;

/**
 * AS-REP [APPLICATION 11] or TGS-REP [APPLICATION 13] (RFC 4120 §5.4.2). The enc-part decrypts
 * with usage 3 (AS), 8 or 9 (TGS) to an {@link EncKdcRepPart}.
 */
public record KdcRep(MessageType msgType, Optional<List<PaData>> padata, String crealm, PrincipalName cname,
        Ticket ticket, EncryptedData encPart) implements KrbMessage {
    public KdcRep {
        if (!msgType.equals(MessageType.AS_REP) && !msgType.equals(MessageType.TGS_REP)) {
            throw new IllegalArgumentException("not a KDC-REP type: " + msgType);
        }
        padata = padata.map(List::copyOf);
        java.util.Objects.requireNonNull(crealm, "crealm");
        java.util.Objects.requireNonNull(cname, "cname");
        java.util.Objects.requireNonNull(ticket, "ticket");
        java.util.Objects.requireNonNull(encPart, "encPart");
    }
}
