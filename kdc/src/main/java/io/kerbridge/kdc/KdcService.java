// RFC 4120 §3.1/§3.3 dispatch on the message type (§7.5.7: 10 AS-REQ, 12 TGS-REQ; anything else
// KRB_AP_ERR_MSG_TYPE), §7.2.1 (KRB_ERR_RESPONSE_TOO_BIG over UDP); MIT krb5 dispatch.c.
package io.kerbridge.kdc;

import io.kerbridge.directory.AccountEvents;
import io.kerbridge.directory.PrincipalStore;
import io.kerbridge.directory.RodcPolicyView;
import io.kerbridge.kdc.as.AsPipeline;
import io.kerbridge.kdc.audit.AuditEvent;
import io.kerbridge.kdc.audit.RodcTrail;
import io.kerbridge.kdc.issue.TicketIssuer;
import io.kerbridge.kdc.pac.PacIssuer;
import io.kerbridge.kdc.policy.EtypePolicy;
import io.kerbridge.kdc.tgs.TgsPipeline;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.MessageType;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KDC request in, at most one reply out; usable in-process (benchmarks, KKDCP) and by the
 * listeners. Thread-safe, lock-free: every request is independent. Input that is not a Kerberos
 * message at all (no APPLICATION tag) is dropped; a Kerberos message of another type gets
 * KRB_AP_ERR_MSG_TYPE; an undecodable AS/TGS-REQ gets KRB_ERR_GENERIC; a bug gets KRB_ERR_GENERIC
 * and never escapes.
 */
public final class KdcService {
    private static final Logger LOG = LoggerFactory.getLogger(KdcService.class);

    private final KdcConfig config;
    private final KrbErrors errors;
    private final AsPipeline as;
    private final TgsPipeline tgs;

    public KdcService(KdcConfig config, PrincipalStore store, AccountEvents events, Clock clock) {
        this(config, store, events, Optional.empty(), clock);
    }

    /** With the directory's RODC policy view: RODC-issued (partial) TGTs are exchanged (notes §2.5). */
    public KdcService(KdcConfig config, PrincipalStore store, AccountEvents events, Optional<RodcPolicyView> rodc,
            Clock clock) {
        this.config = config;
        SecureRandom random = new SecureRandom();
        KdcContext ctx = new KdcContext(store, events, clock,
                new EtypePolicy(config.enctypePreference(), config.allowRc4()), new TicketIssuer(random),
                new PacIssuer(config.dcName()), rodc);
        this.errors = new KrbErrors(ctx.realm(), clock);
        this.as = new AsPipeline(ctx);
        this.tgs = new TgsPipeline(ctx);
    }

    public Optional<Bytes> handle(Bytes request, boolean overUdp) {
        return handle(request, overUdp, Optional.empty());
    }

    /** As {@link #handle(Bytes, boolean)}, with the peer address for the audit line. */
    public Optional<Bytes> handle(Bytes request, boolean overUdp, Optional<String> from) {
        Optional<MessageType> type = KrbCodec.peekMessageType(request);
        if (type.isEmpty()) {
            audit("-", "-", "-", Status.MALFORMED, 0, from);
            return Optional.empty();
        }
        int t = type.get().value();
        if (t != MessageType.AS_REQ.value() && t != MessageType.TGS_REQ.value()) {
            return Optional.of(refuse(ErrorCode.KRB_AP_ERR_MSG_TYPE, Status.WRONG_MESSAGE_TYPE, from));
        }
        Outcome outcome;
        try {
            KdcReq req = KrbCodec.decodeKdcReq(request);
            outcome = t == MessageType.AS_REQ.value() ? as.process(req) : tgs.process(req);
        } catch (DerException e) {
            return Optional.of(refuse(ErrorCode.KRB_ERR_GENERIC, Status.MALFORMED, from));
        } catch (RuntimeException e) {
            LOG.warn("internal error handling a KDC request: {}", e.toString());
            return Optional.of(refuse(ErrorCode.KRB_ERR_GENERIC, Status.INTERNAL_ERROR, from));
        }
        return Optional.of(finish(outcome, overUdp, from));
    }

    private Bytes finish(Outcome outcome, boolean overUdp, Optional<String> from) {
        return switch (outcome) {
            case Outcome.Issued i -> {
                if (overUdp && i.reply().length() > config.udpReplyLimit()) {
                    audit(i.exchange(), i.client(), i.server(), Status.RESPONSE_TOO_BIG,
                            ErrorCode.KRB_ERR_RESPONSE_TOO_BIG.value(), from);
                    yield errors.encode(ErrorCode.KRB_ERR_RESPONSE_TOO_BIG);
                }
                audit(i.exchange(), i.client(), i.server(), i.status(), 0, from, i.rodc());
                yield i.reply();
            }
            case Outcome.Rejected r -> {
                audit(r.exchange(), r.client(), r.server(), r.rejection().status(), r.rejection().code().value(), from,
                        r.rodc());
                yield errors.encode(r.rejection(), r.sname());
            }
        };
    }

    private Bytes refuse(ErrorCode code, Status status, Optional<String> from) {
        audit("-", "-", "-", status, code.value(), from);
        return errors.encode(code);
    }

    private void audit(String exchange, String client, String server, Status status, int code, Optional<String> from) {
        audit(exchange, client, server, status, code, from, Optional.empty());
    }

    private void audit(String exchange, String client, String server, Status status, int code, Optional<String> from,
            Optional<RodcTrail> rodc) {
        config.audit().record(new AuditEvent(exchange, client, server, status, code, from, rodc));
    }
}
