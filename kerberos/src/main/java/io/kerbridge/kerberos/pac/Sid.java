package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A security identifier (MS-DTYP 2.4.2): revision, 48-bit identifier authority and up to 15 32-bit
 * sub-authorities, the last of which is the RID for account SIDs. Sub-authorities are unsigned and
 * held as {@code long}.
 *
 * <p>Binary form (MS-DTYP 2.4.2.2): Revision (1), SubAuthorityCount (1), IdentifierAuthority (6,
 * big-endian), SubAuthority[] (4 each, little-endian).
 */
public record Sid(int revision, long authority, List<Long> subAuthorities) {
    /** MS-DTYP 2.4.2: SubAuthorityCount is at most 15. */
    public static final int MAX_SUB_AUTHORITIES = 15;

    public Sid {
        Objects.requireNonNull(subAuthorities, "subAuthorities");
        subAuthorities = List.copyOf(subAuthorities);
        if (revision < 0 || revision > 0xFF) {
            throw new IllegalArgumentException("revision out of range: " + revision);
        }
        if (authority < 0 || authority > 0xFFFF_FFFF_FFFFL) {
            throw new IllegalArgumentException("authority out of range: " + authority);
        }
        if (subAuthorities.size() > MAX_SUB_AUTHORITIES) {
            throw new IllegalArgumentException("more than 15 sub-authorities");
        }
        for (long s : subAuthorities) {
            if (s < 0 || s > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("sub-authority out of range: " + s);
            }
        }
    }

    /** Parses the string form {@code S-1-5-21-a-b-c[-rid]} (MS-DTYP 2.4.2.1; hex authority 0x... accepted). */
    public static Sid parse(String s) {
        String[] parts = s.split("-", -1);
        if (parts.length < 3 || !parts[0].equalsIgnoreCase("S")) {
            throw new IllegalArgumentException("not a SID: " + s);
        }
        try {
            int revision = Integer.parseInt(parts[1]);
            long authority = parts[2].startsWith("0x") || parts[2].startsWith("0X")
                    ? Long.parseLong(parts[2].substring(2), 16)
                    : Long.parseLong(parts[2]);
            List<Long> subs = new ArrayList<>();
            for (int i = 3; i < parts.length; i++) {
                if (parts[i].isEmpty() || parts[i].charAt(0) == '+') {
                    throw new IllegalArgumentException("not a SID: " + s);
                }
                subs.add(Long.parseLong(parts[i]));
            }
            return new Sid(revision, authority, subs);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a SID: " + s, e);
        }
    }

    /** Decodes the binary form; the input must hold exactly one SID. */
    public static Sid decode(Bytes b) throws PacException {
        NdrReader r = NdrReader.of(b);
        Sid sid = read(r);
        if (r.remaining() != 0) {
            throw new PacException(PacException.Reason.BAD_SID, "trailing bytes after SID");
        }
        return sid;
    }

    /** Reads the binary form (no NDR conformance prefix) at the reader's position. */
    static Sid read(NdrReader r) throws PacException {
        int revision = r.u8();
        int count = r.u8();
        if (revision != 1) {
            throw new PacException(PacException.Reason.BAD_SID, "SID revision " + revision);
        }
        if (count > MAX_SUB_AUTHORITIES) {
            throw new PacException(PacException.Reason.BAD_SID, "SID with " + count + " sub-authorities");
        }
        byte[] auth = r.bytes(6);
        long authority = 0;
        for (byte x : auth) {
            authority = (authority << 8) | (x & 0xFF);
        }
        r.require(4L * count);
        List<Long> subs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            subs.add(r.u32() & 0xFFFF_FFFFL);
        }
        return new Sid(revision, authority, subs);
    }

    /** The binary form (MS-DTYP 2.4.2.2). */
    public Bytes encode() {
        NdrWriter w = new NdrWriter(8 + 4 * 15);
        write(w);
        return w.toBytes();
    }

    void write(NdrWriter w) {
        w.u8(revision);
        w.u8(subAuthorities.size());
        for (int i = 5; i >= 0; i--) {
            w.u8((int) (authority >>> (8 * i)) & 0xFF);
        }
        for (long s : subAuthorities) {
            w.u32((int) s);
        }
    }

    /** Length of the binary form. */
    public int encodedLength() {
        return 8 + 4 * subAuthorities.size();
    }

    /** This SID with {@code rid} appended (a domain SID becomes an account SID). */
    public Sid withRid(long rid) {
        List<Long> subs = new ArrayList<>(subAuthorities);
        subs.add(rid);
        return new Sid(revision, authority, subs);
    }

    /** The last sub-authority. */
    public long rid() {
        if (subAuthorities.isEmpty()) {
            throw new IllegalStateException("SID has no sub-authorities");
        }
        return subAuthorities.get(subAuthorities.size() - 1);
    }

    /** This SID without its last sub-authority (the domain of an account SID). */
    public Sid domain() {
        if (subAuthorities.isEmpty()) {
            throw new IllegalStateException("SID has no sub-authorities");
        }
        return new Sid(revision, authority, subAuthorities.subList(0, subAuthorities.size() - 1));
    }

    /** MS-DTYP 2.4.2.1: decimal authority below 2^32, else 0x-prefixed hex (12 digits). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("S-").append(revision).append('-');
        if (authority < (1L << 32)) {
            sb.append(authority);
        } else {
            sb.append(String.format("0x%012X", authority));
        }
        for (long s : subAuthorities) {
            sb.append('-').append(s);
        }
        return sb.toString();
    }
}
