package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.Der;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.asn1.DerException.Reason;
import io.kerbridge.kerberos.asn1.DerReader;
import io.kerbridge.kerberos.asn1.DerWriter;
import io.kerbridge.kerberos.types.AddressType;
import io.kerbridge.kerberos.types.AuthorizationDataEntry;
import io.kerbridge.kerberos.types.AuthzDataType;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.HostAddress;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PaDataType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DER mapping of the RFC 4120 §5.2 building blocks shared by every message: explicit [n] field
 * helpers, PrincipalName, EncryptedData, EncryptionKey, Checksum, HostAddress(es), PA-DATA,
 * AuthorizationData and Ticket. Package-private: callers use {@link KrbCodec}.
 */
final class Fields {
    private Fields() {}

    /** Upper bound on any SEQUENCE OF we accept (name components, etypes, padata…). */
    static final int MAX_ITEMS = 1024;

    // ---- explicit-tag helpers -------------------------------------------------------------

    static int int32(DerReader r, int tag) throws DerException {
        DerReader f = r.explicit(tag);
        int v = f.readInt32();
        f.expectEnd();
        return v;
    }

    static int uint32Bits(DerReader r, int tag) throws DerException {
        DerReader f = r.explicit(tag);
        int v = f.readUInt32Bits();
        f.expectEnd();
        return v;
    }

    static Optional<Integer> optUint32Bits(DerReader r, int tag) throws DerException {
        return r.isNext(tag) ? Optional.of(uint32Bits(r, tag)) : Optional.empty();
    }

    static Optional<Integer> optInt32(DerReader r, int tag) throws DerException {
        return r.isNext(tag) ? Optional.of(int32(r, tag)) : Optional.empty();
    }

    static String string(DerReader r, int tag) throws DerException {
        DerReader f = r.explicit(tag);
        String v = f.readKerberosString();
        f.expectEnd();
        return v;
    }

    static Optional<String> optString(DerReader r, int tag) throws DerException {
        return r.isNext(tag) ? Optional.of(string(r, tag)) : Optional.empty();
    }

    static Instant time(DerReader r, int tag) throws DerException {
        DerReader f = r.explicit(tag);
        Instant v = f.readKerberosTime();
        f.expectEnd();
        return v;
    }

    static Optional<Instant> optTime(DerReader r, int tag) throws DerException {
        return r.isNext(tag) ? Optional.of(time(r, tag)) : Optional.empty();
    }

    static Bytes octets(DerReader r, int tag) throws DerException {
        DerReader f = r.explicit(tag);
        Bytes v = f.readOctetString();
        f.expectEnd();
        return v;
    }

    static Optional<Bytes> optOctets(DerReader r, int tag) throws DerException {
        return r.isNext(tag) ? Optional.of(octets(r, tag)) : Optional.empty();
    }

    static int flags(DerReader r, int tag) throws DerException {
        DerReader f = r.explicit(tag);
        int v = f.readFlags();
        f.expectEnd();
        return v;
    }

    static void pvno(DerReader r, int tag) throws DerException {
        int at = r.position();
        int v = int32(r, tag);
        if (v != 5) {
            throw new DerException(Reason.BAD_VALUE, at, "protocol version " + v + ", expected 5");
        }
    }

    static void msgType(DerReader r, int tag, int expected) throws DerException {
        int at = r.position();
        int v = int32(r, tag);
        if (v != expected) {
            throw new DerException(Reason.BAD_VALUE, at, "msg-type " + v + ", expected " + expected);
        }
    }

    static void writeInt(DerWriter w, int tag, long v) {
        int m = w.begin(Der.context(tag));
        w.integer(v);
        w.end(m);
    }

    static void writeString(DerWriter w, int tag, String s) {
        int m = w.begin(Der.context(tag));
        w.generalString(s);
        w.end(m);
    }

    static void writeTime(DerWriter w, int tag, Instant t) {
        int m = w.begin(Der.context(tag));
        w.kerberosTime(t);
        w.end(m);
    }

    static void writeOctets(DerWriter w, int tag, Bytes b) {
        int m = w.begin(Der.context(tag));
        w.octetString(b);
        w.end(m);
    }

    static void writeFlags(DerWriter w, int tag, int bits) {
        int m = w.begin(Der.context(tag));
        w.flags(bits);
        w.end(m);
    }

    // ---- sequences of ---------------------------------------------------------------------

    interface ItemReader<T> {
        T read(DerReader r) throws DerException;
    }

    interface ItemWriter<T> {
        void write(DerWriter w, T item);
    }

    static <T> List<T> sequenceOf(DerReader r, ItemReader<T> item) throws DerException {
        DerReader s = r.sequence();
        List<T> out = new ArrayList<>();
        while (s.hasMore()) {
            if (out.size() == MAX_ITEMS) {
                throw new DerException(Reason.TOO_LARGE, s.position(), "more than " + MAX_ITEMS + " items");
            }
            out.add(item.read(s));
        }
        return out;
    }

    static <T> List<T> explicitSequenceOf(DerReader r, int tag, ItemReader<T> item) throws DerException {
        DerReader f = r.explicit(tag);
        List<T> v = sequenceOf(f, item);
        f.expectEnd();
        return v;
    }

    static <T> Optional<List<T>> optSequenceOf(DerReader r, int tag, ItemReader<T> item) throws DerException {
        return r.isNext(tag) ? Optional.of(explicitSequenceOf(r, tag, item)) : Optional.empty();
    }

    static <T> void writeSequenceOf(DerWriter w, List<T> items, ItemWriter<T> item) {
        int m = w.begin(Der.SEQUENCE);
        for (T t : items) {
            item.write(w, t);
        }
        w.end(m);
    }

    static <T> void writeExplicitSequenceOf(DerWriter w, int tag, List<T> items, ItemWriter<T> item) {
        int m = w.begin(Der.context(tag));
        writeSequenceOf(w, items, item);
        w.end(m);
    }

    /** Reads the explicit field [tag] with a nested decoder that must consume all of it. */
    static <T> T explicit(DerReader r, int tag, ItemReader<T> item) throws DerException {
        DerReader f = r.explicit(tag);
        T v = item.read(f);
        f.expectEnd();
        return v;
    }

    static <T> Optional<T> optExplicit(DerReader r, int tag, ItemReader<T> item) throws DerException {
        return r.isNext(tag) ? Optional.of(explicit(r, tag, item)) : Optional.empty();
    }

    static <T> void writeExplicit(DerWriter w, int tag, T value, ItemWriter<T> item) {
        int m = w.begin(Der.context(tag));
        item.write(w, value);
        w.end(m);
    }

    // ---- RFC 4120 §5.2 types -------------------------------------------------------------

    static PrincipalName principal(DerReader r) throws DerException {
        DerReader s = r.sequence();
        NameType type = NameType.of(int32(s, 0));
        List<String> parts = explicitSequenceOf(s, 1, DerReader::readKerberosString);
        s.expectEnd();
        return new PrincipalName(type, parts);
    }

    static void writePrincipal(DerWriter w, PrincipalName p) {
        int m = w.begin(Der.SEQUENCE);
        writeInt(w, 0, p.type().value());
        writeExplicitSequenceOf(w, 1, p.components(), DerWriter::generalString);
        w.end(m);
    }

    static EncryptedData encryptedData(DerReader r) throws DerException {
        DerReader s = r.sequence();
        EncType etype = EncType.of(int32(s, 0));
        Optional<Integer> kvno = optUint32Bits(s, 1);
        Bytes cipher = octets(s, 2);
        s.expectEnd();
        return new EncryptedData(etype, kvno, cipher);
    }

    /** kvno as a signed 32-bit INTEGER (MS-KILE 3.1.5.8; protocol-notes §2.8). */
    static void writeEncryptedData(DerWriter w, EncryptedData e) {
        int m = w.begin(Der.SEQUENCE);
        writeInt(w, 0, e.etype().value());
        e.kvno().ifPresent(k -> writeInt(w, 1, k.intValue()));
        writeOctets(w, 2, e.cipher());
        w.end(m);
    }

    static EncryptionKey key(DerReader r) throws DerException {
        DerReader s = r.sequence();
        EncType type = EncType.of(int32(s, 0));
        Bytes value = octets(s, 1);
        s.expectEnd();
        return new EncryptionKey(type, value);
    }

    static void writeKey(DerWriter w, EncryptionKey k) {
        int m = w.begin(Der.SEQUENCE);
        writeInt(w, 0, k.type().value());
        int f = w.begin(Der.context(1));
        w.primitive(Der.OCTET_STRING, k.unsafeBytes());
        w.end(f);
        w.end(m);
    }

    static Checksum checksum(DerReader r) throws DerException {
        DerReader s = r.sequence();
        ChecksumType type = ChecksumType.of(int32(s, 0));
        Bytes value = octets(s, 1);
        s.expectEnd();
        return new Checksum(type, value);
    }

    static void writeChecksum(DerWriter w, Checksum c) {
        int m = w.begin(Der.SEQUENCE);
        writeInt(w, 0, c.type().value());
        writeOctets(w, 1, c.value());
        w.end(m);
    }

    static HostAddress address(DerReader r) throws DerException {
        DerReader s = r.sequence();
        AddressType type = AddressType.of(int32(s, 0));
        Bytes addr = octets(s, 1);
        s.expectEnd();
        return new HostAddress(type, addr);
    }

    static void writeAddress(DerWriter w, HostAddress a) {
        int m = w.begin(Der.SEQUENCE);
        writeInt(w, 0, a.type().value());
        writeOctets(w, 1, a.address());
        w.end(m);
    }

    static PaData paData(DerReader r) throws DerException {
        DerReader s = r.sequence();
        PaDataType type = PaDataType.of(int32(s, 1));
        Bytes value = octets(s, 2);
        s.expectEnd();
        return new PaData(type, value);
    }

    static void writePaData(DerWriter w, PaData p) {
        int m = w.begin(Der.SEQUENCE);
        writeInt(w, 1, p.type().value());
        writeOctets(w, 2, p.value());
        w.end(m);
    }

    static AuthorizationDataEntry authData(DerReader r) throws DerException {
        DerReader s = r.sequence();
        AuthzDataType type = AuthzDataType.of(int32(s, 0));
        Bytes data = octets(s, 1);
        s.expectEnd();
        return new AuthorizationDataEntry(type, data);
    }

    static void writeAuthData(DerWriter w, AuthorizationDataEntry a) {
        int m = w.begin(Der.SEQUENCE);
        writeInt(w, 0, a.type().value());
        writeOctets(w, 1, a.data());
        w.end(m);
    }

    static Ticket ticket(DerReader r) throws DerException {
        DerReader app = r.application(1);
        DerReader s = app.sequence();
        app.expectEnd();
        int at = s.position();
        int vno = int32(s, 0);
        if (vno != 5) {
            throw new DerException(Reason.BAD_VALUE, at, "tkt-vno " + vno);
        }
        String realm = string(s, 1);
        PrincipalName sname = explicit(s, 2, Fields::principal);
        EncryptedData enc = explicit(s, 3, Fields::encryptedData);
        s.expectEnd();
        return new Ticket(realm, sname, enc);
    }

    static void writeTicket(DerWriter w, Ticket t) {
        int app = w.begin(Der.application(1));
        int m = w.begin(Der.SEQUENCE);
        writeInt(w, 0, 5);
        writeString(w, 1, t.realm());
        writeExplicit(w, 2, t.sname(), Fields::writePrincipal);
        writeExplicit(w, 3, t.encPart(), Fields::writeEncryptedData);
        w.end(m);
        w.end(app);
    }
}
