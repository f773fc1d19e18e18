// One audit record (MIT krb5 kdc_log.c log_as_req/log_tgs_req fields, without keys or tickets); for a
// partial-TGT exchange also the RODC number and key version (notes §2.5-§2.8).
package io.kerbridge.kdc.audit;

import io.kerbridge.kdc.Status;
import java.util.Optional;

/**
 * What happened to one request: exchange ({@code AS}, {@code TGS} or {@code -} when undecodable),
 * client and server names as text with realm, the status and the wire error code (0 when issued),
 * the peer address when known, and for an RODC-issued TGT the RODC number and key version. Never
 * holds keys, tickets or passwords.
 */
public record AuditEvent(String exchange, String client, String server, Status status, int errorCode,
        Optional<String> from, Optional<RodcTrail> rodc) {
    public AuditEvent(String exchange, String client, String server, Status status, int errorCode,
            Optional<String> from) {
        this(exchange, client, server, status, errorCode, from, Optional.empty());
    }

    /**
     * {@code AS alice@CONTOSO.TEST -> krbtgt/CONTOSO.TEST@CONTOSO.TEST ISSUED}, or {@code ... REJECTED STATUS (code)};
     * an exchange: {@code ... ISSUED EXCHANGED rodc=30775 keyVersion=12844}.
     */
    public String line() {
        StringBuilder b = new StringBuilder(96).append(exchange).append(' ').append(client).append(" -> ")
                .append(server).append(' ');
        if (status == Status.ISSUED) {
            b.append("ISSUED");
        } else if (status.issued()) {
            b.append("ISSUED ").append(status.name());
        } else {
            b.append("REJECTED ").append(status.name()).append(" (").append(errorCode).append(')');
        }
        rodc.ifPresent(r -> b.append(" rodc=").append(r.rodcNumber()).append(" keyVersion=").append(r.keyVersion()));
        from.ifPresent(f -> b.append(" from ").append(f));
        return b.toString();
    }
}
