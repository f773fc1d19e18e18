// MS-DTYP 2.4.2.4 (well-known SIDs: Everyone S-1-1-0, Authenticated Users S-1-5-11);
// MS-PAC 2.5 (the SIDs a KERB_VALIDATION_INFO grants, see CallerToken); protocol-notes §0.1 step 5.
package io.kerbridge.fileserver;

import io.kerbridge.kerberos.pac.Sid;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A share's access list: the SIDs that may read and the SIDs that may write. A caller is allowed when any
 * SID of its token ({@link Caller#sids()}) is in the list. The two lists are independent: write does not
 * imply read (a write-only share is a drop box), read does not imply write. There are no deny entries.
 *
 * <p>Entries are SIDs. Two well-known names are accepted wherever an entry is read and stored as their
 * SIDs: {@code Everyone} (S-1-1-0) and {@code Authenticated Users} (S-1-5-11); both are in every caller's
 * token, since every caller authenticated with Kerberos. Domain users and groups are given by SID (the
 * file server has no directory to resolve names in: {@code kerbridge group show NAME} prints a group's SID).
 */
public record Acl(Set<Sid> read, Set<Sid> write) {
    /** S-1-1-0. */
    public static final Sid EVERYONE = Sid.parse("S-1-1-0");
    /** S-1-5-11. */
    public static final Sid AUTHENTICATED_USERS = Sid.parse("S-1-5-11");

    private static final Map<String, Sid> WELL_KNOWN = Map.of(
            "everyone", EVERYONE,
            "authenticated users", AUTHENTICATED_USERS,
            "nt authority\\authenticated users", AUTHENTICATED_USERS);

    /** What a request needs. */
    public enum Access { READ, WRITE }

    public Acl {
        read = Set.copyOf(read);
        write = Set.copyOf(write);
    }

    /** An ACL from entries as written in files.json or on the command line (SIDs or well-known names). */
    public static Acl of(Collection<String> read, Collection<String> write) {
        return new Acl(parseAll(read), parseAll(write));
    }

    public boolean allows(Access access, Set<Sid> token) {
        Set<Sid> list = access == Access.READ ? read : write;
        for (Sid s : list) {
            if (token.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A SID in string form ({@code S-1-5-21-…}) or a well-known name, case-insensitive.
     *
     * @throws IllegalArgumentException naming the entry when it is neither
     */
    public static Sid parseEntry(String entry) {
        Objects.requireNonNull(entry, "entry");
        String e = entry.strip();
        Sid known = WELL_KNOWN.get(e.toLowerCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        if (e.regionMatches(true, 0, "S-", 0, 2)) {
            try {
                return Sid.parse(e.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException bad) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("'" + entry + "' is neither a SID (S-1-5-21-…) nor one of the "
                + "well-known names \"Everyone\", \"Authenticated Users\"");
    }

    static Set<Sid> parseAll(Collection<String> entries) {
        Set<Sid> out = new LinkedHashSet<>();
        for (String e : entries) {
            out.add(parseEntry(e));
        }
        return out;
    }

    /** A SID as people read it: the well-known name with the SID, or the SID. */
    public static String describe(Sid sid) {
        if (sid.equals(EVERYONE)) {
            return "Everyone (S-1-1-0)";
        }
        if (sid.equals(AUTHENTICATED_USERS)) {
            return "Authenticated Users (S-1-5-11)";
        }
        return sid.toString();
    }

    /** The entries in their stored form (SID strings), in a stable order. */
    public static List<String> strings(Set<Sid> sids) {
        return sids.stream().map(Sid::toString).sorted().toList();
    }
}
