// RFC 4120 §3.3 (TGS exchange: §3.3.2 receipt, §3.3.3 reply, §3.3.3.1 renewal, §5.4.2 EncTGSRepPart under
// the authenticator subkey, usage 9, else the TGT session key, usage 8); MS-KILE 3.3.5.7 (TGS exchange,
// PAC copied into the new ticket and re-signed; ticket and full signatures in service tickets, none in
// TGTs: notes §2.3, §4.2); cross-realm (RFC 4120 §1.2, §3.3.3.2): a referral TGT krbtgt/OTHER@THIS is
// encrypted with the outbound trust key and its PAC is signed (server and KDC signatures) with that same
// key, because the receiving Kerbridge KDC holds only the trust key; a TGT krbtgt/THIS@OTHER is decrypted
// and its PAC verified with the inbound trust key. An RODC-issued TGT (kvno >> 16 != 0, MS-KILE 3.1.5.8)
// goes through RodcExchange: its PAC is rebuilt from the directory, and a new TGT keeps the partial TGT's
// authtime, endtime and renew-till, starttime = now (notes §2.8). Structure: MIT do_tgs_req.c
// gather → check → issue.
package io.kerbridge.kdc.tgs;

import io.kerbridge.directory.LookupPurpose;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.kdc.KdcContext;
import io.kerbridge.kdc.Outcome;
import io.kerbridge.kdc.Rejection;
import io.kerbridge.kdc.Result;
import io.kerbridge.kdc.Status;
import io.kerbridge.kdc.audit.RodcTrail;
import io.kerbridge.kdc.issue.TicketIssuer;
import io.kerbridge.kdc.pac.PacIssuer;
import io.kerbridge.kdc.policy.AccountChecks;
import io.kerbridge.kdc.policy.Lifetimes;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.EncKdcRepPart;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KdcRep;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.msg.KdcReqBody;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.LastReq;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.MessageType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The TGS exchange. Stateless and thread-safe. */
public final class TgsPipeline {
    private final KdcContext ctx;
    private final TgtDecoder decoder;
    private final ServerResolver servers;
    private final Optional<RodcExchange> rodc;

    public TgsPipeline(KdcContext ctx) {
        this.ctx = ctx;
        this.decoder = new TgtDecoder(ctx);
        this.servers = new ServerResolver(ctx);
        this.rodc = ctx.rodc().map(v -> new RodcExchange(ctx, v));
    }

    /** The encoded reply and the status of the audit line. */
    private record Reply(Bytes bytes, Status status) {}

    /** Times of the new ticket and its session key. */
    private record Times(Instant end, Optional<Instant> renewTill, EncryptionKey session) {}

    public Outcome process(KdcReq req) {
        KdcReqBody body = req.body().value();
        String server = body.sname().map(n -> n.withRealm(body.realm())).orElse("-");
        Result<ApReq> ap = TgtDecoder.apReq(req);
        Optional<RodcTrail> trail = ap instanceof Result.Ok<ApReq> a && a.value().ticket().encPart().rodcNumber() != 0
                ? a.value().ticket().encPart().kvno().map(RodcTrail::ofKvno) : Optional.empty();
        Result<Tgt> tgt = ap.then(decoder::decode);
        String client = tgt instanceof Result.Ok<Tgt> ok ? ok.value().part().cname().withRealm(ok.value().part().crealm())
                : "-";
        Result<TgsState> state = tgt.then(t -> gather(req, t));
        for (Function<TgsState, Optional<Rejection>> c : TgsChecks.ALL) {
            state = state.check(c);
        }
        Result<Reply> reply = state.then(s -> authorize(s).then(a -> issue(s, a)
                .then(bytes -> Result.ok(new Reply(bytes, a.status())))));
        return switch (reply) {
            case Result.Ok<Reply> ok -> new Outcome.Issued("TGS", client, server, ok.value().bytes(),
                    ok.value().status(), trail);
            case Result.Refused<Reply> r -> new Outcome.Rejected("TGS", client, server, r.rejection(), ctx.realm(),
                    body.sname(), trail);
        };
    }

    private Result<TgsState> gather(KdcReq req, Tgt tgt) {
        KdcReqBody body = req.body().value();
        if (!body.realm().equalsIgnoreCase(ctx.realm())) {
            return Result.refused(ErrorCode.KDC_ERR_WRONG_REALM, Status.WRONG_REALM);
        }
        Optional<PrincipalEntry> krbtgt = ctx.store().lookup(PrincipalName.krbtgt(ctx.realm()), ctx.realm(),
                LookupPurpose.KRBTGT);
        if (krbtgt.isEmpty()) {
            return Result.refused(ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN, Status.SERVER_NOT_FOUND);
        }
        return servers.resolve(body).then(server -> Result.ok(new TgsState(req, body, tgt, server, krbtgt.get(),
                ctx.store().policy(), ctx.now())));
    }

    /**
     * The PAC, verified with the issuer's key; for our own clients also bound to the account, whose state is
     * checked again (disabled, locked out, expired: Heimdal tgs_build_reply → kdc_check_flags on the client).
     */
    private Result<Authorized> authorize(TgsState s) {
        if (s.tgt().origin() == TgtOrigin.RODC) {
            return rodc.orElseThrow().authorize(s);
        }
        Result<Pac> pac = PacCheck.verified(s.tgt(), s.tgt().key());
        if (s.tgt().origin() == TgtOrigin.CROSS_REALM) {
            return pac.then(p -> Result.ok(Authorized.plain(p)));
        }
        EncTicketPart t = s.tgt().part();
        Optional<PrincipalEntry> client = ctx.store().lookup(t.cname(), ctx.realm(), LookupPurpose.CLIENT);
        if (client.isEmpty()) {
            return Result.refused(ErrorCode.KDC_ERR_C_PRINCIPAL_UNKNOWN, Status.CLIENT_NOT_FOUND);
        }
        PrincipalEntry c = client.get();
        return pac.check(p -> PacCheck.boundTo(p, c))
                .check(p -> AccountChecks.disabled(c.account()))
                .check(p -> AccountChecks.lockedOut(c.account(), s.policy(), s.now()))
                .check(p -> AccountChecks.accountExpired(c.account(), s.now()))
                .then(p -> Result.ok(Authorized.plain(p)));
    }

    private Result<Bytes> issue(TgsState s, Authorized a) {
        Result<Times> times = times(s);
        Optional<EncryptionKey> ticketKey = ctx.etypes().strongestKey(s.server().entry());
        Optional<EncryptionKey> subkey = s.tgt().authenticator().subkey();
        if (ticketKey.isEmpty() || subkey.map(k -> Enctypes.find(k.type()).isEmpty()).orElse(false)) {
            return Result.refused(ErrorCode.KDC_ERR_ETYPE_NOSUPP, Status.ETYPE_NOSUPP);
        }
        return times.then(t -> Result.ok(reply(s, a, t, ticketKey.get())));
    }

    private Result<Times> times(TgsState s) {
        EncTicketPart tgt = s.tgt().part();
        KdcOptions o = s.body().options();
        Instant now = s.now();
        if (o.has(KdcOptions.RENEW)) {
            Duration life = Duration.between(tgt.startTime().orElse(tgt.authTime()), tgt.endTime());
            Instant end = Lifetimes.min(now.plus(life), tgt.renewTill().orElseThrow());
            return Result.ok(new Times(end, tgt.renewTill(), tgt.key()));
        }
        if (s.tgt().origin() == TgtOrigin.RODC && s.server().kind() == TargetKind.LOCAL_TGT) {
            return exchangedTimes(s);
        }
        Duration max = s.server().kind() == TargetKind.SERVICE ? s.policy().maxServiceAge() : s.policy().maxTicketAge();
        Instant end = Lifetimes.endTime(now, s.body().till(), max, tgt.endTime());
        if (!end.isAfter(now)) {
            return Result.refused(ErrorCode.KDC_ERR_NEVER_VALID, Status.NEVER_VALID);
        }
        Optional<Instant> renewTill = Optional.empty();
        if ((o.has(KdcOptions.RENEWABLE) || o.has(KdcOptions.RENEWABLE_OK)) && tgt.flags().has(TicketFlags.RENEWABLE)) {
            Instant asked = o.has(KdcOptions.RENEWABLE) ? Lifetimes.requested(s.body().rtime())
                    : Lifetimes.requested(Optional.of(s.body().till()));
            renewTill = Lifetimes.renewTill(tgt.authTime(), end, asked, s.policy().maxRenewAge(),
                    tgt.renewTill().orElse(Instant.MAX));
        }
        Optional<io.kerbridge.kerberos.types.EncType> etype = ctx.etypes().sessionEtype(s.server().entry(),
                s.body().etypes());
        if (etype.isEmpty()) {
            return Result.refused(ErrorCode.KDC_ERR_ETYPE_NOSUPP, Status.ETYPE_NOSUPP);
        }
        return Result.ok(new Times(end, renewTill, ctx.issuer().newSessionKey(etype.get())));
    }

    /** The full TGT keeps the partial TGT's endtime and (when renewable) renew-till (notes §2.8). */
    private Result<Times> exchangedTimes(TgsState s) {
        EncTicketPart tgt = s.tgt().part();
        Optional<Instant> renewTill = tgt.flags().has(TicketFlags.RENEWABLE) ? tgt.renewTill() : Optional.empty();
        return ctx.etypes().sessionEtype(s.server().entry(), s.body().etypes())
                .<Result<Times>>map(e -> Result.ok(new Times(tgt.endTime(), renewTill, ctx.issuer().newSessionKey(e))))
                .orElseGet(() -> Result.refused(ErrorCode.KDC_ERR_ETYPE_NOSUPP, Status.ETYPE_NOSUPP));
    }

    private Bytes reply(TgsState s, Authorized a, Times t, EncryptionKey ticketKey) {
        EncTicketPart tgt = s.tgt().part();
        KdcOptions o = s.body().options();
        TicketFlags flags = TgsFlags.compute(o, tgt.flags(), t.renewTill().isPresent(), s.server());
        boolean newAddresses = o.has(KdcOptions.FORWARDED) || o.has(KdcOptions.PROXY);
        var addresses = newAddresses ? s.body().addresses() : tgt.addresses();
        EncTicketPart part = new EncTicketPart(flags, t.session(), tgt.crealm(), tgt.cname(), tgt.transited(),
                tgt.authTime(), Optional.of(s.now()), t.end(), t.renewTill(), addresses, Optional.empty());
        Ticket ticket = seal(s, part, PacIssuer.copy(a.pac(), s.server().krbtgt()), ticketKey);
        EncKdcRepPart rep = new EncKdcRepPart(EncKdcRepPart.ENC_TGS_REP_PART, t.session(),
                List.of(new LastReq(0, s.now())), s.body().nonce(), Optional.empty(), flags, tgt.authTime(),
                Optional.of(s.now()), t.end(), t.renewTill(), ctx.realm(), s.server().sname(), addresses,
                a.encryptedPadata());
        Optional<EncryptionKey> subkey = s.tgt().authenticator().subkey();
        EncryptionKey replyKey = subkey.orElse(tgt.key());
        KeyUsage usage = subkey.isPresent() ? KeyUsage.TGS_REP_ENC_PART_SUBKEY : KeyUsage.TGS_REP_ENC_PART_SESSION_KEY;
        Bytes enc = ctx.issuer().encrypt(replyKey, usage, KrbCodec.encodeEncKdcRepPart(rep));
        return KrbCodec.encodeKdcRep(new KdcRep(MessageType.TGS_REP, Optional.empty(), tgt.crealm(), tgt.cname(), ticket,
                new EncryptedData(replyKey.type(), Optional.empty(), enc)));
    }

    /** Service tickets: service key + our krbtgt key; TGTs and referrals: the ticket's own key for both. */
    private Ticket seal(TgsState s, EncTicketPart part, Pac pac, EncryptionKey ticketKey) {
        EncryptionKey kdcKey = s.server().kind() == TargetKind.SERVICE
                ? ctx.etypes().strongestKey(s.localKrbtgt()).orElseThrow() : ticketKey;
        int kvno = s.server().entry().currentKeys().orElseThrow().kvno();
        return ctx.issuer().seal(part, Optional.of(pac), new TicketIssuer.PacKeys(ticketKey, kdcKey),
                new TicketIssuer.Target(ctx.realm(), s.server().sname(), ticketKey, kvno, s.server().krbtgt()));
    }
}
