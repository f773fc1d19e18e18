// protocol-notes §5.2-§5.3 (the cloud realm's KDC behind KKDCP).
// RFC 4120 §7.5.9 (error codes); the kdc module's convention (MIT kdc_util.c): every check yields a code for
// the wire and a stable reason for the log.
package io.kerbridge.cloud.realm;

import io.kerbridge.kerberos.types.ErrorCode;
import java.util.Objects;

/**
 * A refused Kerberos request: the KRB-ERROR code and a stable reason for the log line (never on the wire, which
 * carries only the code's name). {@link RealmErrors} is the one place turning it into a KRB-ERROR.
 */
record Refusal(ErrorCode code, String reason) {
    Refusal {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }
}
