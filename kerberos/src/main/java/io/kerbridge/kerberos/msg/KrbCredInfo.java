package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.HostAddress;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** KrbCredInfo (RFC 4120 §5.8.1). */
public record KrbCredInfo(EncryptionKey key, Optional<String> prealm, Optional<PrincipalName> pname,
        Optional<TicketFlags> flags, Optional<Instant> authTime, Optional<Instant> startTime,
        Optional<Instant> endTime, Optional<Instant> renewTill, Optional<String> srealm,
        Optional<PrincipalName> sname, Optional<List<HostAddress>> addresses) {
    public KrbCredInfo {
        java.util.Objects.requireNonNull(key, "key");
        addresses = addresses.map(List::copyOf);
    }
}
