package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.msg.EncKrbCredPart;
import io.kerbridge.kerberos.msg.KrbCred;
import io.kerbridge.kerberos.msg.KrbCredInfo;
import io.kerbridge.kerberos.msg.Ticket;
import java.util.Objects;

/**
 * Credentials the initiator delegated in the 0x8003 checksum (RFC 4121 §4.1.1.1): the KRB-CRED and its
 * decrypted part, whose {@link KrbCredInfo}s carry the session keys of the forwarded tickets.
 */
public record DelegatedCredentials(KrbCred krbCred, EncKrbCredPart encPart) {
    public DelegatedCredentials {
        Objects.requireNonNull(krbCred, "krbCred");
        Objects.requireNonNull(encPart, "encPart");
    }

    /** The forwarded tickets, paired index by index with {@link EncKrbCredPart#ticketInfo()}. */
    public java.util.List<Ticket> tickets() {
        return krbCred.tickets();
    }

    @Override
    public String toString() {
        return "DelegatedCredentials[" + krbCred.tickets().size() + " ticket(s)]";
    }
}
