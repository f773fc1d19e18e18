package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.asn1.DerException.Reason;
import io.kerbridge.kerberos.asn1.DerReader;

/** Primitive DER elements the Kerberos reader has no method for (OID, ENUMERATED). */
final class Tlv {
    static final int OID = 0x06;
    static final int ENUMERATED = 0x0A;

    private Tlv() {}

    /** Reads one primitive element of {@code tag} and returns its content octets. */
    static Bytes content(DerReader r, int tag) throws DerException {
        int at = r.position();
        if (r.peekTag() != tag) {
            throw new DerException(r.peekTag() < 0 ? Reason.TRUNCATED : Reason.WRONG_TAG, at,
                    "expected tag 0x" + Integer.toHexString(tag));
        }
        Bytes tlv = r.readAny(); // bounds and length form checked there
        int first = tlv.get(1) & 0xFF;
        int header = first < 0x80 ? 2 : 2 + (first & 0x7F);
        return tlv.slice(header, tlv.length());
    }

    static Oid oid(DerReader r) throws DerException {
        int at = r.position();
        Bytes c = content(r, OID);
        if (c.isEmpty() || (c.get(c.length() - 1) & 0x80) != 0) {
            throw new DerException(Reason.BAD_VALUE, at, "malformed OBJECT IDENTIFIER");
        }
        return new Oid(c);
    }
}
