package io.kerbridge.directory.internal;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.KeyVersion;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.directory.RodcInfo;
import io.kerbridge.directory.Domain;
import io.kerbridge.kerberos.pac.Sid;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every account of the directory in memory, as ready-made {@link PrincipalEntry} records, with
 * lower-cased name indexes. Readers never lock: name maps point at SIDs, SIDs at immutable entries.
 * Writers (serialised by the directory's write lock) replace an account's entries and names after
 * the database transaction committed; a reader racing a rename sees the old or the new state.
 */
public final class Index {
    /** An account and its entries: the main keys, and for a trust the incoming and outgoing keys. */
    public record Held(AccountRow row, PrincipalEntry main, Optional<PrincipalEntry> incoming,
            Optional<PrincipalEntry> outgoing) {
        public Account account() {
            return main.account();
        }
    }

    private final Domain domain;
    private final ConcurrentHashMap<Sid, Held> bySid = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Sid> bySam = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Sid> byUpn = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Sid> bySpn = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Sid> trustByRealm = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Sid> rodcByNumber = new ConcurrentHashMap<>();
    private volatile Map<Integer, RodcInfo> rodcInfo = Map.of();
    private volatile Sid krbtgt;

    public Index(Domain domain) {
        this.domain = domain;
    }

    public Domain domain() {
        return domain;
    }

    public static Held held(Domain domain, AccountRow row, List<KeyVersion> main, List<KeyVersion> in,
            List<KeyVersion> out) {
        Account a = row.account();
        return new Held(row, new PrincipalEntry(domain, a, main),
                row.trustRealm().map(r -> new PrincipalEntry(domain, a, in)),
                row.trustRealm().map(r -> new PrincipalEntry(domain, a, out)));
    }

    /**
     * Replaces an account's entry without a moment in which its names resolve to nothing: the new
     * entry and names go in first, then the names it no longer has come out.
     */
    public void put(Held h) {
        Account a = h.account();
        Held old = bySid.put(a.sid(), h);
        names(h).forEach((key, map) -> map.put(key.name(), a.sid()));
        h.row().rodcNumber().ifPresent(n -> rodcByNumber.put(n, a.sid()));
        if (old != null) {
            Map<Key, ConcurrentHashMap<String, Sid>> now = names(h);
            names(old).forEach((key, map) -> {
                if (!now.containsKey(key)) {
                    map.remove(key.name(), a.sid());
                }
            });
        }
        if (a.type() == AccountType.KRBTGT) {
            krbtgt = a.sid();
        }
    }

    public void remove(Sid sid) {
        Held old = bySid.get(sid);
        if (old == null) {
            return;
        }
        names(old).forEach((key, map) -> map.remove(key.name(), sid));
        old.row().rodcNumber().ifPresent(n -> rodcByNumber.remove(n, sid));
        bySid.remove(sid);
    }

    /** A name in one of the indexes (the index's tag keeps equal strings of different kinds apart). */
    private record Key(char kind, String name) {}

    private Map<Key, ConcurrentHashMap<String, Sid>> names(Held h) {
        Map<Key, ConcurrentHashMap<String, Sid>> out = new java.util.HashMap<>();
        Account a = h.account();
        if (a.type() == AccountType.TRUST) {
            h.row().trustRealm().ifPresent(r -> out.put(new Key('t', upper(r)), trustByRealm));
            return out;
        }
        out.put(new Key('s', lower(a.samAccountName())), bySam);
        a.userPrincipalName().ifPresent(u -> out.put(new Key('u', lower(u)), byUpn));
        for (String spn : a.servicePrincipalNames()) {
            out.put(new Key('p', lower(spn)), bySpn);
        }
        return out;
    }

    public Optional<Held> get(Sid sid) {
        return Optional.ofNullable(bySid.get(sid));
    }

    public Collection<Held> all() {
        return bySid.values();
    }

    /** sAMAccountName, case-insensitive. */
    public PrincipalEntry bySam(String sam) {
        return main(bySam.get(lower(sam)));
    }

    public PrincipalEntry byUpn(String upn) {
        return main(byUpn.get(lower(upn)));
    }

    public PrincipalEntry bySpn(String spn) {
        return main(bySpn.get(lower(spn)));
    }

    public Sid spnOwner(String spn) {
        return bySpn.get(lower(spn));
    }

    public PrincipalEntry krbtgt() {
        return main(krbtgt);
    }

    public PrincipalEntry rodc(int number) {
        return main(rodcByNumber.get(number));
    }

    /** The trust with {@code realm}: incoming or outgoing keys. */
    public PrincipalEntry trust(String realm, boolean incoming) {
        Sid sid = trustByRealm.get(upper(realm));
        Held h = sid == null ? null : bySid.get(sid);
        if (h == null) {
            return null;
        }
        return (incoming ? h.incoming() : h.outgoing()).orElse(null);
    }

    public Map<Integer, RodcInfo> rodcInfo() {
        return rodcInfo;
    }

    public void setRodcInfo(List<RodcInfo> list) {
        Map<Integer, RodcInfo> m = new java.util.HashMap<>();
        list.forEach(r -> m.put(r.rodcNumber(), r));
        rodcInfo = Map.copyOf(m);
    }

    private PrincipalEntry main(Sid sid) {
        if (sid == null) {
            return null;
        }
        Held h = bySid.get(sid);
        return h == null ? null : h.main();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
