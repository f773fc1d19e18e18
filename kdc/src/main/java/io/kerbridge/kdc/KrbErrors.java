// RFC 4120 §5.9.1 (KRB-ERROR), §7.5.9 (codes), §5.2.7.5 (METHOD-DATA e-data with PREAUTH_REQUIRED).
// MIT krb5 prepare_error_as/prepare_error_tgs: the single place a rejection becomes a wire error.
package io.kerbridge.kdc;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.KrbError;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Encodes KRB-ERRORs. The e-text is the code's generic name only (never the operator status, so a
 * locked-out or disabled account is not told apart from a revoked one on the wire); e-data is
 * whatever the {@link Rejection} carries.
 */
public final class KrbErrors {
    private final String realm;
    private final Clock clock;

    public KrbErrors(String realm, Clock clock) {
        this.realm = realm;
        this.clock = clock;
    }

    /** The KRB-ERROR for a rejected request ({@code sname} defaults to krbtgt/REALM). */
    public Bytes encode(Rejection rejection, Optional<PrincipalName> sname) {
        return encode(rejection.code(), sname, rejection.eData());
    }

    /** A KRB-ERROR with only a code: transport errors (RESPONSE_TOO_BIG, FIELD_TOOLONG, MSG_TYPE). */
    public Bytes encode(ErrorCode code) {
        return encode(code, Optional.empty(), Optional.empty());
    }

    private Bytes encode(ErrorCode code, Optional<PrincipalName> sname, Optional<Bytes> eData) {
        Instant now = clock.instant();
        KrbError e = new KrbError(Optional.empty(), Optional.empty(), now.truncatedTo(ChronoUnit.SECONDS),
                now.getNano() / 1000, code, Optional.empty(), Optional.empty(), realm,
                sname.orElseGet(() -> PrincipalName.krbtgt(realm)), Optional.of(code.name()), eData);
        return KrbCodec.encodeKrbError(e);
    }
}
