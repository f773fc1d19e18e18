// RFC 2743 §3.1 (mechanism-independent token format), RFC 4121 §4.1 (Kerberos V5 context tokens).
package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.Der;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.asn1.DerReader;
import io.kerbridge.kerberos.asn1.DerWriter;
import io.kerbridge.kerberos.gss.AcceptException.Reason;
import io.kerbridge.kerberos.msg.ApRep;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.KrbCodec;

/**
 * The InitialContextToken framing and the Kerberos V5 context tokens inside it:
 *
 * <pre>
 *   InitialContextToken ::= [APPLICATION 0] IMPLICIT SEQUENCE { thisMech MechType, innerContextToken ANY }
 *   krb5 innerContextToken = TOK_ID (2 octets) || message:  01 00 AP-REQ, 02 00 AP-REP, 03 00 KRB-ERROR
 * </pre>
 *
 * RFC 4121 §4.1 frames the AP-REP (and KRB-ERROR) the same way. Lengths are bounded by the enclosing DER.
 */
public final class GssTokens {
    static final int APPLICATION_0 = Der.application(0);
    public static final int TOK_AP_REQ = 0x0100, TOK_AP_REP = 0x0200, TOK_KRB_ERROR = 0x0300;

    private GssTokens() {}

    /** A framed token: the mechanism OID and the mechanism's inner token. */
    public record Framed(Oid mech, Bytes inner) {}

    /** A Kerberos V5 initial context token: the OID it was framed with (KRB5 or MS_KRB5) and its AP-REQ. */
    public record Krb5ApReq(Oid mech, ApReq apReq) {}

    public static Framed unframe(Bytes token) throws AcceptException {
        try {
            DerReader top = DerReader.of(token);
            DerReader app = top.constructed(APPLICATION_0);
            top.expectEnd();
            Oid mech = Tlv.oid(app);
            return new Framed(mech, top.raw(app.position(), top.position()));
        } catch (DerException e) {
            throw new AcceptException(Reason.MALFORMED, "InitialContextToken: " + e.getMessage());
        }
    }

    public static Bytes frame(Oid mech, Bytes inner) {
        DerWriter w = new DerWriter(inner.length() + 32);
        int m = w.begin(APPLICATION_0);
        w.primitive(Tlv.OID, mech.der().unsafeArray());
        w.raw(inner);
        w.end(m);
        return w.toBytes();
    }

    /** Parses a framed Kerberos token carrying an AP-REQ. */
    public static Krb5ApReq decodeKrb5ApReq(Bytes token) throws AcceptException {
        Framed f = unframe(token);
        if (!f.mech().isKerberos()) {
            throw new AcceptException(Reason.BAD_MECH, "token for mechanism " + f.mech());
        }
        return new Krb5ApReq(f.mech(), decodeApReq(inner(f.inner(), TOK_AP_REQ)));
    }

    /** The framed AP-REP token of the Kerberos mechanism under {@code mech}. */
    public static Bytes encodeKrb5ApRep(Oid mech, Bytes apRepDer) {
        return frame(mech, Bytes.of((byte) (TOK_AP_REP >>> 8), (byte) TOK_AP_REP).concat(apRepDer));
    }

    /** Parses a framed AP-REP token (what an initiator does with the reply; for tests and tools). */
    public static ApRep decodeKrb5ApRep(Bytes token) throws AcceptException {
        Framed f = unframe(token);
        if (!f.mech().isKerberos()) {
            throw new AcceptException(Reason.BAD_MECH, "token for mechanism " + f.mech());
        }
        try {
            return KrbCodec.decodeApRep(inner(f.inner(), TOK_AP_REP));
        } catch (DerException e) {
            throw new AcceptException(Reason.MALFORMED, "AP-REP: " + e.getMessage());
        }
    }

    public static Bytes encodeKrb5ApReq(Oid mech, Bytes apReqDer) {
        return frame(mech, Bytes.of((byte) (TOK_AP_REQ >>> 8), (byte) TOK_AP_REQ).concat(apReqDer));
    }

    private static Bytes inner(Bytes inner, int wantTokId) throws AcceptException {
        if (inner.length() < 2) {
            throw new AcceptException(Reason.MALFORMED, "krb5 token without TOK_ID");
        }
        int tokId = (inner.get(0) & 0xFF) << 8 | (inner.get(1) & 0xFF);
        if (tokId != wantTokId) {
            throw new AcceptException(Reason.MALFORMED, String.format("TOK_ID %04x, expected %04x", tokId, wantTokId));
        }
        return inner.slice(2, inner.length());
    }

    private static ApReq decodeApReq(Bytes der) throws AcceptException {
        try {
            return KrbCodec.decodeApReq(der);
        } catch (DerException e) {
            throw new AcceptException(Reason.MALFORMED, "AP-REQ: " + e.getMessage());
        }
    }
}
