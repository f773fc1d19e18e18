package io.kerbridge.kerberos.file;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.AuthorizationDataEntry;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.HostAddress;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One credential of a ccache: a ticket and what the client knows about it (the decrypted parts of the
 * KDC reply). {@code startTime} and {@code renewTill} are null when absent (stored as 0). Times are whole
 * seconds, unsigned 32-bit in the file (up to 2106). {@code ticket} is the DER Ticket as received;
 * {@code secondTicket} is empty unless the ticket was obtained user-to-user.
 */
public record Credential(
        PrincipalName client,
        String clientRealm,
        PrincipalName server,
        String serverRealm,
        EncryptionKey key,
        Instant authTime,
        Instant startTime,
        Instant endTime,
        Instant renewTill,
        boolean isSkey,
        TicketFlags flags,
        List<HostAddress> addresses,
        List<AuthorizationDataEntry> authData,
        Bytes ticket,
        Bytes secondTicket) implements CcacheEntry {

    public Credential {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(clientRealm, "clientRealm");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(serverRealm, "serverRealm");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(flags, "flags");
        addresses = List.copyOf(addresses);
        authData = List.copyOf(authData);
        Objects.requireNonNull(ticket, "ticket");
        secondTicket = secondTicket == null ? Bytes.EMPTY : secondTicket;
    }

    /** True when the server is in the {@value ConfigEntry#REALM} pseudo-realm. */
    public boolean isConfigEntry() {
        return ConfigEntry.REALM.equals(serverRealm);
    }

    /** Same client and server (with realms): the key MIT uses when it replaces a credential. */
    public boolean sameNames(Credential o) {
        return client.equals(o.client) && clientRealm.equals(o.clientRealm) && server.equals(o.server)
                && serverRealm.equals(o.serverRealm);
    }

    /** The start of validity: {@code startTime}, or {@code authTime} when there is none. */
    public Instant validFrom() {
        return startTime != null ? startTime : authTime;
    }

    @Override
    public String toString() {
        return "Credential[" + client.withRealm(clientRealm) + " -> " + server.withRealm(serverRealm) + ", "
                + key + ", end " + endTime + "]";
    }
}
