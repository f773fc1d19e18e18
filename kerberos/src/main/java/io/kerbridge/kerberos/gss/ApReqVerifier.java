// RFC 4120 §3.2.3 (receipt of KRB_AP_REQ), RFC 4121 §4.1 (Kerberos V5 GSS context establishment),
// MS-PAC 2.8 (server signature), MIT krb5 rd_req_dec.c for the order of checks.
package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.crypto.Enctype;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.IntegrityException;
import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.file.KeytabEntry;
import io.kerbridge.kerberos.gss.AcceptException.Reason;
import io.kerbridge.kerberos.msg.ApRep;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncApRepPart;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.KrbCred;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacException;
import io.kerbridge.kerberos.pac.PacVerification;
import io.kerbridge.kerberos.pac.PacVerifier;
import io.kerbridge.kerberos.pac.TicketPac;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies an AP-REQ for one of the acceptor's service principals and builds the AP-REP for mutual
 * authentication. The checks run in MIT's order, each a small named step that either passes or throws an
 * {@link AcceptException} with a stable reason:
 *
 * <ol>
 *   <li>{@link #checkServer} the ticket is for a principal this acceptor serves ({@code WRONG_SERVER});</li>
 *   <li>{@link #decryptTicket} key by (sname, realm, kvno, etype), usage 2 ({@code NO_KEY}, {@code BAD_INTEGRITY});</li>
 *   <li>{@link #decryptAuthenticator} with the session key, usage 11;</li>
 *   <li>{@link #checkClient} authenticator cname/crealm equal the ticket's ({@code CLIENT_MISMATCH});</li>
 *   <li>{@link #checkTimes} authenticator within the skew, ticket valid now ({@code SKEW}, {@code TKT_*});</li>
 *   <li>the 0x8003 checksum: flags, channel bindings, delegation ({@code BAD_CHECKSUM}, {@code BAD_BINDINGS},
 *       {@code BAD_DELEGATION});</li>
 *   <li>the PAC, if any, decoded and its server signature verified ({@code BAD_PAC});</li>
 *   <li>the replay cache, last, so only fully verified authenticators occupy it ({@code REPLAY}).</li>
 * </ol>
 * Host addresses in the ticket are not checked (RFC 4120 §3.2.3 allows it; NAT makes them useless for HTTP).
 * Thread-safe.
 */
public final class ApReqVerifier {
    /** The default allowed clock skew (RFC 4120 §1.6 suggests 5 minutes; MIT's clockskew default). */
    public static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);
    /** The default replay cache capacity. */
    public static final int DEFAULT_REPLAY_CAPACITY = 100_000;

    /** A service principal this acceptor answers for. */
    public record ServicePrincipal(PrincipalName name, String realm) {
        public ServicePrincipal {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(realm, "realm");
        }

        boolean matches(PrincipalName n, String r) {
            return name.components().equals(n.components()) && realm.equals(r);
        }

        @Override
        public String toString() {
            return name.withRealm(realm);
        }
    }

    private final ServiceKeys keys;
    private final Set<ServicePrincipal> principals;
    private final Clock clock;
    private final Duration skew;
    private final ReplayCache replayCache;
    private final Optional<ChannelBindings> channelBindings;
    private final SecureRandom random;

    private ApReqVerifier(Builder b) {
        this.keys = b.keys;
        this.principals = Set.copyOf(b.principals);
        this.clock = b.clock;
        this.skew = b.skew;
        this.replayCache = b.replayCache != null ? b.replayCache : new ReplayCache(DEFAULT_REPLAY_CAPACITY, b.skew);
        this.channelBindings = b.channelBindings;
        this.random = b.random;
    }

    /** A verifier for every principal in {@code keytab}, with its keys. */
    public static Builder builder(Keytab keytab) {
        Builder b = new Builder(ServiceKeys.of(keytab));
        for (KeytabEntry e : keytab.entries()) {
            b.principal(e.principal(), e.realm());
        }
        return b;
    }

    /**
     * A verifier over any key source. Add the served principals with {@link Builder#principal}; with none, a
     * ticket for any principal the key source has a key for is accepted (GSS_C_NO_NAME as acceptor name).
     */
    public static Builder builder(ServiceKeys keys) {
        return new Builder(keys);
    }

    /** Configuration; defaults: system UTC clock, 5 min skew, a private 100k-entry replay cache. */
    public static final class Builder {
        private final ServiceKeys keys;
        private final Set<ServicePrincipal> principals = new LinkedHashSet<>();
        private Clock clock = Clock.systemUTC();
        private Duration skew = DEFAULT_SKEW;
        private ReplayCache replayCache;
        private Optional<ChannelBindings> channelBindings = Optional.empty();
        private SecureRandom random;

        private Builder(ServiceKeys keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
        }

        public Builder principal(PrincipalName name, String realm) {
            principals.add(new ServicePrincipal(name, realm));
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder skew(Duration skew) {
            if (skew.isNegative()) {
                throw new IllegalArgumentException("negative skew");
            }
            this.skew = skew;
            return this;
        }

        /** Shares a replay cache (e.g. between verifiers for several listeners of one service). */
        public Builder replayCache(ReplayCache cache) {
            this.replayCache = Objects.requireNonNull(cache);
            return this;
        }

        /** Requires these channel bindings: an initiator that sent none or others is refused. */
        public Builder channelBindings(ChannelBindings cb) {
            this.channelBindings = Optional.of(cb);
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        public ApReqVerifier build() {
            if (random == null) {
                random = new SecureRandom();
            }
            return new ApReqVerifier(this);
        }
    }

    public Duration skew() {
        return skew;
    }

    /** Decodes and verifies a DER AP-REQ. */
    public AcceptedContext verify(Bytes apReqDer) throws AcceptException {
        ApReq req;
        try {
            req = KrbCodec.decodeApReq(apReqDer);
        } catch (DerException e) {
            throw new AcceptException(Reason.MALFORMED, "AP-REQ: " + e.getMessage());
        }
        return verify(req);
    }

    public AcceptedContext verify(ApReq req) throws AcceptException {
        if (req.has(ApReq.USE_SESSION_KEY)) {
            throw new AcceptException(Reason.USER_TO_USER, "use-session-key is not supported");
        }
        checkServer(req);
        EncryptionKey serviceKey = serviceKey(req);
        DecryptedTicket ticket = decryptTicket(req, serviceKey);
        Authenticator auth = decryptAuthenticator(req, ticket.part().key());
        checkClient(ticket.part(), auth);
        Instant now = clock.instant();
        checkTimes(ticket.part(), auth, now);
        Optional<EncryptionKey> subkey = checkSubkey(auth);
        GssChecksum cksum = GssChecksum.parse(auth.cksum());
        checkBindings(cksum);
        Optional<DelegatedCredentials> delegated = delegation(cksum, ticket.part().key(), subkey);
        Optional<Pac> pac = pac(ticket.der(), serviceKey);
        checkReplay(req, ticket.part(), auth, now);
        EncTicketPart t = ticket.part();
        return new AcceptedContext(t.cname(), t.crealm(), req.ticket().sname(), req.ticket().realm(), t.key(),
                subkey, t.flags(), t.authTime(), t.endTime(), pac, cksum.flags(), delegated, auth.ctime(),
                auth.cusec(), auth.seqNumber(), random.nextInt() & 0x3FFFFFFF);
    }

    /**
     * The AP-REP for {@code ctx} (RFC 4120 §5.5.2): EncAPRepPart {ctime, cusec, seq-number} in the ticket
     * session key, usage 12. No acceptor subkey: the initiator's subkey stays the context key.
     */
    public static Bytes apRep(AcceptedContext ctx, SecureRandom random) {
        EncApRepPart part = new EncApRepPart(ctx.ctime(), ctx.cusec(), Optional.empty(),
                Optional.of(ctx.acceptorSeq()));
        EncryptionKey key = ctx.sessionKey();
        Enctype et = Enctypes.find(key.type()).orElseThrow(); // verified when the context was accepted
        Bytes cipher = et.encrypt(key, KeyUsage.AP_REP_ENC_PART, KrbCodec.encodeEncApRepPart(part), random);
        return KrbCodec.encodeApRep(new ApRep(new EncryptedData(key.type(), Optional.empty(), cipher)));
    }

    public Bytes apRep(AcceptedContext ctx) {
        return apRep(ctx, random);
    }

    // ---- steps -----------------------------------------------------------------------------------

    private record DecryptedTicket(EncTicketPart part, Bytes der) {}

    private void checkServer(ApReq req) throws AcceptException {
        PrincipalName sname = req.ticket().sname();
        String realm = req.ticket().realm();
        if (!principals.isEmpty() && principals.stream().noneMatch(p -> p.matches(sname, realm))) {
            throw new AcceptException(Reason.WRONG_SERVER, "ticket for " + sname.withRealm(realm)
                    + ", acceptor serves " + principals);
        }
    }

    private EncryptionKey serviceKey(ApReq req) throws AcceptException {
        EncryptedData enc = req.ticket().encPart();
        Optional<EncryptionKey> key = keys.key(req.ticket().sname(), req.ticket().realm(), enc.kvno(), enc.etype());
        if (key.isEmpty()) {
            throw new AcceptException(Reason.NO_KEY, "no key for " + req.ticket().sname().withRealm(req.ticket().realm())
                    + " kvno " + enc.kvno().map(k -> Integer.toUnsignedString(k)).orElse("-") + " " + enc.etype());
        }
        return key.get();
    }

    private static DecryptedTicket decryptTicket(ApReq req, EncryptionKey serviceKey) throws AcceptException {
        usable(serviceKey, "service key");
        Bytes plain = decrypt(serviceKey, KeyUsage.KDC_REP_TICKET, req.ticket().encPart(), "ticket");
        try {
            return new DecryptedTicket(KrbCodec.decodeEncTicketPart(plain), plain);
        } catch (DerException e) {
            throw new AcceptException(Reason.MALFORMED, "EncTicketPart: " + e.getMessage());
        }
    }

    private static Authenticator decryptAuthenticator(ApReq req, EncryptionKey sessionKey) throws AcceptException {
        usable(sessionKey, "session key");
        Bytes plain = decrypt(sessionKey, KeyUsage.AP_REQ_AUTH, req.authenticator(), "authenticator");
        try {
            return KrbCodec.decodeAuthenticator(plain);
        } catch (DerException e) {
            throw new AcceptException(Reason.MALFORMED, "Authenticator: " + e.getMessage());
        }
    }

    private static void checkClient(EncTicketPart t, Authenticator a) throws AcceptException {
        if (!t.cname().components().equals(a.cname().components()) || !t.crealm().equals(a.crealm())) {
            throw new AcceptException(Reason.CLIENT_MISMATCH, "authenticator " + a.cname().withRealm(a.crealm())
                    + " vs ticket " + t.cname().withRealm(t.crealm()));
        }
    }

    private void checkTimes(EncTicketPart t, Authenticator a, Instant now) throws AcceptException {
        if (Duration.between(a.ctime(), now).abs().compareTo(skew) > 0) {
            throw new AcceptException(Reason.SKEW, "ctime " + a.ctime() + ", now " + now + ", skew " + skew);
        }
        Instant start = t.startTime().orElse(t.authTime());
        if (t.flags().has(TicketFlags.INVALID)) {
            throw new AcceptException(Reason.TKT_NOT_YET_VALID, "ticket has the INVALID flag");
        }
        if (start.minus(skew).isAfter(now)) {
            throw new AcceptException(Reason.TKT_NOT_YET_VALID, "ticket starts " + start + ", now " + now);
        }
        if (t.endTime().plus(skew).isBefore(now)) {
            throw new AcceptException(Reason.TKT_EXPIRED, "ticket ended " + t.endTime() + ", now " + now);
        }
    }

    private static Optional<EncryptionKey> checkSubkey(Authenticator a) throws AcceptException {
        if (a.subkey().isPresent()) {
            usable(a.subkey().get(), "authenticator subkey");
        }
        return a.subkey();
    }

    private void checkBindings(GssChecksum cksum) throws AcceptException {
        if (channelBindings.isPresent() && !MessageDigest.isEqual(channelBindings.get().md5().unsafeArray(),
                cksum.bindings().unsafeArray())) {
            throw new AcceptException(Reason.BAD_BINDINGS,
                    cksum.noBindings() ? "initiator sent no channel bindings" : "channel bindings differ");
        }
    }

    /**
     * RFC 4121 §4.1.1.1: a KRB-CRED encrypted (usage 14) in the subkey or the session key (MIT uses
     * whichever its auth context sends with; both are tried), or unencrypted (etype 0).
     */
    private static Optional<DelegatedCredentials> delegation(GssChecksum cksum, EncryptionKey sessionKey,
            Optional<EncryptionKey> subkey) throws AcceptException {
        if (cksum.delegation().isEmpty()) {
            return Optional.empty();
        }
        try {
            KrbCred cred = KrbCodec.decodeKrbCred(cksum.delegation().get());
            EncryptedData enc = cred.encPart();
            Bytes plain;
            if (enc.etype().value() == 0) {
                plain = enc.cipher();
            } else {
                plain = null;
                for (EncryptionKey k : subkey.isPresent() ? java.util.List.of(subkey.get(), sessionKey)
                        : java.util.List.of(sessionKey)) {
                    if (k.type().equals(enc.etype())) {
                        try {
                            plain = Enctypes.get(k.type()).decrypt(k, KeyUsage.KRB_CRED_ENC_PART, enc.cipher());
                            break;
                        } catch (IntegrityException wrongKey) {
                            // try the next key
                        }
                    }
                }
                if (plain == null) {
                    throw new AcceptException(Reason.BAD_DELEGATION, "KRB-CRED decrypts with neither key");
                }
            }
            return Optional.of(new DelegatedCredentials(cred, KrbCodec.decodeEncKrbCredPart(plain)));
        } catch (DerException e) {
            throw new AcceptException(Reason.BAD_DELEGATION, "KRB-CRED: " + e.getMessage());
        } catch (io.kerbridge.kerberos.crypto.KerberosCryptoException e) {
            throw new AcceptException(Reason.BAD_DELEGATION, "KRB-CRED: " + e.getMessage());
        }
    }

    /** MS-PAC 2.8: the server signature is made with this service's key, so it must verify. */
    private static Optional<Pac> pac(Bytes encTicketPart, EncryptionKey serviceKey) throws AcceptException {
        Bytes raw;
        try {
            raw = TicketPac.extract(encTicketPart);
        } catch (PacException e) {
            if (e.reason() == PacException.Reason.MISSING_BUFFER) {
                return Optional.empty();
            }
            throw new AcceptException(Reason.BAD_PAC, e.getMessage());
        }
        try {
            Pac pac = Pac.decode(raw);
            PacVerification v = PacVerifier.verify(pac, Optional.of(serviceKey), Optional.empty(), Optional.empty());
            if (v.server() != PacVerification.Status.VALID) {
                throw new AcceptException(Reason.BAD_PAC, "server signature " + v.server());
            }
            return Optional.of(pac);
        } catch (PacException e) {
            throw new AcceptException(Reason.BAD_PAC, e.getMessage());
        }
    }

    private void checkReplay(ApReq req, EncTicketPart t, Authenticator a, Instant now) throws AcceptException {
        var entry = new ReplayCache.Entry(t.cname().withRealm(t.crealm()), a.ctime(), a.cusec(),
                sha256(req.ticket().encPart().cipher()));
        switch (replayCache.record(entry, now)) {
            case FRESH -> { }
            case REPLAY -> throw new AcceptException(Reason.REPLAY, "authenticator of " + entry.client() + " at "
                    + a.ctime() + "." + a.cusec() + " seen before");
            case FULL -> throw new AcceptException(Reason.REPLAY_CACHE_FULL, "replay cache full");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static Bytes decrypt(EncryptionKey key, KeyUsage usage, EncryptedData enc, String what)
            throws AcceptException {
        if (!enc.etype().equals(key.type())) {
            throw new AcceptException(Reason.BAD_INTEGRITY, what + " in " + enc.etype() + ", key is " + key.type());
        }
        Enctype et = Enctypes.find(key.type()).orElseThrow(
                () -> new AcceptException(Reason.UNSUPPORTED_ENCTYPE, what + " in " + key.type()));
        try {
            return et.decrypt(key, usage, enc.cipher());
        } catch (IntegrityException e) {
            throw new AcceptException(Reason.BAD_INTEGRITY, what + ": " + e.getMessage());
        }
    }

    /** A key from decrypted data must be of a supported enctype and of the right length. */
    private static void usable(EncryptionKey key, String what) throws AcceptException {
        EncType t = key.type();
        Enctype et = Enctypes.find(t).orElseThrow(
                () -> new AcceptException(Reason.UNSUPPORTED_ENCTYPE, what + " of " + t));
        if (key.length() != et.keyBytes()) {
            throw new AcceptException(Reason.MALFORMED, what + " of " + key.length() + " bytes for " + t);
        }
    }

    private static Bytes sha256(Bytes b) {
        try {
            return Bytes.wrap(MessageDigest.getInstance("SHA-256").digest(b.unsafeArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JCA algorithm", e);
        }
    }
}
