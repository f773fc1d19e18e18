// Shared, immutable, thread-safe collaborators of the AS and TGS pipelines (no per-request state).
package io.kerbridge.kdc;

import io.kerbridge.directory.AccountEvents;
import io.kerbridge.directory.PrincipalStore;
import io.kerbridge.kdc.issue.TicketIssuer;
import io.kerbridge.kdc.pac.PacIssuer;
import io.kerbridge.kdc.policy.EtypePolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The directory, the lockout sink, the clock and the issuing helpers, as one value. */
public record KdcContext(PrincipalStore store, AccountEvents events, Clock clock, EtypePolicy etypes,
        TicketIssuer issuer, PacIssuer pacs) {
    /** The realm this KDC serves. */
    public String realm() {
        return store.domain().realm();
    }

    /** Now, in whole seconds (KerberosTime has no fraction, RFC 4120 §5.2.3). */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
