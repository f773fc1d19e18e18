package io.kerbridge.kdc.kpasswd;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctype;
import io.kerbridge.kerberos.crypto.Enctypes;
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
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.msg.TransitedEncoding;
import io.kerbridge.kerberos.types.AddressType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.HostAddress;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A kpasswd client for tests (RFC 3244 §2), built like MIT's: AP-REQ (RFC 4120 §5.5.1) with a
 * subkey and an initial sequence number, KRB-PRIV (§5.7.1) with seq-number and s-address,
 * encrypted with the subkey (usage 13). It either
 * mints its own ticket with the service key or uses a ticket a real KDC issued. Knobs let a test
 * break one thing at a time.
 */
final class KpasswdTestClient {
    static final SecureRandom RND = new SecureRandom();

    final String realm;
    final Bytes ticketDer;
    final EncryptionKey sessionKey;
    final PrincipalName cname;

    Instant ctime = Instant.now();
    boolean useSubkey = true;
    Optional<Integer> authSeq = Optional.of(0x1234567);
    /** The KRB-PRIV seq-number; empty = same as {@link #authSeq}. */
    Optional<Integer> privSeq = Optional.empty();
    EncryptionKey subkey;
    /** A subkey to put in the authenticator instead of a fresh one (e.g. a broken one). */
    EncryptionKey forcedSubkey;
    /** The key to protect the KRB-PRIV with instead of the subkey / session key. */
    EncryptionKey privKeyOverride;

    private KpasswdTestClient(String realm, Bytes ticketDer, EncryptionKey sessionKey, PrincipalName cname) {
        this.realm = realm;
        this.ticketDer = ticketDer;
        this.sessionKey = sessionKey;
        this.cname = cname;
    }

    /** A ticket for kadmin/changepw minted with {@code serviceKey} (as a KDC would). */
    static KpasswdTestClient minted(String realm, EncryptionKey serviceKey, int kvno, PrincipalName cname,
            TicketFlags flags, Instant authTime, Instant endTime) {
        Enctype st = Enctypes.find(serviceKey.type()).orElseThrow();
        EncryptionKey session = st.generateKey(RND);
        EncTicketPart part = new EncTicketPart(flags, session, realm, cname, new TransitedEncoding(1, Bytes.EMPTY),
                authTime, Optional.empty(), endTime, Optional.empty(), Optional.empty(), Optional.empty());
        Bytes cipher = st.encrypt(serviceKey, KeyUsage.KDC_REP_TICKET, KrbCodec.encodeEncTicketPart(part), RND);
        Ticket t = new Ticket(realm, KpasswdService.CHANGEPW, EncryptedData.of(serviceKey.type(), kvno, cipher));
        return new KpasswdTestClient(realm, KrbCodec.encodeTicket(t), session, cname);
    }

    static KpasswdTestClient minted(String realm, EncryptionKey serviceKey, int kvno, String user, boolean initial) {
        Instant now = Instant.now();
        TicketFlags flags = initial ? TicketFlags.of(TicketFlags.INITIAL, TicketFlags.PRE_AUTHENT)
                : TicketFlags.of(TicketFlags.PRE_AUTHENT);
        return minted(realm, serviceKey, kvno, PrincipalName.user(user), flags, now.minusSeconds(60),
                now.plusSeconds(300));
    }

    /** A ticket issued by a real KDC (e.g. read from an MIT ccache). */
    static KpasswdTestClient withTicket(String realm, Bytes ticketDer, EncryptionKey sessionKey, PrincipalName cname) {
        return new KpasswdTestClient(realm, ticketDer, sessionKey, cname);
    }

    Bytes changeRequest(String newPassword) {
        return request(KpasswdFrame.VERSION_CHANGE, Bytes.utf8(newPassword));
    }

    Bytes setRequest(ChangePasswdData data) {
        return request(KpasswdFrame.VERSION_SET, data.encode());
    }

    Bytes request(int version, Bytes userData) {
        Enctype et = Enctypes.find(sessionKey.type()).orElseThrow();
        subkey = forcedSubkey != null ? forcedSubkey : useSubkey ? et.generateKey(RND) : null;
        Instant ct = ctime.truncatedTo(ChronoUnit.SECONDS);
        Authenticator auth = new Authenticator(realm, cname, Optional.empty(), RND.nextInt(1_000_000), ct,
                Optional.ofNullable(subkey), authSeq, Optional.empty());
        Bytes authCipher = et.encrypt(sessionKey, KeyUsage.AP_REQ_AUTH, KrbCodec.encodeAuthenticator(auth), RND);
        Ticket ticket;
        try {
            ticket = KrbCodec.decodeTicket(ticketDer);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ApReq apReq = new ApReq(0, ticket, new EncryptedData(sessionKey.type(), Optional.empty(), authCipher));
        Optional<Integer> seq = privSeq.isPresent() ? privSeq : authSeq;
        EncKrbPrivPart part = new EncKrbPrivPart(userData, Optional.empty(), Optional.empty(), seq,
                Optional.of(new HostAddress(AddressType.IPV4, Bytes.fromHex("7f000001"))), Optional.empty());
        EncryptionKey pk = privKey();
        Bytes privCipher = Enctypes.find(pk.type()).orElseThrow().encrypt(pk, KeyUsage.KRB_PRIV_ENC_PART,
                PrivCodec.encodeEncKrbPrivPart(part), RND);
        Bytes priv = PrivCodec.encodeKrbPriv(new KrbPriv(new EncryptedData(pk.type(), Optional.empty(), privCipher)));
        return new KpasswdFrame(version, KrbCodec.encodeApReq(apReq), priv).encode();
    }

    EncryptionKey privKey() {
        return privKeyOverride != null ? privKeyOverride : subkey != null ? subkey : sessionKey;
    }

    /** A decoded reply. */
    record Reply(boolean isError, KpasswdResult result, String text, Bytes resultString,
            Optional<ErrorCode> errorCode, Optional<Integer> apRepSeq, Optional<Integer> privSeq) {}

    /** Decodes and checks a reply the way MIT's krb5int_rd_chpw_rep does (AP-REP, then KRB-PRIV). */
    Reply readReply(Bytes reply) throws Exception {
        if (reply.length() > 0 && (reply.get(0) & 0xFF) == 0x7e) { // bare KRB-ERROR [APPLICATION 30]
            KrbError err = KrbCodec.decodeKrbError(reply);
            Bytes data = err.edata().orElseThrow(() -> new AssertionError("KRB-ERROR without e-data"));
            return result(true, data, Optional.of(err.errorCode()), Optional.empty(), Optional.empty());
        }
        KpasswdFrame f = switch (KpasswdFrame.parse(reply, false)) {
            case KpasswdFrame.Ok ok -> ok.frame();
            case KpasswdFrame.Bad bad -> throw new AssertionError("bad reply frame " + bad.defect());
        };
        if (f.version() != 1 && f.version() != 0xff80) {
            throw new AssertionError("reply version " + f.version());
        }
        if (f.apMessage().isEmpty()) {
            KrbError err = KrbCodec.decodeKrbError(f.body());
            Bytes data = err.edata().orElseThrow(() -> new AssertionError("KRB-ERROR without e-data"));
            return result(true, data, Optional.of(err.errorCode()), Optional.empty(), Optional.empty());
        }
        ApRep rep = KrbCodec.decodeApRep(f.apMessage());
        Enctype et = Enctypes.find(sessionKey.type()).orElseThrow();
        EncApRepPart rp = KrbCodec.decodeEncApRepPart(et.decrypt(sessionKey, KeyUsage.AP_REP_ENC_PART,
                rep.encPart().cipher()));
        KrbPriv priv = PrivCodec.decodeKrbPriv(f.body());
        EncryptionKey pk = privKey();
        EncKrbPrivPart pp = PrivCodec.decodeEncKrbPrivPart(Enctypes.find(pk.type()).orElseThrow()
                .decrypt(pk, KeyUsage.KRB_PRIV_ENC_PART, priv.encPart().cipher()));
        if (pp.rAddress().isPresent()) {
            throw new AssertionError("r-address set: MIT would compare it with its own address");
        }
        return result(false, pp.userData(), Optional.empty(), rp.seqNumber(), pp.seqNumber());
    }

    private static Reply result(boolean isError, Bytes data, Optional<ErrorCode> code, Optional<Integer> apRepSeq,
            Optional<Integer> privSeq) {
        if (data.length() < 2) {
            throw new AssertionError("result data too short");
        }
        int c = ((data.get(0) & 0xFF) << 8) | (data.get(1) & 0xFF);
        Bytes s = data.slice(2, data.length());
        KpasswdResult r = KpasswdResult.of(c).orElseThrow(() -> new AssertionError("result code " + c));
        return new Reply(isError, r, new String(s.unsafeArray(), StandardCharsets.UTF_8), s, code, apRepSeq, privSeq);
    }

    static EncryptionKey randomKey(EncType type) {
        return Enctypes.find(type).orElseThrow().generateKey(RND);
    }
}
