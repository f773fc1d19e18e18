// RFC 4120 §2.5-§2.8 and §3.3.3 (flags of a ticket issued from a TGT: FORWARDABLE/PROXIABLE only when
// the TGT has them, FORWARDED propagates, PRE-AUTHENT and HW-AUTHENT copied, never INITIAL); MS-KILE
// 3.3.5.7.5 / MS-ADTS 2.2.16 (OK-AS-DELEGATE for services TRUSTED_FOR_DELEGATION); MIT tgs_issue.c.
package io.kerbridge.kdc.tgs;

import io.kerbridge.directory.Uac;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.TicketFlags;

/** The flags of a ticket issued in the TGS exchange, as a table of (option, TGT flag, new flag). */
final class TgsFlags {
    private TgsFlags() {}

    /** When the option is asked and the TGT carries {@code tgtFlag}, the new ticket gets {@code flag}. */
    record Rule(int option, int tgtFlag, int flag) {}

    private static final Rule[] RULES = {
        new Rule(KdcOptions.FORWARDABLE, TicketFlags.FORWARDABLE, TicketFlags.FORWARDABLE),
        new Rule(KdcOptions.FORWARDED, TicketFlags.FORWARDABLE, TicketFlags.FORWARDED),
        new Rule(KdcOptions.PROXIABLE, TicketFlags.PROXIABLE, TicketFlags.PROXIABLE),
        new Rule(KdcOptions.PROXY, TicketFlags.PROXIABLE, TicketFlags.PROXY),
    };

    /** Copied from the TGT whatever was asked. */
    private static final int[] COPIED = {TicketFlags.FORWARDED, TicketFlags.PRE_AUTHENT, TicketFlags.HW_AUTHENT};

    static TicketFlags compute(KdcOptions asked, TicketFlags tgt, boolean renewable, ServerTarget server) {
        TicketFlags f = TicketFlags.NONE;
        for (Rule r : RULES) {
            if (asked.has(r.option()) && tgt.has(r.tgtFlag())) {
                f = f.with(r.flag());
            }
        }
        for (int c : COPIED) {
            if (tgt.has(c)) {
                f = f.with(c);
            }
        }
        if (renewable) {
            f = f.with(TicketFlags.RENEWABLE);
        }
        if (server.kind() == TargetKind.SERVICE
                && (server.entry().account().userAccountControl() & Uac.TRUSTED_FOR_DELEGATION) != 0) {
            f = f.with(TicketFlags.OK_AS_DELEGATE);
        }
        return f;
    }
}
