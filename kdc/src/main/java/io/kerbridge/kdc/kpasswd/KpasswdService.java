package io.kerbridge.kdc.kpasswd;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.KeyVersion;
import io.kerbridge.directory.LookupPurpose;
import io.kerbridge.directory.PasswordChange;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.directory.PrincipalStore;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.crypto.Enctype;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.IntegrityException;
import io.kerbridge.kerberos.msg.ApRep;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncApRepPart;
import io.kerbridge.kerberos.msg.EncKrbPrivPart;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.KrbError;
import io.kerbridge.kerberos.msg.KrbPriv;
import io.kerbridge.kerberos.msg.PrivCodec;
import io.kerbridge.kerberos.types.AddressType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.HostAddress;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kpasswd service (RFC 3244; protocol-notes §7.3): change-password (version 0x0001) and
 * set-password (version 0xff80) requests, transport-independent. One request in, at most one
 * reply out:
 *
 * <ol>
 *   <li><b>frame</b> — RFC 3244 §2 framing ({@link KpasswdFrame}); a message whose length fields do
 *       not add up is dropped without a reply (nothing to answer, and no reflection of junk);
 *   <li><b>AP-REQ</b> — RFC 4120 §3.2.3 / §5.5.1: a ticket for {@code kadmin/changepw@REALM}
 *       decrypted with that account's key (usage 2), the authenticator (usage 11), names, clock
 *       skew, ticket times and a replay cache. A failure is answered with a KRB-ERROR whose e-data
 *       holds the kpasswd result code and string: in the reply framing (AP-REP length 0) for version
 *       1 as MIT's kadmind does, bare for version 0xff80 as RFC 3244 §2 and Windows do;
 *   <li><b>KRB-PRIV</b> — RFC 4120 §5.7: decrypted (usage 13) with the authenticator subkey, or the
 *       session key without one; its seq-number must equal the authenticator's. The sender address
 *       is not checked, as MIT does not, so that clients behind NAT work;
 *   <li><b>change</b> — version 1: user-data is the new password (UTF-8). Version 0xff80:
 *       {@link ChangePasswdData}; without a targname (or naming the caller) it is a change of one's
 *       own password, otherwise a set by an administrator ({@link SetPasswordAuthority}). A change
 *       of one's own password needs an INITIAL ticket (RFC 3244 §2; MIT: "a ticket obtained from
 *       the AS with the password"), else INITIAL_FLAG_NEEDED;
 *   <li><b>reply</b> — AP-REP (usage 12, carrying our sequence number) and a KRB-PRIV whose
 *       EncKrbPrivPart has the result code and string as user-data, our seq-number and our
 *       address as s-address, encrypted (usage 13) with the key the request used. This is what
 *       MIT's {@code krb5_rd_priv} with DO_SEQUENCE checks.
 * </ol>
 *
 * Thread-safe; never throws for any input.
 */
public final class KpasswdService {
    private static final Logger log = LoggerFactory.getLogger(KpasswdService.class);

    /** The service name every kpasswd ticket is for ({@code kadmin/changepw@REALM}). */
    public static final PrincipalName CHANGEPW = PrincipalName.of(NameType.NT_SRV_INST, "kadmin", "changepw");
    /** Longest new password accepted, in bytes of UTF-8 (AD: 256 characters). */
    public static final int MAX_PASSWORD_BYTES = 1024;

    /**
     * Settings.
     *
     * @param setPasswordAuthority who may set other accounts' passwords (version 0xff80 with targname)
     * @param adPolicyInfo send Windows' 30-byte password-policy blob as the result string of a policy
     *     refusal (MIT's client turns it into sentences) instead of our English text
     * @param replayCacheSize authenticators remembered
     * @param mustChangeAfterSet whether a password set by an administrator must be changed at next logon
     */
    public record Options(SetPasswordAuthority setPasswordAuthority, boolean adPolicyInfo, int replayCacheSize,
            boolean mustChangeAfterSet) {
        public static final Options DEFAULT = new Options(SetPasswordAuthority.ADMINISTRATORS, false, 10_000, false);

        public Options {
            Objects.requireNonNull(setPasswordAuthority, "setPasswordAuthority");
        }
    }

    private final PrincipalStore store;
    private final PasswordChange passwords;
    private final Options options;
    private final Clock clock;
    private final SecureRandom random;
    private final ReplayCache replays;

    public KpasswdService(PrincipalStore store, PasswordChange passwords) {
        this(store, passwords, Options.DEFAULT, Clock.systemUTC(), new SecureRandom());
    }

    public KpasswdService(PrincipalStore store, PasswordChange passwords, Options options, Clock clock,
            SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.replays = new ReplayCache(options.replayCacheSize());
    }

    /** Handles one request; see {@link #handle(Bytes, InetSocketAddress, InetAddress)}. */
    public Optional<Bytes> handle(Bytes request, InetSocketAddress from) {
        return handle(request, from, null);
    }

    /**
     * Handles one kpasswd message (without the TCP record length).
     *
     * @param from the peer, for the log only
     * @param local the address the request arrived on, for the reply's s-address; null or a
     *     wildcard address puts the unspecified address of the peer's family there
     * @return the reply, or empty when the message is not worth one
     */
    public Optional<Bytes> handle(Bytes request, InetSocketAddress from, InetAddress local) {
        try {
            return Optional.ofNullable(process(request, from, local));
        } catch (RuntimeException e) {
            // A bug or a failing dependency: never let it reach the transport.
            log.error("kpasswd from {}: INTERNAL ERROR", from, e);
            return Optional.empty();
        }
    }

    // ---- pipeline ---------------------------------------------------------------------------

    private Bytes process(Bytes request, InetSocketAddress from, InetAddress local) {
        if (request == null || request.length() > KpasswdFrame.MAX_MESSAGE) {
            log.debug("kpasswd from {}: OVERSIZED", from);
            return null;
        }
        KpasswdFrame frame;
        switch (KpasswdFrame.parse(request, true)) {
            case KpasswdFrame.Bad bad -> {
                log.debug("kpasswd from {}: MALFORMED FRAME {}", from, bad.defect());
                return null;
            }
            case KpasswdFrame.Ok ok -> frame = ok.frame();
        }
        Instant now = clock.instant();
        if (frame.version() != KpasswdFrame.VERSION_CHANGE && frame.version() != KpasswdFrame.VERSION_SET) {
            log.info("kpasswd from {}: BAD VERSION {}", from, frame.version());
            return errorReply(now, frame.version(), new Reject(ErrorCode.KDC_ERR_BAD_PVNO,
                    KpasswdResult.BAD_VERSION, "BAD VERSION",
                    "Request contained unknown protocol version number " + frame.version()));
        }
        return switch (verifyApReq(frame.apMessage(), now)) {
            case Reject r -> {
                log.info("kpasswd from {}: {}", from, r.status());
                yield errorReply(now, frame.version(), r);
            }
            case Verified v -> {
                Outcome o = changePassword(frame, v, from);
                yield privReply(frame, v, o, from, local);
            }
        };
    }

    /** A verified AP-REQ: the ticket, the authenticator, and the keys of the exchange. */
    private record Verified(EncTicketPart ticket, Authenticator authenticator, EncryptionKey sessionKey,
            EncryptionKey privKey, int serverSeq) implements ApCheck {}

    /** An AP-REQ refusal: the KRB-ERROR code, the kpasswd result in its e-data, a log status and text. */
    private record Reject(ErrorCode code, KpasswdResult result, String status, String text) implements ApCheck {}

    private sealed interface ApCheck permits Verified, Reject {}

    /** The result of the password step: code, result string bytes, log status. */
    private record Outcome(KpasswdResult result, Bytes resultString, String status) {
        static Outcome of(KpasswdResult result, String text, String status) {
            return new Outcome(result, Bytes.utf8(text), status);
        }
    }

    // ---- AP-REQ (RFC 4120 §3.2.3) ------------------------------------------------------------

    private ApCheck verifyApReq(Bytes der, Instant now) {
        ApReq apReq;
        try {
            apReq = KrbCodec.decodeApReq(der);
        } catch (DerException e) {
            return reject(ErrorCode.KRB_ERR_GENERIC, KpasswdResult.MALFORMED, "AP-REQ UNDECODABLE");
        }
        if (apReq.has(ApReq.USE_SESSION_KEY)) {
            return reject(ErrorCode.KRB_AP_ERR_METHOD, KpasswdResult.AUTHERROR, "USER-TO-USER NOT SUPPORTED");
        }
        String realm = store.domain().realm();
        var ticket = apReq.ticket();
        if (!ticket.realm().equals(realm) || !ticket.sname().components().equals(CHANGEPW.components())) {
            return reject(ErrorCode.KRB_AP_ERR_NOT_US, KpasswdResult.AUTHERROR, "TICKET NOT FOR KADMIN/CHANGEPW");
        }
        Optional<PrincipalEntry> service = store.lookup(CHANGEPW, realm, LookupPurpose.SERVER);
        if (service.isEmpty()) {
            log.error("kpasswd: no kadmin/changepw account in {}: every request fails", realm);
            return reject(ErrorCode.KRB_AP_ERR_NOKEY, KpasswdResult.HARDERROR, "CHANGEPW ACCOUNT MISSING");
        }
        EncryptedData tktEnc = ticket.encPart();
        Optional<KeyVersion> kv = tktEnc.kvno().isPresent() ? service.get().keys(tktEnc.kvno().get())
                : service.get().currentKeys();
        if (kv.isEmpty()) {
            return reject(ErrorCode.KRB_AP_ERR_BADKEYVER, KpasswdResult.AUTHERROR, "NO SUCH KVNO");
        }
        Optional<EncryptionKey> serviceKey = kv.get().key(tktEnc.etype());
        Optional<Enctype> tktType = Enctypes.find(tktEnc.etype());
        if (serviceKey.isEmpty() || tktType.isEmpty()) {
            return reject(ErrorCode.KRB_AP_ERR_NOKEY, KpasswdResult.AUTHERROR, "NO KEY FOR TICKET ENCTYPE");
        }
        EncTicketPart tkt;
        try {
            tkt = KrbCodec.decodeEncTicketPart(
                    tktType.get().decrypt(serviceKey.get(), KeyUsage.KDC_REP_TICKET, tktEnc.cipher()));
        } catch (IntegrityException | DerException e) {
            return reject(ErrorCode.KRB_AP_ERR_BAD_INTEGRITY, KpasswdResult.AUTHERROR, "TICKET DECRYPT FAILED");
        }
        EncryptionKey session = tkt.key();
        Optional<Enctype> sessionType = Enctypes.find(session.type());
        if (!usable(session) || !apReq.authenticator().etype().equals(session.type())) {
            return reject(ErrorCode.KDC_ERR_ETYPE_NOSUPP, KpasswdResult.AUTHERROR, "SESSION ENCTYPE");
        }
        Authenticator auth;
        try {
            auth = KrbCodec.decodeAuthenticator(sessionType.get().decrypt(session, KeyUsage.AP_REQ_AUTH,
                    apReq.authenticator().cipher()));
        } catch (IntegrityException | DerException e) {
            return reject(ErrorCode.KRB_AP_ERR_BAD_INTEGRITY, KpasswdResult.AUTHERROR, "AUTHENTICATOR DECRYPT FAILED");
        }
        if (!auth.crealm().equals(tkt.crealm()) || !sameName(auth.cname(), tkt.cname())) {
            return reject(ErrorCode.KRB_AP_ERR_BADMATCH, KpasswdResult.AUTHERROR, "AUTHENTICATOR CLIENT MISMATCH");
        }
        Duration skew = store.policy().maxClockSkew();
        if (auth.ctime().isBefore(now.minus(skew)) || auth.ctime().isAfter(now.plus(skew))) {
            return reject(ErrorCode.KRB_AP_ERR_SKEW, KpasswdResult.AUTHERROR, "CLOCK SKEW");
        }
        Instant start = tkt.startTime().orElse(tkt.authTime());
        if (tkt.flags().has(TicketFlags.INVALID) || start.isAfter(now.plus(skew))) {
            return reject(ErrorCode.KRB_AP_ERR_TKT_NYV, KpasswdResult.AUTHERROR, "TICKET NOT YET VALID");
        }
        if (tkt.endTime().isBefore(now.minus(skew))) {
            return reject(ErrorCode.KRB_AP_ERR_TKT_EXPIRED, KpasswdResult.AUTHERROR, "TICKET EXPIRED");
        }
        EncryptionKey privKey = auth.subkey().orElse(session);
        if (!usable(privKey)) {
            return reject(ErrorCode.KDC_ERR_ETYPE_NOSUPP, KpasswdResult.AUTHERROR, "SUBKEY ENCTYPE");
        }
        if (!replays.firstSeen(apReq.authenticator().cipher(), auth.ctime().plus(skew), now)) {
            return reject(ErrorCode.KRB_AP_ERR_REPEAT, KpasswdResult.AUTHERROR, "REPLAY");
        }
        int serverSeq = random.nextInt(1, 1 << 30);
        return new Verified(tkt, auth, session, privKey, serverSeq);
    }

    /** A key we can use: a supported enctype and the right length (a client chooses its subkey). */
    private static boolean usable(EncryptionKey k) {
        Optional<Enctype> t = Enctypes.find(k.type());
        return t.isPresent() && t.get().keyBytes() == k.length();
    }

    private static Reject reject(ErrorCode code, KpasswdResult result, String status) {
        String text = result == KpasswdResult.MALFORMED ? "Malformed request"
                : result == KpasswdResult.HARDERROR ? "Password service unavailable"
                : "Failed reading application request";
        return new Reject(code, result, status, text);
    }

    // ---- KRB-PRIV and the change (RFC 3244 §2) ------------------------------------------------

    private Outcome changePassword(KpasswdFrame frame, Verified v, InetSocketAddress from) {
        EncKrbPrivPart priv;
        try {
            KrbPriv msg = PrivCodec.decodeKrbPriv(frame.body());
            if (!msg.encPart().etype().equals(v.privKey().type())) {
                return Outcome.of(KpasswdResult.HARDERROR, "Failed decrypting request", "KRB-PRIV ENCTYPE");
            }
            Enctype et = Enctypes.get(v.privKey().type());
            priv = PrivCodec.decodeEncKrbPrivPart(et.decrypt(v.privKey(), KeyUsage.KRB_PRIV_ENC_PART,
                    msg.encPart().cipher()));
        } catch (DerException e) {
            return Outcome.of(KpasswdResult.MALFORMED, "Malformed KRB-PRIV", "KRB-PRIV UNDECODABLE");
        } catch (IntegrityException e) {
            return Outcome.of(KpasswdResult.HARDERROR, "Failed decrypting request", "KRB-PRIV DECRYPT FAILED");
        } catch (io.kerbridge.kerberos.crypto.UnsupportedEnctypeException e) {
            return Outcome.of(KpasswdResult.HARDERROR, "Failed decrypting request", "KRB-PRIV ENCTYPE");
        }
        // RFC 4120 §5.7.2 with sequence numbers (what MIT's client sends): the KRB-PRIV carries the
        // authenticator's initial number. Without one, the timestamp must be within the skew.
        if (priv.seqNumber().isPresent() || priv.timestamp().isEmpty()) {
            int expected = v.authenticator().seqNumber().orElse(0);
            if (priv.seqNumber().orElse(0) != expected) {
                return Outcome.of(KpasswdResult.HARDERROR, "Failed decrypting request", "KRB-PRIV BAD SEQUENCE");
            }
        } else {
            Duration skew = store.policy().maxClockSkew();
            Instant ts = priv.timestamp().get();
            Instant now = clock.instant();
            if (ts.isBefore(now.minus(skew)) || ts.isAfter(now.plus(skew))) {
                return Outcome.of(KpasswdResult.HARDERROR, "Failed decrypting request", "KRB-PRIV CLOCK SKEW");
            }
        }

        Bytes pwBytes;
        Optional<PrincipalName> targetName = Optional.empty();
        String targetRealm = v.ticket().crealm();
        if (frame.version() == KpasswdFrame.VERSION_SET) {
            try {
                ChangePasswdData d = ChangePasswdData.decode(priv.userData());
                pwBytes = d.newPassword();
                targetName = d.targetName();
                targetRealm = d.targetRealm().orElse(targetRealm);
            } catch (DerException e) {
                return Outcome.of(KpasswdResult.MALFORMED, "Failed decoding ChangePasswdData", "SETPW UNDECODABLE");
            }
        } else {
            pwBytes = priv.userData();
        }
        if (pwBytes.length() > MAX_PASSWORD_BYTES) {
            return Outcome.of(KpasswdResult.MALFORMED, "The new password is too long", "PASSWORD TOO LONG");
        }
        char[] password = utf8(pwBytes);
        if (password == null) {
            return Outcome.of(KpasswdResult.MALFORMED, "The new password is not valid UTF-8", "PASSWORD NOT UTF-8");
        }
        try {
            boolean self = targetName.isEmpty()
                    || (targetRealm.equals(v.ticket().crealm()) && sameName(targetName.get(), v.ticket().cname()));
            Outcome o = self ? changeOwn(v, password) : setOther(v, targetName.get(), targetRealm, password);
            String client = v.ticket().cname().withRealm(v.ticket().crealm());
            if (self) {
                log.info("kpasswd from {}: change for {}: {}", from, client, o.status());
            } else {
                log.info("kpasswd from {}: set by {} for {}: {}", from, client,
                        targetName.get().withRealm(targetRealm), o.status());
            }
            return o;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private Outcome changeOwn(Verified v, char[] password) {
        // RFC 3244 §2 / MIT: proof of the old password is an INITIAL ticket, not one from a TGT.
        if (!v.ticket().flags().has(TicketFlags.INITIAL)) {
            return Outcome.of(KpasswdResult.INITIAL_FLAG_NEEDED,
                    "A password change needs a ticket obtained with the current password", "NOT INITIAL");
        }
        String realm = store.domain().realm();
        if (!v.ticket().crealm().equals(realm)) {
            return Outcome.of(KpasswdResult.ACCESSDENIED, "Accounts of another realm cannot change their password here",
                    "FOREIGN CLIENT");
        }
        Optional<PrincipalEntry> client = store.lookup(v.ticket().cname(), realm, LookupPurpose.CLIENT);
        if (client.isEmpty()) {
            return Outcome.of(KpasswdResult.AUTHERROR, "Client account not found", "CLIENT UNKNOWN");
        }
        Optional<Outcome> denied = changeable(client.get().account());
        if (denied.isPresent()) {
            return denied.get();
        }
        return apply(() -> passwords.change(client.get().account().sid(), password));
    }

    private Outcome setOther(Verified v, PrincipalName target, String targetRealm, char[] password) {
        String realm = store.domain().realm();
        Optional<PrincipalEntry> caller = v.ticket().crealm().equals(realm)
                ? store.lookup(v.ticket().cname(), realm, LookupPurpose.CLIENT) : Optional.empty();
        if (caller.isEmpty()) {
            return Outcome.of(KpasswdResult.AUTHERROR, "Client account not found", "CLIENT UNKNOWN");
        }
        if (caller.get().account().isDisabled() || !options.setPasswordAuthority().maySetPassword(caller.get(), store)) {
            return Outcome.of(KpasswdResult.ACCESSDENIED, "Not authorized to set the password of another account",
                    "SET NOT AUTHORIZED");
        }
        if (!targetRealm.equals(realm)) {
            return Outcome.of(KpasswdResult.HARDERROR, "The target realm is not served here", "TARGET REALM");
        }
        Optional<PrincipalEntry> entry = store.lookup(target, realm, LookupPurpose.CLIENT);
        if (entry.isEmpty()) {
            return Outcome.of(KpasswdResult.HARDERROR, "No such account", "TARGET UNKNOWN");
        }
        Account account = entry.get().account();
        if (account.type() != AccountType.USER && account.type() != AccountType.COMPUTER) {
            return Outcome.of(KpasswdResult.ACCESSDENIED, "This account's password cannot be set", "TARGET TYPE");
        }
        return apply(() -> passwords.set(account.sid(), password, options.mustChangeAfterSet()));
    }

    /** Only users and computers change passwords through kpasswd, and not while disabled. */
    private static Optional<Outcome> changeable(Account a) {
        if (a.type() != AccountType.USER && a.type() != AccountType.COMPUTER) {
            return Optional.of(Outcome.of(KpasswdResult.ACCESSDENIED, "This account's password cannot be changed",
                    "ACCOUNT TYPE"));
        }
        if (a.isDisabled()) {
            return Optional.of(Outcome.of(KpasswdResult.ACCESSDENIED, "The account is disabled", "ACCOUNT DISABLED"));
        }
        return Optional.empty();
    }

    private Outcome apply(java.util.function.Supplier<PasswordChange.Result> call) {
        PasswordChange.Result r;
        try {
            r = call.get();
        } catch (RuntimeException e) {
            log.error("kpasswd: the directory failed to change a password", e);
            return Outcome.of(KpasswdResult.HARDERROR, "The password could not be changed (server error)",
                    "DIRECTORY ERROR");
        }
        if (r == null) {
            return Outcome.of(KpasswdResult.HARDERROR, "The password could not be changed (server error)",
                    "DIRECTORY ERROR");
        }
        return switch (r) {
            case OK -> new Outcome(KpasswdResult.SUCCESS, Bytes.EMPTY, "SUCCESS");
            case NO_SUCH_ACCOUNT -> Outcome.of(KpasswdResult.HARDERROR, "No such account", "NO SUCH ACCOUNT");
            case TOO_SHORT, NOT_COMPLEX, IN_HISTORY, TOO_SOON -> new Outcome(KpasswdResult.SOFTERROR,
                    policyMessage(r, store.policy()), "POLICY " + r);
        };
    }

    /** The result string of a policy refusal: readable text, or Windows' policy blob (MIT chpw.c reads it). */
    private Bytes policyMessage(PasswordChange.Result r, DomainPolicy p) {
        if (options.adPolicyInfo()) {
            return PolicyMessages.adPolicyInfo(p);
        }
        return Bytes.utf8(PolicyMessages.text(r, p));
    }

    // ---- replies ----------------------------------------------------------------------------

    private Bytes privReply(KpasswdFrame frame, Verified v, Outcome o, InetSocketAddress from, InetAddress local) {
        Instant now = clock.instant();
        // AP-REP (RFC 4120 §5.5.2): the client's ctime/cusec and our initial sequence number.
        EncApRepPart repPart = new EncApRepPart(v.authenticator().ctime(), v.authenticator().cusec(), Optional.empty(),
                Optional.of(v.serverSeq()));
        Enctype sessionType = Enctypes.find(v.sessionKey().type()).orElseThrow();
        Bytes repCipher = sessionType.encrypt(v.sessionKey(), KeyUsage.AP_REP_ENC_PART,
                KrbCodec.encodeEncApRepPart(repPart), random);
        Bytes apRep = KrbCodec.encodeApRep(new ApRep(new EncryptedData(v.sessionKey().type(), Optional.empty(),
                repCipher)));

        Bytes data = resultData(o.result(), o.resultString());
        EncKrbPrivPart part = EncKrbPrivPart.withSequence(data, v.serverSeq(), senderAddress(local, from));
        Enctype privType = Enctypes.find(v.privKey().type()).orElseThrow();
        Bytes privCipher = privType.encrypt(v.privKey(), KeyUsage.KRB_PRIV_ENC_PART,
                PrivCodec.encodeEncKrbPrivPart(part), random);
        Bytes priv = PrivCodec.encodeKrbPriv(new KrbPriv(new EncryptedData(v.privKey().type(), Optional.empty(),
                privCipher)));
        return new KpasswdFrame(KpasswdFrame.VERSION_CHANGE, apRep, priv).encode();
    }

    /**
     * A KRB-ERROR whose e-data is the result code and string: in the reply framing with AP-REP length
     * 0 for version 1 (as MIT's kadmind), bare for a set-password request (RFC 3244 §2, Windows).
     */
    private Bytes errorReply(Instant now, int version, Reject r) {
        KrbError err = new KrbError(Optional.empty(), Optional.empty(), now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                (now.getNano() / 1000) % 1_000_000, r.code(), Optional.empty(), Optional.empty(),
                store.domain().realm(), CHANGEPW, Optional.of(r.text()),
                Optional.of(resultData(r.result(), Bytes.utf8(r.text()))));
        Bytes der = KrbCodec.encodeKrbError(err);
        return version == KpasswdFrame.VERSION_SET ? der
                : new KpasswdFrame(KpasswdFrame.VERSION_CHANGE, Bytes.EMPTY, der).encode();
    }

    private static Bytes resultData(KpasswdResult result, Bytes string) {
        byte[] b = new byte[2 + string.length()];
        b[0] = (byte) (result.code() >>> 8);
        b[1] = (byte) result.code();
        System.arraycopy(string.unsafeArray(), 0, b, 2, string.length());
        return Bytes.wrap(b);
    }

    /** s-address (RFC 4120 §5.7.1): where we received the request, else the unspecified address. */
    private static HostAddress senderAddress(InetAddress local, InetSocketAddress from) {
        InetAddress a = local;
        if (a == null || a.isAnyLocalAddress()) {
            boolean v6 = from != null && from.getAddress() instanceof Inet6Address;
            return v6 ? new HostAddress(AddressType.IPV6, Bytes.wrap(new byte[16]))
                    : new HostAddress(AddressType.IPV4, Bytes.wrap(new byte[4]));
        }
        return new HostAddress(a instanceof Inet6Address ? AddressType.IPV6 : AddressType.IPV4,
                Bytes.of(a.getAddress()));
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** Name comparison as MIT's krb5_principal_compare: components only, the name type ignored. */
    private static boolean sameName(PrincipalName a, PrincipalName b) {
        List<String> x = a.components();
        List<String> y = b.components();
        return x.equals(y);
    }

    private static char[] utf8(Bytes b) {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b.unsafeArray()));
            char[] out = new char[cb.remaining()];
            cb.get(out);
            Arrays.fill(cb.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
