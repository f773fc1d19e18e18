package io.kerbridge.kerberos.file;

import io.kerbridge.kerberos.file.KerberosFileException.Reason;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An MIT keytab file, format version 2 ({@code 05 02}, big-endian). Immutable: {@link #add} returns a
 * new keytab.
 *
 * <p>Format facts (MIT's "Keytab file format"): after the version, records until the end of the file,
 * each a signed 32-bit length and that many bytes. A negative length marks a hole (a deleted entry) of
 * that many bytes, which is skipped; a zero length ends the entries. An entry is: u16 component count,
 * realm and components (u16 length each), u32 name type, u32 timestamp, u8 kvno, keyblock (u16 enctype,
 * u16 length, key), then, if at least 4 bytes remain in the record, a u32 kvno that replaces the 8-bit one
 * when it is not zero. Like MIT, this writer always writes the 32-bit kvno and puts its low byte in the
 * 8-bit field; entries are written without holes.
 */
public final class Keytab {
    public static final int VERSION_2 = 0x0502;

    public static final long MAX_FILE_SIZE = 64L << 20;
    public static final int MAX_COMPONENTS = 64;
    public static final int MAX_STRING = 4096;
    public static final int MAX_KEY = 1024;

    private final List<KeytabEntry> entries;

    public Keytab(List<KeytabEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Keytab empty() {
        return new Keytab(List.of());
    }

    public List<KeytabEntry> entries() {
        return entries;
    }

    /** The entries for {@code principal@realm} (name type ignored, as MIT does), in file order. */
    public List<KeytabEntry> keysFor(PrincipalName principal, String realm) {
        return entries.stream().filter(e -> e.isFor(principal, realm)).toList();
    }

    /** The key for a principal, kvno and enctype, if present. */
    public Optional<EncryptionKey> key(PrincipalName principal, String realm, int kvno, EncType enctype) {
        return keysFor(principal, realm).stream()
                .filter(e -> e.kvno() == kvno && e.key().type().equals(enctype))
                .map(KeytabEntry::key)
                .findFirst();
    }

    /** A new keytab with {@code entry} appended. */
    public Keytab add(KeytabEntry entry) {
        List<KeytabEntry> next = new ArrayList<>(entries);
        next.add(entry);
        return new Keytab(next);
    }

    public Keytab add(PrincipalName principal, String realm, int kvno, EncryptionKey key, Instant timestamp) {
        return add(new KeytabEntry(principal, realm, timestamp, kvno, key));
    }

    // ---- decoding -----------------------------------------------------------------------------------

    public static Keytab read(Path file) throws IOException {
        return decode(AtomicFiles.read(file, MAX_FILE_SIZE));
    }

    public static Keytab decode(byte[] data) throws KerberosFileException {
        if (data.length > MAX_FILE_SIZE) {
            throw new KerberosFileException(Reason.TOO_LARGE, "keytab of " + data.length + " bytes");
        }
        Input in = new Input(data);
        int version = in.u16("version");
        if (version != VERSION_2) {
            throw new KerberosFileException(Reason.UNSUPPORTED_VERSION,
                    String.format("keytab version 0x%04x (only 0x0502 is read)", version));
        }
        List<KeytabEntry> entries = new ArrayList<>();
        while (!in.atEnd()) {
            int size = in.i32("record length");
            if (size == 0) {
                break;
            }
            if (size < 0) {
                long hole = -(long) size;
                if (hole > in.remaining()) {
                    throw new KerberosFileException(Reason.TRUNCATED,
                            "hole of " + hole + " bytes, " + in.remaining() + " left");
                }
                in.skip((int) hole, "hole");
                continue;
            }
            entries.add(entry(in.sub(size, "keytab entry")));
        }
        return new Keytab(entries);
    }

    private static KeytabEntry entry(Input in) throws KerberosFileException {
        int n = in.count(in.u16("component count"), 2, MAX_COMPONENTS, "components");
        String realm = in.utf8(in.u16("realm length"), MAX_STRING, "realm");
        List<String> comps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            comps.add(in.utf8(in.u16("component length"), MAX_STRING, "component"));
        }
        NameType type = NameType.of(in.i32("name type"));
        Instant timestamp = Instant.ofEpochSecond(in.u32("timestamp"));
        int kvno = in.u8("kvno");
        EncType etype = EncType.of((short) in.u16("enctype"));
        byte[] keyBytes = in.bytes(in.u16("key length"), MAX_KEY, "key");
        EncryptionKey key = new EncryptionKey(etype, keyBytes);
        java.util.Arrays.fill(keyBytes, (byte) 0);
        if (in.remaining() >= 4) {
            int kvno32 = in.i32("kvno (32-bit)");
            if (kvno32 != 0) {
                kvno = kvno32;
            }
        }
        return new KeytabEntry(new PrincipalName(type, comps), realm, timestamp, kvno, key);
    }

    // ---- encoding -----------------------------------------------------------------------------------

    /** Writes atomically (temp file in the same directory, fsync, rename) with mode 0600. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, encode());
    }

    public byte[] encode() throws KerberosFileException {
        Output out = new Output().u16(VERSION_2);
        for (KeytabEntry e : entries) {
            byte[] body = entry(e);
            out.i32(body.length).raw(body);
        }
        return out.toByteArray();
    }

    private static byte[] entry(KeytabEntry e) throws KerberosFileException {
        Output o = new Output();
        o.u16(Output.checkU16(e.principal().components().size(), "component count"));
        string16(o, e.realm(), "realm");
        for (String c : e.principal().components()) {
            string16(o, c, "component");
        }
        o.i32(e.principal().type().value());
        long ts = e.timestamp().getEpochSecond();
        if (ts < 0 || ts > 0xFFFF_FFFFL) {
            throw new KerberosFileException(Reason.NOT_ENCODABLE, "timestamp " + e.timestamp() + " outside 1970..2106");
        }
        o.i32((int) ts);
        o.u8(e.kvno() & 0xFF);
        o.u16(Output.check16(e.key().type().value(), "enctype"));
        byte[] key = e.key().unsafeBytes();
        o.u16(Output.checkU16(key.length, "key length")).raw(key);
        o.i32(e.kvno());
        return o.toByteArray();
    }

    private static void string16(Output o, String s, String what) throws KerberosFileException {
        byte[] b = Output.utf8(s);
        o.u16(Output.checkU16(b.length, what + " length")).raw(b);
    }

    @Override
    public String toString() {
        return "Keytab[" + entries.size() + " entries]";
    }
}
