package io.kerbridge.kerberos.client;

import io.kerbridge.kerberos.msg.EncKdcRepPart;
import io.kerbridge.kerberos.msg.KdcRep;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;

/** A verified AS-REP or TGS-REP with its decrypted enc-part: a ticket and what the client needs to use it. */
public record KdcReply(KdcRep rep, EncKdcRepPart part) {
    public Ticket ticket() {
        return rep.ticket();
    }

    public EncryptionKey sessionKey() {
        return part.key();
    }

    public PrincipalName client() {
        return rep.cname();
    }

    public String clientRealm() {
        return rep.crealm();
    }
}
