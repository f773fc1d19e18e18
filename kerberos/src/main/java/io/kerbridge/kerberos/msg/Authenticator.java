package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.types.AuthorizationDataEntry;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Authenticator [APPLICATION 2] (RFC 4120 §5.5.1), authenticator-vno 5. */
public record Authenticator(String crealm, PrincipalName cname, Optional<Checksum> cksum, int cusec, Instant ctime,
        Optional<EncryptionKey> subkey, Optional<Integer> seqNumber,
        Optional<List<AuthorizationDataEntry>> authorizationData) {
    public Authenticator {
        java.util.Objects.requireNonNull(crealm, "crealm");
        java.util.Objects.requireNonNull(cname, "cname");
        java.util.Objects.requireNonNull(ctime, "ctime");
        authorizationData = authorizationData.map(List::copyOf);
    }
}
