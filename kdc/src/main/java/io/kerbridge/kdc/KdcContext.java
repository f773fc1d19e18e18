// Shared, immutable, thread-safe collaborators of the AS and TGS pipelines (no per-request state).
package io.kerbridge.kdc;

import io.kerbridge.directory.AccountEvents;
import io.kerbridge.directory.PrincipalStore;
import io.kerbridge.directory.RodcPolicyView;
import io.kerbridge.kdc.issue.TicketIssuer;
import io.kerbridge.kdc.pac.PacIssuer;
import io.kerbridge.kdc.policy.EtypePolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The directory, the lockout sink, the clock and the issuing helpers, as one value. {@code rodc}: the
 * directory's password replication policy view; without it RODC-issued TGTs are refused (KDC_ERR_POLICY).
 */
public record KdcContext(PrincipalStore store, AccountEvents events, Clock clock, EtypePolicy etypes,
        TicketIssuer issuer, PacIssuer pacs, Optional<RodcPolicyView> rodc) {
    public KdcContext(PrincipalStore store, AccountEvents events, Clock clock, EtypePolicy etypes,
            TicketIssuer issuer, PacIssuer pacs) {
        this(store, events, clock, etypes, issuer, pacs, Optional.empty());
    }

    /** The realm this KDC serves. */
    public String realm() {
        return store.domain().realm();
    }

    /** Now, in whole seconds (KerberosTime has no fraction, RFC 4120 §5.2.3). */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
