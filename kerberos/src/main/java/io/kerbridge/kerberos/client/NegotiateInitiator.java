// RFC 4121 §4.1 (krb5 mech initial token, checksum type 0x8003), RFC 2743 §3.1 (token framing),
// RFC 4178 §4.2 (SPNEGO NegTokenInit / NegTokenResp), RFC 4559 (HTTP Negotiate).
package io.kerbridge.kerberos.client;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.Der;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.asn1.DerReader;
import io.kerbridge.kerberos.asn1.DerWriter;
import io.kerbridge.kerberos.crypto.Enctype;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.IntegrityException;
import io.kerbridge.kerberos.msg.ApRep;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncApRepPart;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;

/**
 * The initiator side of HTTP Negotiate with Kerberos: builds the SPNEGO-wrapped krb5 AP-REQ token a
 * browser or curl would send, and checks the server's mutual-authentication reply.
 */
public final class NegotiateInitiator {
    static final Bytes KRB5_OID = Bytes.fromHex("06092a864886f712010202");
    static final Bytes SPNEGO_OID = Bytes.fromHex("06062b0601050502");
    private static final int GSS_MUTUAL = 2, GSS_REPLAY = 4, GSS_SEQUENCE = 8, GSS_CONF = 16, GSS_INTEG = 32;

    private final Clock clock;
    private final SecureRandom random;

    public NegotiateInitiator(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** One security context in progress: the token to send, and what checks the reply. */
    public record Context(Bytes token, EncryptionKey sessionKey, Instant ctime, int cusec) {
        /** {@code Authorization} header value. */
        public String authorizationHeader() {
            return "Negotiate " + Base64.getEncoder().encodeToString(token.unsafeArray());
        }
    }

    /** Builds a SPNEGO NegTokenInit carrying a krb5 AP-REQ (mutual authentication requested). */
    public Context initiate(KdcReply serviceTicket) throws KerberosClientException {
        EncryptionKey key = serviceTicket.sessionKey();
        Enctype enctype = Enctypes.find(key.type())
                .orElseThrow(() -> new KerberosClientException("unsupported session key type " + key.type().name()));
        Instant now = clock.instant();
        Instant ctime = now.truncatedTo(ChronoUnit.SECONDS);
        int cusec = now.getNano() / 1000;
        Authenticator auth = new Authenticator(serviceTicket.clientRealm(), serviceTicket.client(),
                Optional.of(new Checksum(ChecksumType.GSSAPI, gssChecksum())), cusec, ctime,
                Optional.of(enctype.generateKey(random)), Optional.of(random.nextInt() & 0x3FFFFFFF), Optional.empty());
        Bytes cipher = enctype.encrypt(key, KeyUsage.AP_REQ_AUTH, KrbCodec.encodeAuthenticator(auth), random);
        ApReq ap = new ApReq(1 << (31 - ApReq.MUTUAL_REQUIRED), serviceTicket.ticket(),
                new EncryptedData(key.type(), Optional.empty(), cipher));
        Bytes krb5Token = gssWrap(KRB5_OID, Bytes.fromHex("0100").concat(KrbCodec.encodeApReq(ap)));
        return new Context(negTokenInit(krb5Token), key, ctime, cusec);
    }

    /** RFC 4121 §4.1.1: Lgth 16, zero channel bindings, flags mutual|replay|sequence|conf|integ. */
    private static Bytes gssChecksum() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(16);
        b.put(new byte[16]);
        b.putInt(GSS_MUTUAL | GSS_REPLAY | GSS_SEQUENCE | GSS_CONF | GSS_INTEG);
        return Bytes.wrap(b.array());
    }

    private static Bytes gssWrap(Bytes oid, Bytes inner) {
        DerWriter w = new DerWriter();
        int m = w.begin(0x60);
        w.raw(oid).raw(inner);
        w.end(m);
        return w.toBytes();
    }

    private static Bytes negTokenInit(Bytes mechToken) {
        DerWriter w = new DerWriter();
        int outer = w.begin(0x60);
        w.raw(SPNEGO_OID);
        int a0 = w.begin(Der.context(0));
        int seq = w.begin(Der.SEQUENCE);
        int types = w.begin(Der.context(0));
        int list = w.begin(Der.SEQUENCE);
        w.raw(KRB5_OID);
        w.end(list);
        w.end(types);
        int tok = w.begin(Der.context(2));
        w.octetString(mechToken);
        w.end(tok);
        w.end(seq);
        w.end(a0);
        w.end(outer);
        return w.toBytes();
    }

    /**
     * Checks the server's {@code WWW-Authenticate: Negotiate <token>} (NegTokenResp with a krb5 AP-REP):
     * the EncAPRepPart must decrypt with the session key (usage 12) and echo our ctime/cusec.
     */
    public void verifyReply(Context ctx, String wwwAuthenticate) throws KerberosClientException {
        String v = wwwAuthenticate.strip();
        if (!v.regionMatches(true, 0, "Negotiate ", 0, 10)) {
            throw new KerberosClientException("the server did not complete Negotiate (mutual authentication missing)");
        }
        try {
            Bytes resp = Bytes.wrap(Base64.getDecoder().decode(v.substring(10).strip()));
            Bytes krb5 = responseToken(resp);
            DerReader r = DerReader.of(krb5);
            DerReader app = r.constructed(0x60);
            r.expectEnd();
            Bytes oid = app.readAny();
            if (!oid.equals(KRB5_OID)) {
                throw new KerberosClientException("the server's reply token is not a Kerberos token");
            }
            int start = app.position(); // positions are offsets into krb5, which ends where this token ends
            if (krb5.length() < start + 2 || !krb5.slice(start, start + 2).equals(Bytes.fromHex("0200"))) {
                throw new KerberosClientException("the server's reply token is not an AP-REP");
            }
            Bytes apRepDer = krb5.slice(start + 2, krb5.length());
            ApRep rep = KrbCodec.decodeApRep(apRepDer);
            Enctype e = Enctypes.find(ctx.sessionKey().type()).orElseThrow();
            EncApRepPart part = KrbCodec.decodeEncApRepPart(e.decrypt(ctx.sessionKey(), KeyUsage.AP_REP_ENC_PART,
                    rep.encPart().cipher()));
            if (!part.ctime().equals(ctx.ctime()) || part.cusec() != ctx.cusec()) {
                throw new KerberosClientException("the server's mutual-authentication reply does not match our request");
            }
        } catch (IllegalArgumentException | DerException e) {
            throw new KerberosClientException("malformed Negotiate reply from the server: " + e.getMessage(), e);
        } catch (IntegrityException e) {
            throw new KerberosClientException("the server's mutual-authentication reply does not decrypt", e);
        }
    }

    /** NegTokenResp ::= [1] SEQUENCE { negState [0], supportedMech [1], responseToken [2], mechListMIC [3] }. */
    private static Bytes responseToken(Bytes resp) throws DerException, KerberosClientException {
        DerReader r = DerReader.of(resp);
        DerReader a1 = r.explicit(1);
        r.expectEnd();
        DerReader seq = a1.sequence();
        Optional<Bytes> token = Optional.empty();
        while (seq.hasMore()) {
            int tag = seq.peekTag();
            if (tag == Der.context(2)) {
                DerReader f = seq.explicit(2);
                token = Optional.of(f.readOctetString());
            } else {
                seq.readAny();
            }
        }
        return token.orElseThrow(() -> new KerberosClientException("the server's Negotiate reply has no token"));
    }
}
