package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.Der;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.asn1.DerReader;
import io.kerbridge.kerberos.asn1.DerWriter;
import io.kerbridge.kerberos.pac.PacException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * The PAC inside a decrypted EncTicketPart (RFC 4120 §5.3, [APPLICATION 3]): authorization-data [10] →
 * AD-IF-RELEVANT (1) → AD-WIN2K-PAC (128), MS-PAC 3.1/notes §2.3b. Works on the DER bytes directly, so a
 * verifier needs no full ticket model; every other byte is copied as received.
 */
public final class TicketPac {
    static final int AD_IF_RELEVANT = 1;
    static final int AD_WIN2K_PAC = 128;
    private static final int ENC_TICKET_PART = 3;
    private static final int AUTHORIZATION_DATA = 10;
    /** AD-IF-RELEVANT containers nest; bound the recursion. */
    private static final int MAX_NESTING = 4;

    private TicketPac() {}

    /** The AD-WIN2K-PAC bytes. Refuses a ticket without one, or with more than one. */
    public static Bytes extract(Bytes encTicketPart) throws PacException {
        List<Bytes> found = new ArrayList<>();
        walk(encTicketPart, found);
        if (found.isEmpty()) {
            throw new PacException(Reason.MISSING_BUFFER, "no AD-WIN2K-PAC inside AD-IF-RELEVANT");
        }
        if (found.size() > 1) {
            throw new PacException(Reason.DUPLICATE_BUFFER, found.size() + " PACs in the ticket");
        }
        return found.get(0);
    }

    /**
     * The bytes the ticket signature covers (MS-PAC 2.8.3, Heimdal {@code _krb5_kdc_pac_ticket_parse}): the
     * EncTicketPart re-encoded with the AD-WIN2K-PAC ad-data replaced by a single zero byte.
     */
    public static Bytes signingData(Bytes encTicketPart) throws PacException {
        extract(encTicketPart); // exactly one PAC
        return walk(encTicketPart, new ArrayList<>());
    }

    /** Copies the EncTicketPart, collecting PACs and writing them as one zero byte. */
    private static Bytes walk(Bytes encTicketPart, List<Bytes> pacs) throws PacException {
        try {
            DerReader top = DerReader.of(encTicketPart);
            DerReader seq = top.application(ENC_TICKET_PART).sequence();
            top.expectEnd();
            DerWriter w = new DerWriter(encTicketPart.length() + 16);
            int app = w.begin(Der.application(ENC_TICKET_PART));
            int s = w.begin(Der.SEQUENCE);
            while (seq.hasMore()) {
                if (seq.isNext(AUTHORIZATION_DATA)) {
                    DerReader field = seq.explicit(AUTHORIZATION_DATA);
                    int f = w.begin(Der.context(AUTHORIZATION_DATA));
                    w.raw(authorizationData(field.sequence(), 0, pacs));
                    field.expectEnd();
                    w.end(f);
                } else {
                    w.raw(seq.readAny());
                }
            }
            w.end(s);
            w.end(app);
            return w.toBytes();
        } catch (DerException e) {
            throw new PacException(Reason.BAD_VALUE, "EncTicketPart: " + e.getMessage(), e);
        }
    }

    /** AuthorizationData ::= SEQUENCE OF SEQUENCE { ad-type [0] Int32, ad-data [1] OCTET STRING }. */
    private static Bytes authorizationData(DerReader entries, int depth, List<Bytes> pacs)
            throws DerException, PacException {
        DerWriter w = new DerWriter();
        int s = w.begin(Der.SEQUENCE);
        while (entries.hasMore()) {
            Bytes raw = entries.readAny();
            DerReader entry = DerReader.of(raw).sequence();
            int type = entry.explicit(0).readInt32();
            Bytes data = entry.explicit(1).readOctetString();
            entry.expectEnd();
            Bytes replaced;
            if (type == AD_IF_RELEVANT) {
                if (depth >= MAX_NESTING) {
                    throw new PacException(Reason.BAD_VALUE, "AD-IF-RELEVANT nested deeper than " + MAX_NESTING);
                }
                DerReader inner = DerReader.of(data);
                replaced = authorizationData(inner.sequence(), depth + 1, pacs);
                inner.expectEnd();
            } else if (type == AD_WIN2K_PAC && depth > 0) {
                pacs.add(data);
                replaced = Bytes.of((byte) 0);
            } else {
                w.raw(raw);
                continue;
            }
            int e = w.begin(Der.SEQUENCE);
            int t = w.begin(Der.context(0));
            w.integer(type);
            w.end(t);
            int d = w.begin(Der.context(1));
            w.octetString(replaced);
            w.end(d);
            w.end(e);
        }
        w.end(s);
        return w.toBytes();
    }
}
