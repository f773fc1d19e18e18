// protocol-notes §5.3 (TGS-REQ with the cloud TGT).
// RFC 4120 §3.3.2 (the KDC checks the authenticator: cname/crealm match the ticket, ctime within the allowed
// skew, the cksum over the KDC-REQ-BODY as received, key usage 6, §5.5.1 / §7.5.1; the ticket is current),
// §3.3.3 and §5.4.1 (options the cloud realm does not serve), §3.1.3 (the session key's enctype must be one
// the client listed), §7.5.9 codes (BADOPTION 13, ETYPE_NOSUPP 14, TKT_EXPIRED 32, TKT_NYV 33, BADMATCH 36,
// SKEW 37, MODIFIED 41, INAPP_CKSUM 50); MS-SFU (S4U: PA-FOR-USER, additional tickets) and user-to-user are
// not served. Structure: the kdc module's TgsChecks (MIT tgs_policy.c rule tables).
package io.kerbridge.cloud.realm;

import io.kerbridge.kerberos.crypto.ChecksumAlgorithm;
import io.kerbridge.kerberos.crypto.Checksums;
import io.kerbridge.kerberos.crypto.Enctypes;
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

/** The checks of a TGS-REQ that need no directory data, in the order they run. */
final class TgsChecks {
    /** RFC 4120 §1.6 and MIT's default: 5 minutes. */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    /** Options that ask for what the cloud realm does not issue: forwarded/proxy/postdated tickets, renewal, U2U, S4U. */
    static final List<Integer> UNSUPPORTED_OPTIONS = List.of(KdcOptions.FORWARDED, KdcOptions.PROXY,
            KdcOptions.POSTDATED, KdcOptions.VALIDATE, KdcOptions.RENEW, KdcOptions.ENC_TKT_IN_SKEY,
            KdcOptions.CONSTRAINED_DELEGATION);

    static final List<Function<TgsState, Optional<Refusal>>> ALL = List.of(TgsChecks::clientMatches,
            TgsChecks::bodyChecksum, TgsChecks::skew, TgsChecks::ticketTimes, TgsChecks::options,
            TgsChecks::noS4u, TgsChecks::sessionEtype, TgsChecks::subkeyEtype);

    private TgsChecks() {}

    /** The authenticator names the ticket's client. */
    static Optional<Refusal> clientMatches(TgsState s) {
        Authenticator a = s.tgt().authenticator();
        EncTicketPart t = s.tgt().part();
        boolean same = a.crealm().equalsIgnoreCase(t.crealm()) && a.cname().components().equals(t.cname().components());
        return same ? Optional.empty() : refuse(ErrorCode.KRB_AP_ERR_BADMATCH, "authenticator_client_mismatch");
    }

    /** A keyed checksum over the exact req-body bytes is required (missing: INAPP_CKSUM; wrong: MODIFIED). */
    static Optional<Refusal> bodyChecksum(TgsState s) {
        Optional<Checksum> ck = s.tgt().authenticator().cksum();
        Optional<ChecksumAlgorithm> alg = ck.flatMap(c -> Checksums.find(c.type()));
        if (alg.isEmpty()) {
            return refuse(ErrorCode.KRB_AP_ERR_INAPP_CKSUM, "no_keyed_body_checksum");
        }
        boolean ok = alg.get().verify(s.tgt().part().key(), KeyUsage.TGS_REQ_AUTH_CKSUM, s.req().body().der(), ck.get());
        return ok ? Optional.empty() : refuse(ErrorCode.KRB_AP_ERR_MODIFIED, "body_checksum_mismatch");
    }

    static Optional<Refusal> skew(TgsState s) {
        Duration off = Duration.between(s.tgt().authenticator().ctime(), s.now()).abs();
        return off.compareTo(MAX_SKEW) > 0 ? refuse(ErrorCode.KRB_AP_ERR_SKEW, "clock_skew") : Optional.empty();
    }

    /** Expired (beyond endtime + skew), not yet valid, or INVALID: refused (RFC 4120 §3.3.2, MIT rd_req). */
    static Optional<Refusal> ticketTimes(TgsState s) {
        EncTicketPart t = s.tgt().part();
        if (s.now().isAfter(t.endTime().plus(MAX_SKEW))) {
            return refuse(ErrorCode.KRB_AP_ERR_TKT_EXPIRED, "tgt_expired");
        }
        Instant start = t.startTime().orElse(t.authTime());
        if (start.minus(MAX_SKEW).isAfter(s.now()) || t.flags().has(TicketFlags.INVALID)) {
            return refuse(ErrorCode.KRB_AP_ERR_TKT_NYV, "tgt_not_yet_valid");
        }
        return Optional.empty();
    }

    /** FORWARDABLE etc. are requests the KDC may decline silently; these change what a ticket is, so refuse. */
    static Optional<Refusal> options(TgsState s) {
        for (int o : UNSUPPORTED_OPTIONS) {
            if (s.body().options().has(o)) {
                return refuse(ErrorCode.KDC_ERR_BADOPTION, "unsupported_option_" + o);
            }
        }
        return Optional.empty();
    }

    static Optional<Refusal> noS4u(TgsState s) {
        boolean s4u = s.req().findPadata(PaDataType.PA_FOR_USER).isPresent()
                || s.body().additionalTickets().map(l -> !l.isEmpty()).orElse(false);
        return s4u ? refuse(ErrorCode.KDC_ERR_BADOPTION, "s4u_not_supported") : Optional.empty();
    }

    /** The new session key is aes256 (the cloud realm's only enctype): the client must list it. */
    static Optional<Refusal> sessionEtype(TgsState s) {
        return s.body().etypes().contains(RealmKeys.ETYPE) ? Optional.empty()
                : refuse(ErrorCode.KDC_ERR_ETYPE_NOSUPP, "client_lacks_aes256");
    }

    /**
     * The reply is encrypted under the authenticator subkey when there is one: its enctype must be one we have,
     * its length that enctype's.
     */
    static Optional<Refusal> subkeyEtype(TgsState s) {
        boolean ok = s.tgt().authenticator().subkey()
                .map(k -> Enctypes.find(k.type()).map(e -> e.keyBytes() == k.length()).orElse(false)).orElse(true);
        return ok ? Optional.empty() : refuse(ErrorCode.KDC_ERR_ETYPE_NOSUPP, "subkey_enctype_unsupported");
    }

    private static Optional<Refusal> refuse(ErrorCode code, String reason) {
        return Optional.of(new Refusal(code, reason));
    }
}
