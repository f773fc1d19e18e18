package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.types.HostAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** EncKrbCredPart [APPLICATION 29] (RFC 4120 §5.8.1). */
public record EncKrbCredPart(List<KrbCredInfo> ticketInfo, Optional<Integer> nonce, Optional<Instant> timestamp,
        Optional<Integer> usec, Optional<HostAddress> sAddress, Optional<HostAddress> rAddress) {
    public EncKrbCredPart {
        ticketInfo = List.copyOf(ticketInfo);
    }
}
