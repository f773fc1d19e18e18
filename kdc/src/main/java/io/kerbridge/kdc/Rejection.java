// RFC 4120 §7.5.9 error codes; MIT krb5 kdc_util.c convention: every check yields (code, status).
package io.kerbridge.kdc;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.ErrorCode;
import java.util.Objects;
import java.util.Optional;

/**
 * A refused request: the protocol error code for the wire, the stable status for the audit log,
 * and e-data where the protocol calls for it (METHOD-DATA with PREAUTH_REQUIRED, RFC 4120 §5.2.7.5).
 * {@link KrbErrors} is the one place turning it into a KRB-ERROR.
 */
public record Rejection(ErrorCode code, Status status, Optional<Bytes> eData) {
    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(eData, "eData");
    }

    public static Rejection of(ErrorCode code, Status status) {
        return new Rejection(code, status, Optional.empty());
    }
}
