// RFC 4120 §3.1 (AS exchange: §3.1.2 receipt, §3.1.3 reply generation), §5.4.2 (EncASRepPart, key
// usage 3), RFC 6806 §5-§7 (enterprise names, canonicalize: reply cname = sAMAccountName); MS-KILE
// 3.3.5.6 (AS exchange), 2.2.3 (PA-PAC-REQUEST), 3.3.5.3 (PAC in TGTs). Structure: MIT do_as_req.c
// gather → check → pre-auth → issue.
package io.kerbridge.kdc.as;

import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.LookupPurpose;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.directory.Uac;
import io.kerbridge.kdc.KdcContext;
import io.kerbridge.kdc.Outcome;
import io.kerbridge.kdc.Rejection;
import io.kerbridge.kdc.Result;
import io.kerbridge.kdc.Status;
import io.kerbridge.kdc.issue.TicketIssuer;
import io.kerbridge.kdc.policy.AccountChecks;
import io.kerbridge.kdc.policy.Lifetimes;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.msg.EncKdcRepPart;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KdcRep;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.msg.KdcReqBody;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.LastReq;
import io.kerbridge.kerberos.msg.PaCodec;
import io.kerbridge.kerberos.msg.PaData;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.msg.TransitedEncoding;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.MessageType;
import io.kerbridge.kerberos.types.PaDataType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The AS exchange. Stateless and thread-safe. */
public final class AsPipeline {
    private final KdcContext ctx;
    private final PreAuth preauth;
    private final List<Function<AsState, Optional<Rejection>>> checks;

    public AsPipeline(KdcContext ctx) {
        this.ctx = ctx;
        this.preauth = new PreAuth(ctx);
        this.checks = AsChecks.all(ctx.etypes());
    }

    public Outcome process(KdcReq req) {
        KdcReqBody body = req.body().value();
        String client = body.cname().map(c -> c.withRealm(body.realm())).orElse("-");
        String server = body.sname().map(c -> c.withRealm(body.realm())).orElse("-");
        Result<AsState> state = gather(req);
        for (Function<AsState, Optional<Rejection>> c : checks) {
            state = state.check(c);
        }
        Result<Bytes> reply = state.then(s -> preauth.verify(s).then(p -> issue(s, p)));
        return switch (reply) {
            case Result.Ok<Bytes> ok -> new Outcome.Issued("AS", client, server, ok.value());
            case Result.Refused<Bytes> r -> new Outcome.Rejected("AS", client, server, r.rejection(), ctx.realm(),
                    body.sname());
        };
    }

    Result<AsState> gather(KdcReq req) {
        KdcReqBody body = req.body().value();
        if (!body.realm().equalsIgnoreCase(ctx.realm())) {
            return Result.refused(ErrorCode.KDC_ERR_WRONG_REALM, Status.WRONG_REALM);
        }
        if (body.cname().isEmpty()) {
            return Result.refused(ErrorCode.KDC_ERR_C_PRINCIPAL_UNKNOWN, Status.CLIENT_NOT_FOUND);
        }
        if (body.sname().isEmpty()) {
            return Result.refused(ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN, Status.SERVER_NOT_FOUND);
        }
        PrincipalName cname = body.cname().get();
        PrincipalName sname = body.sname().get();
        Optional<PrincipalEntry> client = ctx.store().lookup(cname, ctx.realm(), LookupPurpose.CLIENT);
        if (client.isEmpty()) {
            return Result.refused(ErrorCode.KDC_ERR_C_PRINCIPAL_UNKNOWN, Status.CLIENT_NOT_FOUND);
        }
        boolean tgs = sname.isKrbtgt();
        Optional<PrincipalEntry> server = ctx.store().lookup(sname, ctx.realm(),
                tgs ? LookupPurpose.KRBTGT : LookupPurpose.SERVER);
        Optional<PrincipalEntry> krbtgt = ctx.store().lookup(PrincipalName.krbtgt(ctx.realm()), ctx.realm(),
                LookupPurpose.KRBTGT);
        if (server.isEmpty() || krbtgt.isEmpty()) {
            return Result.refused(ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN, Status.SERVER_NOT_FOUND);
        }
        return Result.ok(new AsState(req, body, cname, sname, client.get(), server.get(), krbtgt.get(),
                ctx.store().policy(), pacRequest(req), ctx.now()));
    }

    /** PA-PAC-REQUEST (MS-KILE 2.2.3); a malformed one counts as absent. */
    private static Optional<Boolean> pacRequest(KdcReq req) {
        Optional<PaData> pa = req.findPadata(PaDataType.PA_PAC_REQUEST);
        if (pa.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PaCodec.decodePacRequest(pa.get().value()));
        } catch (DerException e) {
            return Optional.empty();
        }
    }

    Result<Bytes> issue(AsState s, Preauth p) {
        KdcReqBody body = s.body();
        DomainPolicy policy = s.policy();
        Instant now = s.now();
        Instant end = Lifetimes.endTime(now, body.till(),
                s.serverIsTgt() ? policy.maxTicketAge() : policy.maxServiceAge(), Instant.MAX);
        if (!end.isAfter(now)) {
            return Result.refused(ErrorCode.KDC_ERR_NEVER_VALID, Status.NEVER_VALID);
        }
        Optional<Instant> renewTill = renewTill(s, end);
        TicketFlags flags = flags(s, p, renewTill.isPresent());
        boolean canon = body.options().has(KdcOptions.CANONICALIZE);
        String crealm = canon ? ctx.realm() : body.realm();
        PrincipalName cname = canon ? PrincipalName.user(s.client().account().samAccountName()) : s.cname();
        PrincipalName sname = canon && s.serverIsTgt() ? PrincipalName.krbtgt(ctx.realm()) : s.sname();
        EncType sessionType = ctx.etypes().sessionEtype(s.server(), body.etypes()).orElseThrow();
        EncryptionKey session = ctx.issuer().newSessionKey(sessionType);
        EncTicketPart part = new EncTicketPart(flags, session, crealm, cname, TransitedEncoding.EMPTY, now,
                Optional.of(now), end, renewTill, body.addresses(), Optional.empty());
        Ticket ticket = seal(s, part, cname, sname, crealm);
        Optional<Instant> keyExpiration = AccountChecks.passwordExpiry(s.client().account(), policy);
        EncKdcRepPart rep = new EncKdcRepPart(EncKdcRepPart.ENC_AS_REP_PART, session, List.of(new LastReq(0, now)),
                body.nonce(), keyExpiration, flags, now, Optional.of(now), end, renewTill, crealm, sname,
                body.addresses(), Optional.empty());
        Bytes enc = ctx.issuer().encrypt(p.replyKey(), KeyUsage.AS_REP_ENC_PART, KrbCodec.encodeEncKdcRepPart(rep));
        KdcRep asRep = new KdcRep(MessageType.AS_REP, Optional.of(List.of(preauth.replyEtypeInfo2(s, p.replyKey()))),
                crealm, cname, ticket, EncryptedData.of(p.replyKey().type(), p.replyKvno(), enc));
        return Result.ok(KrbCodec.encodeKdcRep(asRep));
    }

    private Ticket seal(AsState s, EncTicketPart part, PrincipalName cname, PrincipalName sname, String realm) {
        EncryptionKey serverKey = ctx.etypes().strongestKey(s.server()).orElseThrow();
        EncryptionKey krbtgtKey = ctx.etypes().strongestKey(s.krbtgt()).orElseThrow();
        Optional<Pac> pac = Optional.empty();
        if (!s.pacRequest().equals(Optional.of(false))) {
            pac = Optional.of(ctx.pacs().build(s.client().domain(), s.client().account(),
                    ctx.store().groupSids(s.client().account()), s.policy(), part.authTime(), cname.toString(),
                    s.serverIsTgt(), s.pacRequest()));
        }
        int kvno = s.server().currentKeys().orElseThrow().kvno();
        return ctx.issuer().seal(part, pac, new TicketIssuer.PacKeys(serverKey, krbtgtKey),
                new TicketIssuer.Target(realm, sname, serverKey, kvno, s.serverIsTgt()));
    }

    private static Optional<Instant> renewTill(AsState s, Instant end) {
        KdcOptions o = s.body().options();
        Instant requested;
        if (o.has(KdcOptions.RENEWABLE)) {
            requested = Lifetimes.requested(s.body().rtime());
        } else if (o.has(KdcOptions.RENEWABLE_OK) && Lifetimes.requested(Optional.of(s.body().till())).isAfter(end)) {
            requested = Lifetimes.requested(Optional.of(s.body().till()));
        } else {
            return Optional.empty();
        }
        return Lifetimes.renewTill(s.now(), end, requested, s.policy().maxRenewAge(), Instant.MAX);
    }

    /** INITIAL, PRE-AUTHENT when proven; FORWARDABLE unless the account is NOT_DELEGATED ("sensitive"). */
    private static TicketFlags flags(AsState s, Preauth p, boolean renewable) {
        KdcOptions o = s.body().options();
        TicketFlags f = TicketFlags.of(TicketFlags.INITIAL);
        if (p.preauthenticated()) {
            f = f.with(TicketFlags.PRE_AUTHENT);
        }
        if (o.has(KdcOptions.FORWARDABLE) && (s.client().account().userAccountControl() & Uac.NOT_DELEGATED) == 0) {
            f = f.with(TicketFlags.FORWARDABLE);
        }
        if (o.has(KdcOptions.PROXIABLE)) {
            f = f.with(TicketFlags.PROXIABLE);
        }
        if (renewable) {
            f = f.with(TicketFlags.RENEWABLE);
        }
        return f;
    }
}
