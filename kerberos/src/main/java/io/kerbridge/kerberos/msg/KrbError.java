package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Instant;
import java.util.Optional;

/**
 * KRB-ERROR [APPLICATION 30] (RFC 4120 §5.9.1). e-data is kept as bytes; {@link PaCodec} reads it
 * as METHOD-DATA (PREAUTH_REQUIRED with PA-ETYPE-INFO2) or as a typed e-data where Windows sends one.
 */
public record KrbError(Optional<Instant> ctime, Optional<Integer> cusec, Instant stime, int susec,
        ErrorCode errorCode, Optional<String> crealm, Optional<PrincipalName> cname, String realm,
        PrincipalName sname, Optional<String> etext, Optional<Bytes> edata) implements KrbMessage {
    public KrbError {
        java.util.Objects.requireNonNull(stime, "stime");
        java.util.Objects.requireNonNull(errorCode, "errorCode");
        java.util.Objects.requireNonNull(realm, "realm");
        java.util.Objects.requireNonNull(sname, "sname");
    }
}
