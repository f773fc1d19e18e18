// RFC 4120 §3.1.3/§3.3.3 (reply) and §3.1.6/§3.3.4 (error): what one request ended in.
package io.kerbridge.kdc;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.PrincipalName;
import java.util.Optional;

/**
 * How a request ended: an encoded reply, or a rejection to be encoded by {@link KrbErrors}. Both
 * carry the names for the audit line ({@code client} may be unknown for garbage).
 */
public sealed interface Outcome {
    String exchange();

    String client();

    String server();

    record Issued(String exchange, String client, String server, Bytes reply) implements Outcome {}

    /** {@code sname}/{@code realm} go into the KRB-ERROR; {@code cname} when known. */
    record Rejected(String exchange, String client, String server, Rejection rejection, String realm,
            Optional<PrincipalName> sname) implements Outcome {}
}
