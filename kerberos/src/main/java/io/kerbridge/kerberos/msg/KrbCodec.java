// RFC 4120 §5 (ASN.1 of every message), RFC 6806 §11 (encrypted-pa-data), MS-KILE 3.1.5.8 (kvno as
// signed 32-bit), MS-KKDCP 2.2.2 (KDC-PROXY-MESSAGE); protocol-notes §7.1a.
package io.kerbridge.kerberos.msg;

import static io.kerbridge.kerberos.msg.Fields.*;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.Der;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.asn1.DerException.Reason;
import io.kerbridge.kerberos.asn1.DerReader;
import io.kerbridge.kerberos.asn1.DerWriter;
import io.kerbridge.kerberos.types.AuthorizationDataEntry;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.MessageType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * DER encoding and decoding of the Kerberos messages. Every decoder reads one complete value and
 * refuses trailing bytes; every failure is a {@link DerException} with a reason. Encoders write
 * DER that MIT krb5 and Windows accept (kvno and nonces in the signed 32-bit form).
 */
public final class KrbCodec {
    private KrbCodec() {}

    interface Body<T> {
        T read(DerReader r) throws DerException;
    }

    private static <T> T whole(Bytes der, Body<T> body) throws DerException {
        DerReader r = DerReader.of(der);
        T v = body.read(r);
        r.expectEnd();
        return v;
    }

    private static Bytes write(Fields.ItemWriter<DerWriter> body) {
        DerWriter w = new DerWriter(1024); // most KDC messages fit: no growth copies (issue 9)
        body.write(w, w);
        return w.toBytes();
    }

    // ---- dispatch ---------------------------------------------------------------------------

    /** The message type of a top-level message, from its APPLICATION tag; empty when not one. */
    public static Optional<MessageType> peekMessageType(Bytes der) {
        if (der.isEmpty()) {
            return Optional.empty();
        }
        int tag = der.get(0) & 0xFF;
        if ((tag & 0xE0) != 0x60) {
            return Optional.empty();
        }
        return Optional.of(MessageType.of(tag & 0x1F));
    }

    /** Decodes any top-level message (AS/TGS-REQ/REP, AP-REQ/REP, KRB-ERROR, KRB-CRED). */
    public static KrbMessage decode(Bytes der) throws DerException {
        MessageType t = peekMessageType(der)
                .orElseThrow(() -> new DerException(Reason.WRONG_TAG, 0, "not a Kerberos message"));
        return switch (t.value()) {
            case 10, 12 -> decodeKdcReq(der);
            case 11, 13 -> decodeKdcRep(der);
            case 14 -> decodeApReq(der);
            case 15 -> decodeApRep(der);
            case 22 -> decodeKrbCred(der);
            case 30 -> decodeKrbError(der);
            default -> throw new DerException(Reason.WRONG_TAG, 0, "unsupported message type " + t.value());
        };
    }

    public static Bytes encode(KrbMessage m) {
        return switch (m) {
            case KdcReq q -> encodeKdcReq(q);
            case KdcRep p -> encodeKdcRep(p);
            case ApReq a -> encodeApReq(a);
            case ApRep a -> encodeApRep(a);
            case KrbError e -> encodeKrbError(e);
            case KrbCred c -> encodeKrbCred(c);
        };
    }

    // ---- Ticket and EncTicketPart (§5.3) -----------------------------------------------------

    public static Ticket decodeTicket(Bytes der) throws DerException {
        return whole(der, Fields::ticket);
    }

    public static Bytes encodeTicket(Ticket t) {
        return write((w, x) -> writeTicket(w, t));
    }

    public static EncTicketPart decodeEncTicketPart(Bytes der) throws DerException {
        return whole(der, r -> {
            DerReader app = r.application(3);
            DerReader s = app.sequence();
            app.expectEnd();
            TicketFlags flags = new TicketFlags(Fields.flags(s, 0));
            var key = explicit(s, 1, Fields::key);
            String crealm = string(s, 2);
            PrincipalName cname = explicit(s, 3, Fields::principal);
            TransitedEncoding tr = explicit(s, 4, KrbCodec::transited);
            Instant authTime = time(s, 5);
            Optional<Instant> start = optTime(s, 6);
            Instant end = time(s, 7);
            Optional<Instant> renew = optTime(s, 8);
            var addrs = optSequenceOf(s, 9, Fields::address);
            var ad = optSequenceOf(s, 10, Fields::authData);
            s.expectEnd();
            return new EncTicketPart(flags, key, crealm, cname, tr, authTime, start, end, renew, addrs, ad);
        });
    }

    public static Bytes encodeEncTicketPart(EncTicketPart p) {
        return write((w, x) -> {
            int app = w.begin(Der.application(3));
            int m = w.begin(Der.SEQUENCE);
            writeFlags(w, 0, p.flags().bits());
            writeExplicit(w, 1, p.key(), Fields::writeKey);
            writeString(w, 2, p.crealm());
            writeExplicit(w, 3, p.cname(), Fields::writePrincipal);
            writeExplicit(w, 4, p.transited(), KrbCodec::writeTransited);
            writeTime(w, 5, p.authTime());
            p.startTime().ifPresent(t -> writeTime(w, 6, t));
            writeTime(w, 7, p.endTime());
            p.renewTill().ifPresent(t -> writeTime(w, 8, t));
            p.addresses().ifPresent(a -> writeExplicitSequenceOf(w, 9, a, Fields::writeAddress));
            p.authorizationData().ifPresent(a -> writeExplicitSequenceOf(w, 10, a, Fields::writeAuthData));
            w.end(m);
            w.end(app);
        });
    }

    private static TransitedEncoding transited(DerReader r) throws DerException {
        DerReader s = r.sequence();
        int type = int32(s, 0);
        Bytes contents = octets(s, 1);
        s.expectEnd();
        return new TransitedEncoding(type, contents);
    }

    private static void writeTransited(DerWriter w, TransitedEncoding t) {
        int m = w.begin(Der.SEQUENCE);
        writeInt(w, 0, t.trType());
        writeOctets(w, 1, t.contents());
        w.end(m);
    }

    // ---- KDC-REQ (§5.4.1) ---------------------------------------------------------------------

    public static KdcReq decodeKdcReq(Bytes der) throws DerException {
        return whole(der, r -> {
            int tag = r.peekTag();
            if (tag != Der.application(10) && tag != Der.application(12)) {
                throw new DerException(Reason.WRONG_TAG, 0, "not an AS-REQ or TGS-REQ");
            }
            int type = tag & 0x1F;
            DerReader app = r.application(type);
            DerReader s = app.sequence();
            app.expectEnd();
            pvno(s, 1);
            msgType(s, 2, type);
            var padata = optSequenceOf(s, 3, Fields::paData);
            DerReader bodyField = s.explicit(4);
            int start = bodyField.position();
            KdcReqBody body = reqBody(bodyField);
            Bytes bodyDer = bodyField.raw(start, bodyField.position());
            bodyField.expectEnd();
            s.expectEnd();
            return new KdcReq(MessageType.of(type), padata, new Encoded<>(body, bodyDer));
        });
    }

    /** Decodes a KDC-REQ-BODY alone (e.g. to check an authenticator checksum). */
    public static KdcReqBody decodeKdcReqBody(Bytes der) throws DerException {
        return whole(der, KrbCodec::reqBody);
    }

    private static KdcReqBody reqBody(DerReader r) throws DerException {
        DerReader s = r.sequence();
        KdcOptions options = new KdcOptions(Fields.flags(s, 0));
        var cname = optExplicit(s, 1, Fields::principal);
        String realm = string(s, 2);
        var sname = optExplicit(s, 3, Fields::principal);
        var from = optTime(s, 4);
        Instant till = time(s, 5);
        var rtime = optTime(s, 6);
        int nonce = uint32Bits(s, 7);
        List<EncType> etypes = explicitSequenceOf(s, 8, x -> EncType.of(x.readInt32()));
        var addresses = optSequenceOf(s, 9, Fields::address);
        var encAd = optExplicit(s, 10, Fields::encryptedData);
        var tickets = optSequenceOf(s, 11, Fields::ticket);
        s.expectEnd();
        return new KdcReqBody(options, cname, realm, sname, from, till, rtime, nonce, etypes, addresses, encAd,
                tickets);
    }

    /** Encodes a KDC-REQ-BODY: the bytes to put in a request and to checksum (usage 6). */
    public static Bytes encodeKdcReqBody(KdcReqBody b) {
        return write((w, x) -> {
            int m = w.begin(Der.SEQUENCE);
            writeFlags(w, 0, b.options().bits());
            b.cname().ifPresent(c -> writeExplicit(w, 1, c, Fields::writePrincipal));
            writeString(w, 2, b.realm());
            b.sname().ifPresent(c -> writeExplicit(w, 3, c, Fields::writePrincipal));
            b.from().ifPresent(t -> writeTime(w, 4, t));
            writeTime(w, 5, b.till());
            b.rtime().ifPresent(t -> writeTime(w, 6, t));
            writeInt(w, 7, b.nonce());
            writeExplicitSequenceOf(w, 8, b.etypes(), (ww, e) -> ww.integer(e.value()));
            b.addresses().ifPresent(a -> writeExplicitSequenceOf(w, 9, a, Fields::writeAddress));
            b.encAuthorizationData().ifPresent(e -> writeExplicit(w, 10, e, Fields::writeEncryptedData));
            b.additionalTickets().ifPresent(t -> writeExplicitSequenceOf(w, 11, t, Fields::writeTicket));
            w.end(m);
        });
    }

    /** Encodes a KDC-REQ using the body's kept encoding, so checksums over it stay valid. */
    public static Bytes encodeKdcReq(KdcReq q) {
        return write((w, x) -> {
            int app = w.begin(Der.application(q.msgType().value()));
            int m = w.begin(Der.SEQUENCE);
            writeInt(w, 1, 5);
            writeInt(w, 2, q.msgType().value());
            q.padata().ifPresent(p -> writeExplicitSequenceOf(w, 3, p, Fields::writePaData));
            int b = w.begin(Der.context(4));
            w.raw(q.body().der());
            w.end(b);
            w.end(m);
            w.end(app);
        });
    }

    // ---- KDC-REP (§5.4.2) ---------------------------------------------------------------------

    public static KdcRep decodeKdcRep(Bytes der) throws DerException {
        return whole(der, r -> {
            int tag = r.peekTag();
            if (tag != Der.application(11) && tag != Der.application(13)) {
                throw new DerException(Reason.WRONG_TAG, 0, "not an AS-REP or TGS-REP");
            }
            int type = tag & 0x1F;
            DerReader app = r.application(type);
            DerReader s = app.sequence();
            app.expectEnd();
            pvno(s, 0);
            msgType(s, 1, type);
            var padata = optSequenceOf(s, 2, Fields::paData);
            String crealm = string(s, 3);
            PrincipalName cname = explicit(s, 4, Fields::principal);
            Ticket ticket = explicit(s, 5, Fields::ticket);
            EncryptedData enc = explicit(s, 6, Fields::encryptedData);
            s.expectEnd();
            return new KdcRep(MessageType.of(type), padata, crealm, cname, ticket, enc);
        });
    }

    public static Bytes encodeKdcRep(KdcRep p) {
        return write((w, x) -> {
            int app = w.begin(Der.application(p.msgType().value()));
            int m = w.begin(Der.SEQUENCE);
            writeInt(w, 0, 5);
            writeInt(w, 1, p.msgType().value());
            p.padata().ifPresent(pa -> writeExplicitSequenceOf(w, 2, pa, Fields::writePaData));
            writeString(w, 3, p.crealm());
            writeExplicit(w, 4, p.cname(), Fields::writePrincipal);
            writeExplicit(w, 5, p.ticket(), Fields::writeTicket);
            writeExplicit(w, 6, p.encPart(), Fields::writeEncryptedData);
            w.end(m);
            w.end(app);
        });
    }

    public static EncKdcRepPart decodeEncKdcRepPart(Bytes der) throws DerException {
        return whole(der, r -> {
            int tag = r.peekTag();
            if (tag != Der.application(25) && tag != Der.application(26)) {
                throw new DerException(Reason.WRONG_TAG, 0, "not an EncASRepPart or EncTGSRepPart");
            }
            DerReader app = r.application(tag & 0x1F);
            DerReader s = app.sequence();
            app.expectEnd();
            var key = explicit(s, 0, Fields::key);
            List<LastReq> lastReq = explicitSequenceOf(s, 1, KrbCodec::lastReq);
            int nonce = uint32Bits(s, 2);
            var keyExp = optTime(s, 3);
            TicketFlags flags = new TicketFlags(Fields.flags(s, 4));
            Instant authTime = time(s, 5);
            var start = optTime(s, 6);
            Instant end = time(s, 7);
            var renew = optTime(s, 8);
            String srealm = string(s, 9);
            PrincipalName sname = explicit(s, 10, Fields::principal);
            var caddr = optSequenceOf(s, 11, Fields::address);
            var encPa = optSequenceOf(s, 12, Fields::paData);
            s.expectEnd();
            return new EncKdcRepPart(tag & 0x1F, key, lastReq, nonce, keyExp, flags, authTime, start, end, renew,
                    srealm, sname, caddr, encPa);
        });
    }

    public static Bytes encodeEncKdcRepPart(EncKdcRepPart p) {
        return write((w, x) -> {
            int app = w.begin(Der.application(p.applicationTag()));
            int m = w.begin(Der.SEQUENCE);
            writeExplicit(w, 0, p.key(), Fields::writeKey);
            writeExplicitSequenceOf(w, 1, p.lastReq(), KrbCodec::writeLastReq);
            writeInt(w, 2, p.nonce());
            p.keyExpiration().ifPresent(t -> writeTime(w, 3, t));
            writeFlags(w, 4, p.flags().bits());
            writeTime(w, 5, p.authTime());
            p.startTime().ifPresent(t -> writeTime(w, 6, t));
            writeTime(w, 7, p.endTime());
            p.renewTill().ifPresent(t -> writeTime(w, 8, t));
            writeString(w, 9, p.srealm());
            writeExplicit(w, 10, p.sname(), Fields::writePrincipal);
            p.addresses().ifPresent(a -> writeExplicitSequenceOf(w, 11, a, Fields::writeAddress));
            p.encryptedPaData().ifPresent(pa -> writeExplicitSequenceOf(w, 12, pa, Fields::writePaData));
            w.end(m);
            w.end(app);
        });
    }

    private static LastReq lastReq(DerReader r) throws DerException {
        DerReader s = r.sequence();
        int type = int32(s, 0);
        Instant value = time(s, 1);
        s.expectEnd();
        return new LastReq(type, value);
    }

    private static void writeLastReq(DerWriter w, LastReq l) {
        int m = w.begin(Der.SEQUENCE);
        writeInt(w, 0, l.lrType());
        writeTime(w, 1, l.lrValue());
        w.end(m);
    }

    // ---- AP-REQ, Authenticator, AP-REP (§5.5) ---------------------------------------------------

    public static ApReq decodeApReq(Bytes der) throws DerException {
        return whole(der, r -> {
            DerReader app = r.application(14);
            DerReader s = app.sequence();
            app.expectEnd();
            pvno(s, 0);
            msgType(s, 1, 14);
            int options = Fields.flags(s, 2);
            Ticket ticket = explicit(s, 3, Fields::ticket);
            EncryptedData auth = explicit(s, 4, Fields::encryptedData);
            s.expectEnd();
            return new ApReq(options, ticket, auth);
        });
    }

    public static Bytes encodeApReq(ApReq a) {
        return write((w, x) -> {
            int app = w.begin(Der.application(14));
            int m = w.begin(Der.SEQUENCE);
            writeInt(w, 0, 5);
            writeInt(w, 1, 14);
            writeFlags(w, 2, a.apOptions());
            writeExplicit(w, 3, a.ticket(), Fields::writeTicket);
            writeExplicit(w, 4, a.authenticator(), Fields::writeEncryptedData);
            w.end(m);
            w.end(app);
        });
    }

    public static Authenticator decodeAuthenticator(Bytes der) throws DerException {
        return whole(der, r -> {
            DerReader app = r.application(2);
            DerReader s = app.sequence();
            app.expectEnd();
            pvno(s, 0);
            String crealm = string(s, 1);
            PrincipalName cname = explicit(s, 2, Fields::principal);
            var cksum = optExplicit(s, 3, Fields::checksum);
            int cusec = int32(s, 4);
            Instant ctime = time(s, 5);
            var subkey = optExplicit(s, 6, Fields::key);
            var seq = optUint32Bits(s, 7);
            var ad = optSequenceOf(s, 8, Fields::authData);
            s.expectEnd();
            return new Authenticator(crealm, cname, cksum, cusec, ctime, subkey, seq, ad);
        });
    }

    public static Bytes encodeAuthenticator(Authenticator a) {
        return write((w, x) -> {
            int app = w.begin(Der.application(2));
            int m = w.begin(Der.SEQUENCE);
            writeInt(w, 0, 5);
            writeString(w, 1, a.crealm());
            writeExplicit(w, 2, a.cname(), Fields::writePrincipal);
            a.cksum().ifPresent(c -> writeExplicit(w, 3, c, Fields::writeChecksum));
            writeInt(w, 4, a.cusec());
            writeTime(w, 5, a.ctime());
            a.subkey().ifPresent(k -> writeExplicit(w, 6, k, Fields::writeKey));
            a.seqNumber().ifPresent(n -> writeInt(w, 7, n.intValue()));
            a.authorizationData().ifPresent(ad -> writeExplicitSequenceOf(w, 8, ad, Fields::writeAuthData));
            w.end(m);
            w.end(app);
        });
    }

    public static ApRep decodeApRep(Bytes der) throws DerException {
        return whole(der, r -> {
            DerReader app = r.application(15);
            DerReader s = app.sequence();
            app.expectEnd();
            pvno(s, 0);
            msgType(s, 1, 15);
            EncryptedData enc = explicit(s, 2, Fields::encryptedData);
            s.expectEnd();
            return new ApRep(enc);
        });
    }

    public static Bytes encodeApRep(ApRep a) {
        return write((w, x) -> {
            int app = w.begin(Der.application(15));
            int m = w.begin(Der.SEQUENCE);
            writeInt(w, 0, 5);
            writeInt(w, 1, 15);
            writeExplicit(w, 2, a.encPart(), Fields::writeEncryptedData);
            w.end(m);
            w.end(app);
        });
    }

    public static EncApRepPart decodeEncApRepPart(Bytes der) throws DerException {
        return whole(der, r -> {
            DerReader app = r.application(27);
            DerReader s = app.sequence();
            app.expectEnd();
            Instant ctime = time(s, 0);
            int cusec = int32(s, 1);
            var subkey = optExplicit(s, 2, Fields::key);
            var seq = optUint32Bits(s, 3);
            s.expectEnd();
            return new EncApRepPart(ctime, cusec, subkey, seq);
        });
    }

    public static Bytes encodeEncApRepPart(EncApRepPart p) {
        return write((w, x) -> {
            int app = w.begin(Der.application(27));
            int m = w.begin(Der.SEQUENCE);
            writeTime(w, 0, p.ctime());
            writeInt(w, 1, p.cusec());
            p.subkey().ifPresent(k -> writeExplicit(w, 2, k, Fields::writeKey));
            p.seqNumber().ifPresent(n -> writeInt(w, 3, n.intValue()));
            w.end(m);
            w.end(app);
        });
    }

    // ---- KRB-ERROR (§5.9.1) ---------------------------------------------------------------------

    public static KrbError decodeKrbError(Bytes der) throws DerException {
        return whole(der, r -> {
            DerReader app = r.application(30);
            DerReader s = app.sequence();
            app.expectEnd();
            pvno(s, 0);
            msgType(s, 1, 30);
            var ctime = optTime(s, 2);
            var cusec = optInt32(s, 3);
            Instant stime = time(s, 4);
            int susec = int32(s, 5);
            ErrorCode code = ErrorCode.of(int32(s, 6));
            var crealm = optString(s, 7);
            var cname = optExplicit(s, 8, Fields::principal);
            String realm = string(s, 9);
            PrincipalName sname = explicit(s, 10, Fields::principal);
            var etext = optString(s, 11);
            var edata = optOctets(s, 12);
            s.expectEnd();
            return new KrbError(ctime, cusec, stime, susec, code, crealm, cname, realm, sname, etext, edata);
        });
    }

    public static Bytes encodeKrbError(KrbError e) {
        return write((w, x) -> {
            int app = w.begin(Der.application(30));
            int m = w.begin(Der.SEQUENCE);
            writeInt(w, 0, 5);
            writeInt(w, 1, 30);
            e.ctime().ifPresent(t -> writeTime(w, 2, t));
            e.cusec().ifPresent(u -> writeInt(w, 3, u));
            writeTime(w, 4, e.stime());
            writeInt(w, 5, e.susec());
            writeInt(w, 6, e.errorCode().value());
            e.crealm().ifPresent(c -> writeString(w, 7, c));
            e.cname().ifPresent(c -> writeExplicit(w, 8, c, Fields::writePrincipal));
            writeString(w, 9, e.realm());
            writeExplicit(w, 10, e.sname(), Fields::writePrincipal);
            e.etext().ifPresent(t -> writeString(w, 11, t));
            e.edata().ifPresent(d -> writeOctets(w, 12, d));
            w.end(m);
            w.end(app);
        });
    }

    // ---- KRB-CRED (§5.8) ------------------------------------------------------------------------

    public static KrbCred decodeKrbCred(Bytes der) throws DerException {
        return whole(der, r -> {
            DerReader app = r.application(22);
            DerReader s = app.sequence();
            app.expectEnd();
            pvno(s, 0);
            msgType(s, 1, 22);
            List<Ticket> tickets = explicitSequenceOf(s, 2, Fields::ticket);
            EncryptedData enc = explicit(s, 3, Fields::encryptedData);
            s.expectEnd();
            return new KrbCred(tickets, enc);
        });
    }

    public static Bytes encodeKrbCred(KrbCred c) {
        return write((w, x) -> {
            int app = w.begin(Der.application(22));
            int m = w.begin(Der.SEQUENCE);
            writeInt(w, 0, 5);
            writeInt(w, 1, 22);
            writeExplicitSequenceOf(w, 2, c.tickets(), Fields::writeTicket);
            writeExplicit(w, 3, c.encPart(), Fields::writeEncryptedData);
            w.end(m);
            w.end(app);
        });
    }

    public static EncKrbCredPart decodeEncKrbCredPart(Bytes der) throws DerException {
        return whole(der, r -> {
            DerReader app = r.application(29);
            DerReader s = app.sequence();
            app.expectEnd();
            List<KrbCredInfo> infos = explicitSequenceOf(s, 0, KrbCodec::credInfo);
            var nonce = optUint32Bits(s, 1);
            var timestamp = optTime(s, 2);
            var usec = optInt32(s, 3);
            var sAddr = optExplicit(s, 4, Fields::address);
            var rAddr = optExplicit(s, 5, Fields::address);
            s.expectEnd();
            return new EncKrbCredPart(infos, nonce, timestamp, usec, sAddr, rAddr);
        });
    }

    public static Bytes encodeEncKrbCredPart(EncKrbCredPart p) {
        return write((w, x) -> {
            int app = w.begin(Der.application(29));
            int m = w.begin(Der.SEQUENCE);
            writeExplicitSequenceOf(w, 0, p.ticketInfo(), KrbCodec::writeCredInfo);
            p.nonce().ifPresent(n -> writeInt(w, 1, n.intValue()));
            p.timestamp().ifPresent(t -> writeTime(w, 2, t));
            p.usec().ifPresent(u -> writeInt(w, 3, u));
            p.sAddress().ifPresent(a -> writeExplicit(w, 4, a, Fields::writeAddress));
            p.rAddress().ifPresent(a -> writeExplicit(w, 5, a, Fields::writeAddress));
            w.end(m);
            w.end(app);
        });
    }

    private static KrbCredInfo credInfo(DerReader r) throws DerException {
        DerReader s = r.sequence();
        var key = explicit(s, 0, Fields::key);
        var prealm = optString(s, 1);
        var pname = optExplicit(s, 2, Fields::principal);
        var flags = s.isNext(3) ? Optional.of(new TicketFlags(Fields.flags(s, 3))) : Optional.<TicketFlags>empty();
        var auth = optTime(s, 4);
        var start = optTime(s, 5);
        var end = optTime(s, 6);
        var renew = optTime(s, 7);
        var srealm = optString(s, 8);
        var sname = optExplicit(s, 9, Fields::principal);
        var caddr = optSequenceOf(s, 10, Fields::address);
        s.expectEnd();
        return new KrbCredInfo(key, prealm, pname, flags, auth, start, end, renew, srealm, sname, caddr);
    }

    private static void writeCredInfo(DerWriter w, KrbCredInfo i) {
        int m = w.begin(Der.SEQUENCE);
        writeExplicit(w, 0, i.key(), Fields::writeKey);
        i.prealm().ifPresent(v -> writeString(w, 1, v));
        i.pname().ifPresent(v -> writeExplicit(w, 2, v, Fields::writePrincipal));
        i.flags().ifPresent(v -> writeFlags(w, 3, v.bits()));
        i.authTime().ifPresent(v -> writeTime(w, 4, v));
        i.startTime().ifPresent(v -> writeTime(w, 5, v));
        i.endTime().ifPresent(v -> writeTime(w, 6, v));
        i.renewTill().ifPresent(v -> writeTime(w, 7, v));
        i.srealm().ifPresent(v -> writeString(w, 8, v));
        i.sname().ifPresent(v -> writeExplicit(w, 9, v, Fields::writePrincipal));
        i.addresses().ifPresent(a -> writeExplicitSequenceOf(w, 10, a, Fields::writeAddress));
        w.end(m);
    }

    // ---- AuthorizationData (§5.2.6) --------------------------------------------------------------

    /** AuthorizationData, e.g. the content of an AD-IF-RELEVANT element (§5.2.6.1). */
    public static List<AuthorizationDataEntry> decodeAuthorizationData(Bytes der) throws DerException {
        return whole(der, r -> sequenceOf(r, Fields::authData));
    }

    public static Bytes encodeAuthorizationData(List<AuthorizationDataEntry> ad) {
        return write((w, x) -> writeSequenceOf(w, ad, Fields::writeAuthData));
    }

    public static PrincipalName decodePrincipalName(Bytes der) throws DerException {
        return whole(der, Fields::principal);
    }

    public static Bytes encodePrincipalName(PrincipalName p) {
        return write((w, x) -> writePrincipal(w, p));
    }

    public static EncryptedData decodeEncryptedData(Bytes der) throws DerException {
        return whole(der, Fields::encryptedData);
    }

    public static Bytes encodeEncryptedData(EncryptedData e) {
        return write((w, x) -> writeEncryptedData(w, e));
    }

    // ---- MS-KKDCP 2.2.2 ------------------------------------------------------------------------

    public static KdcProxyMessage decodeKdcProxyMessage(Bytes der) throws DerException {
        return whole(der, r -> {
            DerReader s = r.sequence();
            Bytes msg = octets(s, 0);
            var domain = optString(s, 1);
            var hint = optInt32(s, 2);
            s.expectEnd();
            return new KdcProxyMessage(msg, domain, hint);
        });
    }

    public static Bytes encodeKdcProxyMessage(KdcProxyMessage p) {
        return write((w, x) -> {
            int m = w.begin(Der.SEQUENCE);
            writeOctets(w, 0, p.kerbMessage());
            p.targetDomain().ifPresent(d -> writeString(w, 1, d));
            p.dclocatorHint().ifPresent(h -> writeInt(w, 2, h));
            w.end(m);
        });
    }
}
