// RFC 4120 §3.1.3 (AS times: endtime = min(till, start + max life), renew-till), §3.3.3 (TGS: not
// beyond the TGT), §3.3.3.1 (renewal); MS-KILE 3.3.1 MaxTicketAge/MaxServiceAge/MaxRenewAge; MIT
// kdc_util.c kdc_get_ticket_endtime (a till of 0 / 1970 means "as long as allowed").
package io.kerbridge.kdc.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Ticket time arithmetic. All instants are whole seconds (KerberosTime). */
public final class Lifetimes {
    private Lifetimes() {}

    /** A requested time of 1970-01-01 (or none) asks for "as long as allowed". */
    public static Instant requested(Optional<Instant> t) {
        return t.filter(x -> !x.equals(Instant.EPOCH)).orElse(Instant.MAX);
    }

    public static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** min(till, start + maxLife, limit). */
    public static Instant endTime(Instant start, Instant till, Duration maxLife, Instant limit) {
        return min(min(requested(Optional.of(till)), start.plus(maxLife)), limit);
    }

    /**
     * The renew-till for a renewable request: min(rtime (or till with RENEWABLE-OK), authtime + MaxRenewAge,
     * limit); empty when the result would not extend beyond the end time (then the ticket is not renewable).
     */
    public static Optional<Instant> renewTill(Instant authTime, Instant endTime, Instant requested, Duration maxRenew,
            Instant limit) {
        if (maxRenew.isZero()) {
            return Optional.empty();
        }
        Instant r = min(min(requested, authTime.plus(maxRenew)), limit);
        return r.isAfter(endTime) ? Optional.of(r) : Optional.empty();
    }
}
