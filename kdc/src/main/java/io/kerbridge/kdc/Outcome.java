// RFC 4120 §3.1.3/§3.3.3 (reply) and §3.1.6/§3.3.4 (error): what one request ended in.
package io.kerbridge.kdc;

import io.kerbridge.kdc.audit.RodcTrail;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.PrincipalName;
import java.util.Optional;

/**
 * How a request ended: an encoded reply, or a rejection to be encoded by {@link KrbErrors}. Both
 * carry the names for the audit line ({@code client} may be unknown for garbage), and, for an
 * RODC-issued TGT, its RODC number and key version.
 */
public sealed interface Outcome {
    String exchange();

    String client();

    String server();

    Optional<RodcTrail> rodc();

    /** {@code status}: ISSUED, or for a partial-TGT exchange EXCHANGED / KEY_LIST_RETURNED. */
    record Issued(String exchange, String client, String server, Bytes reply, Status status,
            Optional<RodcTrail> rodc) implements Outcome {
        public Issued(String exchange, String client, String server, Bytes reply) {
            this(exchange, client, server, reply, Status.ISSUED, Optional.empty());
        }
    }

    /** {@code sname}/{@code realm} go into the KRB-ERROR; {@code cname} when known. */
    record Rejected(String exchange, String client, String server, Rejection rejection, String realm,
            Optional<PrincipalName> sname, Optional<RodcTrail> rodc) implements Outcome {
        public Rejected(String exchange, String client, String server, Rejection rejection, String realm,
                Optional<PrincipalName> sname) {
            this(exchange, client, server, rejection, realm, sname, Optional.empty());
        }
    }
}
