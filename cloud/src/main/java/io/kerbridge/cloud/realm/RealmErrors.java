// protocol-notes §5.2-§5.3 (the cloud realm's KDC behind KKDCP).
// RFC 4120 §5.9.1 (KRB-ERROR), §7.5.9 (codes); MIT krb5 prepare_error_tgs and the kdc module's KrbErrors: the
// single place a refusal becomes a wire error.
package io.kerbridge.cloud.realm;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.KrbError;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Encodes the cloud realm's KRB-ERRORs: realm KERBEROS.MICROSOFTONLINE.COM, the requested server name (else
 * krbtgt/REALM), e-text the code's generic name only (the refusal's reason stays in the log), no e-data.
 */
final class RealmErrors {
    private RealmErrors() {}

    static Bytes encode(Refusal refusal, Optional<PrincipalName> sname, Instant now) {
        KrbError e = new KrbError(Optional.empty(), Optional.empty(), now.truncatedTo(ChronoUnit.SECONDS),
                now.getNano() / 1000, refusal.code(), Optional.empty(), Optional.empty(), CloudKerberosRealm.REALM,
                sname.orElseGet(() -> PrincipalName.krbtgt(CloudKerberosRealm.REALM)), Optional.of(refusal.code().name()),
                Optional.empty());
        return KrbCodec.encodeKrbError(e);
    }
}
