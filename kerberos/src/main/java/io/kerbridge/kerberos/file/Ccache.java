package io.kerbridge.kerberos.file;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.file.KerberosFileException.Reason;
import io.kerbridge.kerberos.types.AddressType;
import io.kerbridge.kerberos.types.AuthorizationDataEntry;
import io.kerbridge.kerberos.types.AuthzDataType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.HostAddress;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An MIT FILE credential cache (format version 4, big-endian; version 3 is read and written back as
 * version 3). Immutable: the {@code with...} methods return a new cache. Records keep their file order,
 * and a cache read from a file encodes to the same bytes.
 *
 * <p>Format facts (MIT's "Credential cache file format"): {@code 05 04}, a header of tagged fields
 * (tag 1 = KDC time offset), the default principal, then credentials until the end of the file.
 * Configuration entries are credentials in the {@code X-CACHECONF:} realm; see {@link ConfigEntry}.
 */
public final class Ccache {
    public static final int VERSION_3 = 0x0503;
    public static final int VERSION_4 = 0x0504;
    public static final int TAG_KDC_TIME_OFFSET = 1;

    /** Decoder limits. */
    public static final long MAX_FILE_SIZE = 64L << 20;
    public static final int MAX_COMPONENTS = 64;
    public static final int MAX_STRING = 4096;
    public static final int MAX_KEY = 1024;
    public static final int MAX_DATA = 16 << 20;
    public static final int MAX_LIST = 4096;
    public static final int MAX_HEADER_FIELDS = 64;

    /** A raw v4 header field, kept so that unknown tags survive a round trip. */
    public record HeaderField(int tag, Bytes value) {
        public HeaderField {
            Objects.requireNonNull(value, "value");
        }
    }

    private final int version;
    private final List<HeaderField> header;
    private final PrincipalName defaultPrincipal;
    private final String realm;
    private final List<CcacheEntry> entries;

    /**
     * A version 4 cache: the configuration entries first, then the credentials (the order MIT kinit
     * uses); the header carries the KDC time offset (zero when empty, as MIT writes it).
     */
    public Ccache(PrincipalName defaultPrincipal, String realm, List<Credential> credentials,
            List<ConfigEntry> config, Optional<KdcTimeOffset> kdcTimeOffset) {
        this(VERSION_4, List.of(offsetField(kdcTimeOffset.orElse(KdcTimeOffset.ZERO))), defaultPrincipal, realm,
                concat(config, credentials));
    }

    private Ccache(int version, List<HeaderField> header, PrincipalName defaultPrincipal, String realm,
            List<CcacheEntry> entries) {
        this.version = version;
        this.header = List.copyOf(header);
        this.defaultPrincipal = Objects.requireNonNull(defaultPrincipal, "defaultPrincipal");
        this.realm = Objects.requireNonNull(realm, "realm");
        this.entries = List.copyOf(entries);
    }

    private static List<CcacheEntry> concat(List<ConfigEntry> config, List<Credential> credentials) {
        List<CcacheEntry> all = new ArrayList<>(config);
        all.addAll(credentials);
        return all;
    }

    private static HeaderField offsetField(KdcTimeOffset o) {
        return new HeaderField(TAG_KDC_TIME_OFFSET,
                Bytes.wrap(new Output().i32(o.seconds()).i32(o.microseconds()).toByteArray()));
    }

    // ---- accessors ----------------------------------------------------------------------------------

    public int version() {
        return version;
    }

    public PrincipalName defaultPrincipal() {
        return defaultPrincipal;
    }

    public String realm() {
        return realm;
    }

    public List<HeaderField> headerFields() {
        return header;
    }

    /** All records in file order. */
    public List<CcacheEntry> entries() {
        return entries;
    }

    /** The credentials (not the configuration entries), in file order. */
    public List<Credential> credentials() {
        return entries.stream().filter(e -> e instanceof Credential).map(e -> (Credential) e).toList();
    }

    public List<ConfigEntry> configEntries() {
        return entries.stream().filter(e -> e instanceof ConfigEntry).map(e -> (ConfigEntry) e).toList();
    }

    /** The KDC time offset header field, when there is one (MIT writes it even when zero). */
    public Optional<KdcTimeOffset> kdcTimeOffset() {
        for (HeaderField f : header) {
            if (f.tag() == TAG_KDC_TIME_OFFSET && f.value().length() == 8) {
                byte[] b = f.value().unsafeArray();
                return Optional.of(new KdcTimeOffset(int32(b, 0), int32(b, 4)));
            }
        }
        return Optional.empty();
    }

    /** The first credential for {@code server@serverRealm}. */
    public Optional<Credential> find(PrincipalName server, String serverRealm) {
        return credentials().stream()
                .filter(c -> c.server().components().equals(server.components()) && c.serverRealm().equals(serverRealm))
                .findFirst();
    }

    /** The TGT for {@code krbtgt/realm@realm} of the default principal's realm. */
    public Optional<Credential> initialTgt() {
        return find(PrincipalName.krbtgt(realm), realm);
    }

    public Optional<ConfigEntry> config(String key, String principal) {
        return configEntries().stream()
                .filter(e -> e.key().equals(key) && Objects.equals(e.principal(), principal))
                .findFirst();
    }

    // ---- changes ------------------------------------------------------------------------------------

    /** Replaces the credential with the same client and server (in place), or appends it. */
    public Ccache withCredential(Credential c) {
        List<CcacheEntry> next = new ArrayList<>(entries);
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i) instanceof Credential old && old.sameNames(c)) {
                next.set(i, c);
                return new Ccache(version, header, defaultPrincipal, realm, next);
            }
        }
        next.add(c);
        return new Ccache(version, header, defaultPrincipal, realm, next);
    }

    /** Replaces the configuration entry with the same key and principal (in place), or appends it. */
    public Ccache withConfig(ConfigEntry e) {
        List<CcacheEntry> next = new ArrayList<>(entries);
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i) instanceof ConfigEntry old && old.key().equals(e.key())
                    && Objects.equals(old.principal(), e.principal())) {
                next.set(i, e);
                return new Ccache(version, header, defaultPrincipal, realm, next);
            }
        }
        next.add(e);
        return new Ccache(version, header, defaultPrincipal, realm, next);
    }

    /** Sets the KDC time offset (makes the cache version 4). */
    public Ccache withKdcTimeOffset(KdcTimeOffset offset) {
        List<HeaderField> h = new ArrayList<>(header.stream().filter(f -> f.tag() != TAG_KDC_TIME_OFFSET).toList());
        h.add(0, offsetField(offset));
        return new Ccache(VERSION_4, h, defaultPrincipal, realm, entries);
    }

    // ---- decoding -----------------------------------------------------------------------------------

    public static Ccache read(Path file) throws IOException {
        return decode(AtomicFiles.read(file, MAX_FILE_SIZE));
    }

    public static Ccache decode(Bytes data) throws KerberosFileException {
        return decode(data.unsafeArray());
    }

    /** Decodes a whole file; throws {@link KerberosFileException} for anything it cannot read exactly. */
    public static Ccache decode(byte[] data) throws KerberosFileException {
        if (data.length > MAX_FILE_SIZE) {
            throw new KerberosFileException(Reason.TOO_LARGE, "ccache of " + data.length + " bytes");
        }
        Input in = new Input(data);
        int version = in.u16("version");
        if (version != VERSION_4 && version != VERSION_3) {
            throw new KerberosFileException(Reason.UNSUPPORTED_VERSION,
                    String.format("ccache version 0x%04x (only 0x0503 and 0x0504 are read)", version));
        }
        List<HeaderField> header = new ArrayList<>();
        if (version == VERSION_4) {
            int len = in.u16("header length");
            Input h = in.sub(len, "header");
            while (!h.atEnd()) {
                if (header.size() >= MAX_HEADER_FIELDS) {
                    throw new KerberosFileException(Reason.TOO_LARGE, "more than " + MAX_HEADER_FIELDS + " header fields");
                }
                int tag = h.u16("header tag");
                int flen = h.u16("header field length");
                Bytes value = h.data(flen, 0xFFFF, "header field");
                if (tag == TAG_KDC_TIME_OFFSET && flen != 8) {
                    throw new KerberosFileException(Reason.MALFORMED, "KDC time offset field of " + flen + " bytes");
                }
                header.add(new HeaderField(tag, value));
            }
        }
        Principal def = principal(in, "default principal");
        List<CcacheEntry> entries = new ArrayList<>();
        while (!in.atEnd()) {
            Credential c = credential(in, version);
            entries.add(ConfigEntry.fromCredential(c, def.name, def.realm).<CcacheEntry>map(e -> e).orElse(c));
        }
        return new Ccache(version, header, def.name, def.realm, entries);
    }

    private record Principal(PrincipalName name, String realm) {}

    private static Principal principal(Input in, String what) throws KerberosFileException {
        NameType type = NameType.of(in.i32(what + " name type"));
        int n = in.count(in.u32(what + " component count"), 4, MAX_COMPONENTS, what + " components");
        String realm = in.utf8(in.u32(what + " realm length"), MAX_STRING, what + " realm");
        List<String> comps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            comps.add(in.utf8(in.u32(what + " component length"), MAX_STRING, what + " component"));
        }
        return new Principal(new PrincipalName(type, comps), realm);
    }

    private static Instant time(Input in, String what) throws KerberosFileException {
        return Instant.ofEpochSecond(in.u32(what));
    }

    private static Instant optionalTime(Input in, String what) throws KerberosFileException {
        long v = in.u32(what);
        return v == 0 ? null : Instant.ofEpochSecond(v);
    }

    private static Credential credential(Input in, int version) throws KerberosFileException {
        Principal client = principal(in, "client");
        Principal server = principal(in, "server");
        EncType etype = EncType.of((short) in.u16("key enctype"));
        if (version == VERSION_3) {
            int again = (short) in.u16("key enctype (repeated)");
            if (again != etype.value()) {
                throw new KerberosFileException(Reason.MALFORMED, "v3 keyblock enctypes differ");
            }
        }
        byte[] keyBytes = in.bytes(in.u32("key length"), MAX_KEY, "key");
        EncryptionKey key = new EncryptionKey(etype, keyBytes);
        java.util.Arrays.fill(keyBytes, (byte) 0);
        Instant authTime = time(in, "authtime");
        Instant startTime = optionalTime(in, "starttime");
        Instant endTime = time(in, "endtime");
        Instant renewTill = optionalTime(in, "renew_till");
        int skey = in.u8("is_skey");
        if (skey > 1) {
            throw new KerberosFileException(Reason.MALFORMED, "is_skey " + skey);
        }
        TicketFlags flags = new TicketFlags(in.i32("ticket flags"));
        int na = in.count(in.u32("address count"), 6, MAX_LIST, "addresses");
        List<HostAddress> addrs = new ArrayList<>(na);
        for (int i = 0; i < na; i++) {
            AddressType t = AddressType.of((short) in.u16("address type"));
            addrs.add(new HostAddress(t, in.data(in.u32("address length"), MAX_STRING, "address")));
        }
        int nd = in.count(in.u32("authdata count"), 6, MAX_LIST, "authdata");
        List<AuthorizationDataEntry> ad = new ArrayList<>(nd);
        for (int i = 0; i < nd; i++) {
            AuthzDataType t = AuthzDataType.of((short) in.u16("authdata type"));
            ad.add(new AuthorizationDataEntry(t, in.data(in.u32("authdata length"), MAX_DATA, "authdata")));
        }
        Bytes ticket = in.data(in.u32("ticket length"), MAX_DATA, "ticket");
        Bytes second = in.data(in.u32("second ticket length"), MAX_DATA, "second ticket");
        return new Credential(client.name, client.realm, server.name, server.realm, key, authTime, startTime,
                endTime, renewTill, skey == 1, flags, addrs, ad, ticket, second);
    }

    // ---- encoding -----------------------------------------------------------------------------------

    /** Writes atomically (temp file in the same directory, fsync, rename) with mode 0600. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, encode());
    }

    public byte[] encode() throws KerberosFileException {
        Output out = new Output();
        out.u16(version);
        if (version == VERSION_4) {
            Output h = new Output();
            for (HeaderField f : header) {
                h.u16(Output.checkU16(f.tag(), "header tag")).u16(Output.checkU16(f.value().length(), "header field length"))
                        .raw(f.value());
            }
            out.u16(Output.checkU16(h.size(), "header length")).raw(h.toByteArray());
        }
        principal(out, defaultPrincipal, realm);
        for (CcacheEntry e : entries) {
            Credential c = switch (e) {
                case Credential cred -> cred;
                case ConfigEntry conf -> conf.toCredential(defaultPrincipal, realm);
            };
            credential(out, c);
        }
        return out.toByteArray();
    }

    private static void data(Output out, byte[] b) {
        out.i32(b.length).raw(b);
    }

    private static void principal(Output out, PrincipalName name, String realm) {
        out.i32(name.type().value()).i32(name.components().size());
        data(out, Output.utf8(realm));
        for (String c : name.components()) {
            data(out, Output.utf8(c));
        }
    }

    private static void time(Output out, Instant t, String what) throws KerberosFileException {
        long s = t == null ? 0 : t.getEpochSecond();
        if (s < 0 || s > 0xFFFF_FFFFL) {
            throw new KerberosFileException(Reason.NOT_ENCODABLE, what + " " + t + " is outside 1970..2106");
        }
        out.i32((int) s);
    }

    private void credential(Output out, Credential c) throws KerberosFileException {
        principal(out, c.client(), c.clientRealm());
        principal(out, c.server(), c.serverRealm());
        int etype = Output.check16(c.key().type().value(), "key enctype");
        out.u16(etype);
        if (version == VERSION_3) {
            out.u16(etype);
        }
        data(out, c.key().unsafeBytes());
        time(out, c.authTime(), "authtime");
        time(out, c.startTime(), "starttime");
        time(out, c.endTime(), "endtime");
        time(out, c.renewTill(), "renew_till");
        out.u8(c.isSkey() ? 1 : 0);
        out.i32(c.flags().bits());
        out.i32(c.addresses().size());
        for (HostAddress a : c.addresses()) {
            out.u16(Output.check16(a.type().value(), "address type"));
            data(out, a.address().unsafeArray());
        }
        out.i32(c.authData().size());
        for (AuthorizationDataEntry a : c.authData()) {
            out.u16(Output.check16(a.type().value(), "authdata type"));
            data(out, a.data().unsafeArray());
        }
        data(out, c.ticket().unsafeArray());
        data(out, c.secondTicket().unsafeArray());
    }

    private static int int32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    @Override
    public String toString() {
        return "Ccache[v" + (version & 0xFF) + ", " + defaultPrincipal.withRealm(realm) + ", " + entries.size()
                + " entries]";
    }
}
