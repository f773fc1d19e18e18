package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.types.PrincipalName;

/** Ticket (RFC 4120 §5.3), tkt-vno 5. The enc-part decrypts (key usage 2) to an {@link EncTicketPart}. */
public record Ticket(String realm, PrincipalName sname, EncryptedData encPart) {
    public Ticket {
        java.util.Objects.requireNonNull(realm, "realm");
        java.util.Objects.requireNonNull(sname, "sname");
        java.util.Objects.requireNonNull(encPart, "encPart");
    }
}
