// RFC 4120 §3.3.2 (authenticator and ticket checks), §5.5.1 (cksum over the KDC-REQ-BODY as received,
// key usage 6, RFC 4120 §7.5.1), §7.5.9 codes (BADMATCH 36, SKEW 37, INAPP_CKSUM 50, MODIFIED 41,
// TKT_EXPIRED 32, TKT_NYV 33, BADOPTION 13); MIT tgs_policy.c (option/flag rule tables); MS-KILE 3.3.5.7.
// RODC-issued TGTs (notes §2.5 items 7 and 12): S4U2Self -> KDC_ERR_C_PRINCIPAL_UNKNOWN (Samba pac-glue.c,
// "match Windows"); no renewal (Windows does not renew RODC tickets) -> KDC_ERR_BADOPTION.
package io.kerbridge.kdc.tgs;

import io.kerbridge.kdc.Rejection;
import io.kerbridge.kdc.Status;
import io.kerbridge.kerberos.crypto.ChecksumAlgorithm;
import io.kerbridge.kerberos.crypto.Checksums;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.PaDataType;
import io.kerbridge.kerberos.types.TicketFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The TGS checks that need no directory data, in the order they run. */
final class TgsChecks {
    private TgsChecks() {}

    /** An option that needs a flag on the TGT (MIT tgs_policy.c tgsflagrules). */
    record FlagRule(int option, int requiredFlag, Status status) {}

    static final List<FlagRule> FLAG_RULES = List.of(
            new FlagRule(KdcOptions.FORWARDED, TicketFlags.FORWARDABLE, Status.BAD_OPTION),
            new FlagRule(KdcOptions.PROXY, TicketFlags.PROXIABLE, Status.BAD_OPTION),
            new FlagRule(KdcOptions.ALLOW_POSTDATE, TicketFlags.MAY_POSTDATE, Status.BAD_OPTION),
            new FlagRule(KdcOptions.POSTDATED, TicketFlags.MAY_POSTDATE, Status.BAD_OPTION),
            new FlagRule(KdcOptions.VALIDATE, TicketFlags.INVALID, Status.BAD_OPTION),
            new FlagRule(KdcOptions.RENEW, TicketFlags.RENEWABLE, Status.BAD_OPTION));

    /** Requests this KDC does not serve: user-to-user and S4U (RFC 4120 §3.3.3, MS-SFU). */
    record Unsupported(int option, Status status) {}

    static final List<Unsupported> UNSUPPORTED = List.of(
            new Unsupported(KdcOptions.ENC_TKT_IN_SKEY, Status.U2U_NOT_SUPPORTED),
            new Unsupported(KdcOptions.CONSTRAINED_DELEGATION, Status.S4U_NOT_SUPPORTED));

    static final List<Function<TgsState, Optional<Rejection>>> ALL = List.of(TgsChecks::clientMatches,
            TgsChecks::bodyChecksum, TgsChecks::skew, TgsChecks::ticketTimes, TgsChecks::flagRules,
            TgsChecks::rodcS4u, TgsChecks::unsupported, TgsChecks::renewal);

    /** The authenticator names the ticket's client. */
    static Optional<Rejection> clientMatches(TgsState s) {
        Authenticator a = s.tgt().authenticator();
        EncTicketPart t = s.tgt().part();
        boolean same = a.crealm().equalsIgnoreCase(t.crealm()) && a.cname().components().equals(t.cname().components());
        return same ? Optional.empty() : reject(ErrorCode.KRB_AP_ERR_BADMATCH, Status.CLIENT_MISMATCH);
    }

    /** A keyed checksum over the exact req-body bytes is required (missing: INAPP_CKSUM; wrong: MODIFIED). */
    static Optional<Rejection> bodyChecksum(TgsState s) {
        Optional<Checksum> ck = s.tgt().authenticator().cksum();
        Optional<ChecksumAlgorithm> alg = ck.flatMap(c -> Checksums.find(c.type()));
        if (alg.isEmpty()) {
            return reject(ErrorCode.KRB_AP_ERR_INAPP_CKSUM, Status.INAPP_CKSUM);
        }
        boolean ok = alg.get().verify(s.tgt().part().key(), KeyUsage.TGS_REQ_AUTH_CKSUM, s.req().body().der(), ck.get());
        return ok ? Optional.empty() : reject(ErrorCode.KRB_AP_ERR_MODIFIED, Status.MODIFIED);
    }

    static Optional<Rejection> skew(TgsState s) {
        Duration off = Duration.between(s.tgt().authenticator().ctime(), s.now()).abs();
        return off.compareTo(maxSkew(s)) > 0 ? reject(ErrorCode.KRB_AP_ERR_SKEW, Status.SKEW) : Optional.empty();
    }

    /** Expired (beyond endtime + skew), not yet valid, or INVALID: refused (RFC 4120 §3.3.2, MIT rd_req). */
    static Optional<Rejection> ticketTimes(TgsState s) {
        EncTicketPart t = s.tgt().part();
        Duration skew = maxSkew(s);
        if (s.now().isAfter(t.endTime().plus(skew))) {
            return reject(ErrorCode.KRB_AP_ERR_TKT_EXPIRED, Status.TKT_EXPIRED);
        }
        Instant start = t.startTime().orElse(t.authTime());
        if (start.minus(skew).isAfter(s.now()) || t.flags().has(TicketFlags.INVALID)) {
            return reject(ErrorCode.KRB_AP_ERR_TKT_NYV, Status.TKT_NOT_YET_VALID);
        }
        return Optional.empty();
    }

    static Optional<Rejection> flagRules(TgsState s) {
        for (FlagRule r : FLAG_RULES) {
            if (s.body().options().has(r.option()) && !s.tgt().part().flags().has(r.requiredFlag())) {
                return reject(ErrorCode.KDC_ERR_BADOPTION, r.status());
            }
        }
        // RFC 4120 §2.5: a PROXY ticket is never a TGT.
        if (s.body().options().has(KdcOptions.PROXY) && s.server().krbtgt()) {
            return reject(ErrorCode.KDC_ERR_BADOPTION, Status.BAD_OPTION);
        }
        return Optional.empty();
    }

    /** S4U2Self (PA-FOR-USER) presenting an RODC-issued TGT: C_PRINCIPAL_UNKNOWN, as Windows. */
    static Optional<Rejection> rodcS4u(TgsState s) {
        boolean s4u = s.req().findPadata(PaDataType.PA_FOR_USER).isPresent();
        return s4u && s.tgt().origin() == TgtOrigin.RODC
                ? reject(ErrorCode.KDC_ERR_C_PRINCIPAL_UNKNOWN, Status.RODC_S4U) : Optional.empty();
    }

    static Optional<Rejection> unsupported(TgsState s) {
        for (Unsupported u : UNSUPPORTED) {
            if (s.body().options().has(u.option())) {
                return reject(ErrorCode.KDC_ERR_BADOPTION, u.status());
            }
        }
        boolean s4u = s.req().findPadata(PaDataType.PA_FOR_USER).isPresent()
                || s.body().additionalTickets().map(l -> !l.isEmpty()).orElse(false);
        return s4u ? reject(ErrorCode.KDC_ERR_BADOPTION, Status.S4U_NOT_SUPPORTED) : Optional.empty();
    }

    /** RENEW: only our own TGT for krbtgt/THIS, before its renew-till (RFC 4120 §3.3.3.1). */
    static Optional<Rejection> renewal(TgsState s) {
        if (!s.body().options().has(KdcOptions.RENEW)) {
            return Optional.empty();
        }
        if (s.tgt().origin() == TgtOrigin.RODC) {
            return reject(ErrorCode.KDC_ERR_BADOPTION, Status.RODC_RENEW);
        }
        if (s.server().kind() != TargetKind.LOCAL_TGT || s.tgt().origin() != TgtOrigin.LOCAL) {
            return reject(ErrorCode.KDC_ERR_BADOPTION, Status.BAD_OPTION);
        }
        Optional<Instant> till = s.tgt().part().renewTill();
        return till.isPresent() && !s.now().isAfter(till.get()) ? Optional.empty()
                : reject(ErrorCode.KRB_AP_ERR_TKT_EXPIRED, Status.RENEW_TILL_PASSED);
    }

    private static Duration maxSkew(TgsState s) {
        return s.policy().maxClockSkew();
    }

    private static Optional<Rejection> reject(ErrorCode code, Status status) {
        return Optional.of(Rejection.of(code, status));
    }
}
