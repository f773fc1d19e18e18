// RFC 4120 §5.7.1 (KRB-PRIV, EncKrbPrivPart); used by RFC 3244 (kpasswd).
package io.kerbridge.kerberos.msg;

import static io.kerbridge.kerberos.msg.Fields.*;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.Der;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.asn1.DerReader;
import io.kerbridge.kerberos.asn1.DerWriter;

/**
 * DER codec of KRB-PRIV [APPLICATION 21] and EncKrbPrivPart [APPLICATION 28] (RFC 4120 §5.7.1).
 * Same contract as {@link KrbCodec}: a decoder reads one complete value, refuses trailing bytes
 * and reports every failure as a {@link DerException}; encoders write the seq-number and usec as
 * signed 32-bit INTEGERs, the form MIT krb5 writes and reads.
 */
public final class PrivCodec {
    /** msg-type of KRB-PRIV (RFC 4120 §5.10). */
    public static final int KRB_PRIV = 21;
    /** APPLICATION tag number of EncKrbPrivPart. */
    public static final int ENC_KRB_PRIV_PART = 28;

    private PrivCodec() {}

    public static KrbPriv decodeKrbPriv(Bytes der) throws DerException {
        DerReader r = DerReader.of(der);
        DerReader app = r.application(KRB_PRIV);
        DerReader s = app.sequence();
        app.expectEnd();
        pvno(s, 0);
        msgType(s, 1, KRB_PRIV);
        EncryptedData enc = explicit(s, 3, Fields::encryptedData);
        s.expectEnd();
        r.expectEnd();
        return new KrbPriv(enc);
    }

    public static Bytes encodeKrbPriv(KrbPriv p) {
        DerWriter w = new DerWriter();
        int app = w.begin(Der.application(KRB_PRIV));
        int m = w.begin(Der.SEQUENCE);
        writeInt(w, 0, 5);
        writeInt(w, 1, KRB_PRIV);
        writeExplicit(w, 3, p.encPart(), Fields::writeEncryptedData);
        w.end(m);
        w.end(app);
        return w.toBytes();
    }

    public static EncKrbPrivPart decodeEncKrbPrivPart(Bytes der) throws DerException {
        DerReader r = DerReader.of(der);
        DerReader app = r.application(ENC_KRB_PRIV_PART);
        DerReader s = app.sequence();
        app.expectEnd();
        Bytes userData = octets(s, 0);
        var timestamp = optTime(s, 1);
        var usec = optInt32(s, 2);
        var seq = optUint32Bits(s, 3);
        var sAddr = optExplicit(s, 4, Fields::address);
        var rAddr = optExplicit(s, 5, Fields::address);
        s.expectEnd();
        r.expectEnd();
        return new EncKrbPrivPart(userData, timestamp, usec, seq, sAddr, rAddr);
    }

    public static Bytes encodeEncKrbPrivPart(EncKrbPrivPart p) {
        DerWriter w = new DerWriter();
        int app = w.begin(Der.application(ENC_KRB_PRIV_PART));
        int m = w.begin(Der.SEQUENCE);
        writeOctets(w, 0, p.userData());
        p.timestamp().ifPresent(t -> writeTime(w, 1, t));
        p.usec().ifPresent(u -> writeInt(w, 2, u));
        p.seqNumber().ifPresent(n -> writeInt(w, 3, n.intValue()));
        p.sAddress().ifPresent(a -> writeExplicit(w, 4, a, Fields::writeAddress));
        p.rAddress().ifPresent(a -> writeExplicit(w, 5, a, Fields::writeAddress));
        w.end(m);
        w.end(app);
        return w.toBytes();
    }
}
