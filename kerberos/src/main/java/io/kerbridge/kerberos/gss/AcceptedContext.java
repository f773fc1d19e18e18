package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verified AP-REQ established: who the client is, the keys, the ticket's times and flags, the
 * authorization data, and what the initiator asked of the GSS context.
 *
 * @param client the client principal (ticket cname, equal to the authenticator's)
 * @param clientRealm the client realm (ticket crealm)
 * @param server the server principal the ticket was issued for
 * @param serverRealm the realm of the ticket
 * @param sessionKey the ticket session key; the AP-REP is encrypted in it
 * @param subkey the initiator's authenticator subkey, if any; with no acceptor subkey it is the context key
 *     (RFC 4121 §2)
 * @param ticketFlags ticket flags from the EncTicketPart
 * @param authTime when the client first authenticated
 * @param endTime ticket end time; the context should not outlive it
 * @param pac the ticket's PAC when it has one (its server signature verified with the service key)
 * @param gssFlags context flags from the 0x8003 checksum
 * @param delegated forwarded credentials from the checksum, if the initiator delegated
 * @param ctime authenticator ctime, echoed in the AP-REP
 * @param cusec authenticator cusec, echoed in the AP-REP
 * @param initiatorSeq the initiator's sequence number, if sent
 * @param acceptorSeq the sequence number this acceptor chose, sent in the AP-REP
 */
public record AcceptedContext(PrincipalName client, String clientRealm, PrincipalName server, String serverRealm,
        EncryptionKey sessionKey, Optional<EncryptionKey> subkey, TicketFlags ticketFlags, Instant authTime,
        Instant endTime, Optional<Pac> pac, GssFlags gssFlags, Optional<DelegatedCredentials> delegated,
        Instant ctime, int cusec, Optional<Integer> initiatorSeq, int acceptorSeq) {
    public AcceptedContext {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(clientRealm, "clientRealm");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(serverRealm, "serverRealm");
        Objects.requireNonNull(sessionKey, "sessionKey");
        Objects.requireNonNull(subkey, "subkey");
        Objects.requireNonNull(ticketFlags, "ticketFlags");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(pac, "pac");
        Objects.requireNonNull(gssFlags, "gssFlags");
        Objects.requireNonNull(delegated, "delegated");
        Objects.requireNonNull(ctime, "ctime");
        Objects.requireNonNull(initiatorSeq, "initiatorSeq");
    }

    /** "name@REALM" in MIT text form. */
    public String clientName() {
        return client.withRealm(clientRealm);
    }

    /** The key per-message tokens would use: the initiator subkey, else the session key (RFC 4121 §2). */
    public EncryptionKey contextKey() {
        return subkey.orElse(sessionKey);
    }

    @Override
    public String toString() {
        return "AcceptedContext[" + clientName() + " -> " + server.withRealm(serverRealm) + ", " + gssFlags
                + ", pac " + pac.isPresent() + ", delegated " + delegated.isPresent() + "]";
    }
}
