// One audit record (MIT krb5 kdc_log.c log_as_req/log_tgs_req fields, without keys or tickets).
package io.kerbridge.kdc.audit;

import io.kerbridge.kdc.Status;
import java.util.Optional;

/**
 * What happened to one request: exchange ({@code AS}, {@code TGS} or {@code -} when undecodable),
 * client and server names as text with realm, the status and the wire error code (0 when issued),
 * and the peer address when known. Never holds keys, tickets or passwords.
 */
public record AuditEvent(String exchange, String client, String server, Status status, int errorCode,
        Optional<String> from) {
    /** {@code AS alice@CONTOSO.TEST -> krbtgt/CONTOSO.TEST@CONTOSO.TEST ISSUED}, or {@code ... REJECTED STATUS (code)}. */
    public String line() {
        StringBuilder b = new StringBuilder(96).append(exchange).append(' ').append(client).append(" -> ")
                .append(server).append(' ');
        if (status == Status.ISSUED) {
            b.append("ISSUED");
        } else {
            b.append("REJECTED ").append(status.name()).append(" (").append(errorCode).append(')');
        }
        from.ifPresent(f -> b.append(" from ").append(f));
        return b.toString();
    }
}
