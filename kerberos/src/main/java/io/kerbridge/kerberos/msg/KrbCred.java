package io.kerbridge.kerberos.msg;

import java.util.List;

/**
 * KRB-CRED [APPLICATION 22] (RFC 4120 §5.8.1). enc-part is an {@link EncKrbCredPart} encrypted with
 * usage 14, or with etype 0 (plain) as in .kirbi files and GSS delegation without a subkey.
 */
public record KrbCred(List<Ticket> tickets, EncryptedData encPart) implements KrbMessage {
    public KrbCred {
        tickets = List.copyOf(tickets);
        java.util.Objects.requireNonNull(encPart, "encPart");
    }
}
