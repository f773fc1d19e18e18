// RFC 4120 §5.2.7 (PA-ENC-TIMESTAMP, ETYPE-INFO2, METHOD-DATA), MS-KILE 2.2.3 (PA-PAC-REQUEST),
// 2.2.8 (PA-SUPPORTED-ENCTYPES), 2.2.10 (PA-PAC-OPTIONS), 2.2.11/2.2.12 (KERB-KEY-LIST-REQ/REP).
package io.kerbridge.kerberos.msg;

import static io.kerbridge.kerberos.msg.Fields.*;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.Der;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.asn1.DerException.Reason;
import io.kerbridge.kerberos.asn1.DerReader;
import io.kerbridge.kerberos.asn1.DerWriter;
import io.kerbridge.kerberos.types.AuthorizationDataEntry;
import io.kerbridge.kerberos.types.AuthzDataType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** DER mapping of the padata values and e-data this project sends and reads. */
public final class PaCodec {
    private PaCodec() {}

    private static <T> T whole(Bytes der, Fields.ItemReader<T> body) throws DerException {
        DerReader r = DerReader.of(der);
        T v = body.read(r);
        r.expectEnd();
        return v;
    }

    private static Bytes write(Fields.ItemWriter<DerWriter> body) {
        DerWriter w = new DerWriter(64);
        body.write(w, w);
        return w.toBytes();
    }

    /** METHOD-DATA ::= SEQUENCE OF PA-DATA (KRB-ERROR e-data, RFC 4120 §5.9.1). */
    public static List<PaData> decodeMethodData(Bytes der) throws DerException {
        return whole(der, r -> sequenceOf(r, Fields::paData));
    }

    public static Bytes encodeMethodData(List<PaData> padata) {
        return write((w, x) -> writeSequenceOf(w, padata, Fields::writePaData));
    }

    /** PA-ENC-TS-ENC (§5.2.7.2), the plaintext of PA-ENC-TIMESTAMP. */
    public static PaEncTsEnc decodePaEncTsEnc(Bytes der) throws DerException {
        return whole(der, r -> {
            DerReader s = r.sequence();
            var ts = time(s, 0);
            var usec = optInt32(s, 1);
            s.expectEnd();
            return new PaEncTsEnc(ts, usec);
        });
    }

    public static Bytes encodePaEncTsEnc(PaEncTsEnc p) {
        return write((w, x) -> {
            int m = w.begin(Der.SEQUENCE);
            writeTime(w, 0, p.paTimestamp());
            p.paUsec().ifPresent(u -> writeInt(w, 1, u));
            w.end(m);
        });
    }

    /** ETYPE-INFO2 ::= SEQUENCE SIZE (1..MAX) OF ETYPE-INFO2-ENTRY (§5.2.7.5). */
    public static List<EtypeInfo2Entry> decodeEtypeInfo2(Bytes der) throws DerException {
        List<EtypeInfo2Entry> list = whole(der, r -> sequenceOf(r, s0 -> {
            DerReader s = s0.sequence();
            EncType etype = EncType.of(int32(s, 0));
            var salt = optString(s, 1);
            var params = optOctets(s, 2);
            s.expectEnd();
            return new EtypeInfo2Entry(etype, salt, params);
        }));
        if (list.isEmpty()) {
            throw new DerException(Reason.MISSING_FIELD, 0, "empty ETYPE-INFO2");
        }
        return list;
    }

    public static Bytes encodeEtypeInfo2(List<EtypeInfo2Entry> entries) {
        return write((w, x) -> writeSequenceOf(w, entries, (ww, e) -> {
            int m = ww.begin(Der.SEQUENCE);
            writeInt(ww, 0, e.etype().value());
            e.salt().ifPresent(s -> writeString(ww, 1, s));
            e.s2kParams().ifPresent(p -> writeOctets(ww, 2, p));
            ww.end(m);
        }));
    }

    /** KERB-PA-PAC-REQUEST ::= SEQUENCE { include-pac [0] BOOLEAN } (MS-KILE 2.2.3). */
    public static boolean decodePacRequest(Bytes der) throws DerException {
        return whole(der, r -> {
            DerReader s = r.sequence();
            DerReader f = s.explicit(0);
            boolean v = f.readBoolean();
            f.expectEnd();
            s.expectEnd();
            return v;
        });
    }

    public static Bytes encodePacRequest(boolean includePac) {
        return write((w, x) -> {
            int m = w.begin(Der.SEQUENCE);
            int f = w.begin(Der.context(0));
            w.bool(includePac);
            w.end(f);
            w.end(m);
        });
    }

    /** PA-PAC-OPTIONS ::= SEQUENCE { KerberosFlags [0] } (MS-KILE 2.2.10). */
    public static PaPacOptions decodePacOptions(Bytes der) throws DerException {
        return whole(der, r -> {
            DerReader s = r.sequence();
            int flags = Fields.flags(s, 0);
            s.expectEnd();
            return new PaPacOptions(flags);
        });
    }

    public static Bytes encodePacOptions(PaPacOptions o) {
        return write((w, x) -> {
            int m = w.begin(Der.SEQUENCE);
            writeFlags(w, 0, o.flags());
            w.end(m);
        });
    }

    /**
     * PA-SUPPORTED-ENCTYPES ::= Int32 (MS-KILE 2.2.8), a bit field of 2.2.7. Decoded from the DER
     * INTEGER the ASN.1 defines; a bare 4-byte little-endian value (as some KDCs write it) is
     * accepted too.
     */
    public static int decodeSupportedEnctypes(Bytes value) throws DerException {
        byte[] b = value.unsafeArray();
        if (b.length >= 3 && b[0] == Der.INTEGER && (b[1] & 0xFF) == b.length - 2) {
            return whole(value, DerReader::readInt32);
        }
        if (b.length == 4) {
            return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
        }
        throw new DerException(Reason.BAD_VALUE, 0, "PA-SUPPORTED-ENCTYPES of " + b.length + " bytes");
    }

    public static Bytes encodeSupportedEnctypes(int bits) {
        return write((w, x) -> w.integer(bits));
    }

    /** KERB-KEY-LIST-REQ ::= SEQUENCE OF Int32 (MS-KILE 2.2.11). */
    public static List<EncType> decodeKeyListReq(Bytes der) throws DerException {
        return whole(der, r -> sequenceOf(r, x -> EncType.of(x.readInt32())));
    }

    public static Bytes encodeKeyListReq(List<EncType> etypes) {
        return write((w, x) -> writeSequenceOf(w, etypes, (ww, e) -> ww.integer(e.value())));
    }

    /** KERB-KEY-LIST-REP ::= SEQUENCE OF EncryptionKey (MS-KILE 2.2.12). */
    public static List<EncryptionKey> decodeKeyListRep(Bytes der) throws DerException {
        return whole(der, r -> sequenceOf(r, Fields::key));
    }

    public static Bytes encodeKeyListRep(List<EncryptionKey> keys) {
        return write((w, x) -> writeSequenceOf(w, keys, Fields::writeKey));
    }

    // ---- AD-IF-RELEVANT (RFC 4120 §5.2.6.1) and the PAC inside it (MS-PAC 2.1) -----------------

    /** Wraps a PAC as Windows does: AD-IF-RELEVANT { AD-WIN2K-PAC }. */
    public static AuthorizationDataEntry wrapPac(Bytes pac) {
        Bytes inner = KrbCodec.encodeAuthorizationData(List.of(new AuthorizationDataEntry(AuthzDataType.AD_WIN2K_PAC, pac)));
        return new AuthorizationDataEntry(AuthzDataType.AD_IF_RELEVANT, inner);
    }

    /**
     * Finds the PAC bytes: exactly one AD-WIN2K-PAC inside a top-level AD-IF-RELEVANT. Empty when
     * there is none; a second PAC anywhere is refused (notes §2.3b: Heimdal rejects duplicates).
     */
    public static Optional<Bytes> findPac(List<AuthorizationDataEntry> authorizationData) throws DerException {
        List<Bytes> found = new ArrayList<>();
        for (AuthorizationDataEntry e : authorizationData) {
            if (e.type().equals(AuthzDataType.AD_IF_RELEVANT)) {
                for (AuthorizationDataEntry inner : KrbCodec.decodeAuthorizationData(e.data())) {
                    if (inner.type().equals(AuthzDataType.AD_WIN2K_PAC)) {
                        found.add(inner.data());
                    }
                }
            } else if (e.type().equals(AuthzDataType.AD_WIN2K_PAC)) {
                throw new DerException(Reason.BAD_VALUE, 0, "AD-WIN2K-PAC outside AD-IF-RELEVANT");
            }
        }
        if (found.size() > 1) {
            throw new DerException(Reason.BAD_VALUE, 0, "more than one PAC");
        }
        return found.stream().findFirst();
    }
}
