package io.kerbridge.kerberos.client;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.file.Credential;
import io.kerbridge.kerberos.msg.EncKdcRepPart;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.asn1.DerException;
import java.util.List;

/** Turns KDC replies into ccache credentials and back into what a TGS exchange needs. */
public final class CcacheCredentials {
    private CcacheCredentials() {}

    /** The ccache credential for a verified reply (the fields MIT kinit stores). */
    public static Credential from(KdcReply reply) {
        EncKdcRepPart p = reply.part();
        return new Credential(reply.client(), reply.clientRealm(), p.sname(), p.srealm(), p.key(), p.authTime(),
                p.startTime().orElse(null), p.endTime(), p.renewTill().orElse(null), false, p.flags(),
                p.addresses().orElse(List.of()), List.of(), KrbCodec.encodeTicket(reply.ticket()), Bytes.EMPTY);
    }

    /** The ticket of a stored credential. */
    public static Ticket ticket(Credential c) throws KerberosClientException {
        try {
            return KrbCodec.decodeTicket(c.ticket());
        } catch (DerException e) {
            throw new KerberosClientException("the ticket for " + c.server().withRealm(c.serverRealm())
                    + " in the credentials cache is malformed: " + e.getMessage(), e);
        }
    }
}
