package io.kerbridge.directory.internal;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.Domain;
import io.kerbridge.directory.Group;
import io.kerbridge.directory.GroupScope;
import io.kerbridge.directory.GroupSids;
import io.kerbridge.kerberos.pac.Sid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable snapshot of the groups and their memberships (replaced whole on any group write),
 * with the transitive closure computed breadth-first over "member of" edges: cycles end because a
 * group is visited once. Results per account are cached for the life of the snapshot.
 */
public final class GroupGraph {
    private final Domain domain;
    private final Map<Sid, Group> groups;
    private final Map<String, Sid> byName;
    private final Map<Sid, Set<Sid>> members;
    private final Map<Sid, Set<Sid>> memberOf;
    private final ConcurrentHashMap<Sid, GroupSids> pacCache = new ConcurrentHashMap<>();

    public GroupGraph(Domain domain, List<Group> groups, List<Map.Entry<Sid, Sid>> memberships) {
        this.domain = domain;
        Map<Sid, Group> g = new HashMap<>();
        Map<String, Sid> n = new HashMap<>();
        for (Group x : groups) {
            g.put(x.sid(), x);
            n.put(AccountTable.lower(x.name()), x.sid());
        }
        Map<Sid, Set<Sid>> m = new HashMap<>();
        Map<Sid, Set<Sid>> mo = new HashMap<>();
        for (Map.Entry<Sid, Sid> e : memberships) {
            m.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>()).add(e.getValue());
            mo.computeIfAbsent(e.getValue(), k -> new LinkedHashSet<>()).add(e.getKey());
        }
        this.groups = Map.copyOf(g);
        this.byName = Map.copyOf(n);
        m.replaceAll((k, v) -> Set.copyOf(v));
        mo.replaceAll((k, v) -> Set.copyOf(v));
        this.members = Map.copyOf(m);
        this.memberOf = Map.copyOf(mo);
    }

    public Map<Sid, Group> groups() {
        return groups;
    }

    public Sid byName(String name) {
        return byName.get(AccountTable.lower(name));
    }

    public Set<Sid> explicitMembers(Sid group) {
        return members.getOrDefault(group, Set.of());
    }

    public Set<Sid> directGroups(Sid member) {
        return memberOf.getOrDefault(member, Set.of());
    }

    /** The primary group's SID, if the account belongs to this domain. */
    public java.util.Optional<Sid> primaryGroup(Account a) {
        return a.sid().domain().equals(domain.sid())
                ? java.util.Optional.of(domain.sidWithRid(a.primaryGroupRid()))
                : java.util.Optional.empty();
    }

    /** Every group the account is in, transitively, primary group first (BUILTIN aliases included). */
    public Set<Sid> closure(Account a) {
        return closure(a.sid(), primaryGroup(a));
    }

    /** Every group {@code member} (any SID, foreign ones too) is in, transitively. */
    public Set<Sid> closure(Sid member, java.util.Optional<Sid> primaryGroup) {
        Set<Sid> seen = new LinkedHashSet<>();
        Deque<Sid> queue = new ArrayDeque<>();
        primaryGroup.ifPresent(p -> {
            seen.add(p);
            queue.add(p);
        });
        queue.add(member);
        while (!queue.isEmpty()) {
            for (Sid g : directGroups(queue.poll())) {
                if (!g.equals(member) && seen.add(g)) {
                    queue.add(g);
                }
            }
        }
        return seen;
    }

    /** The MS-PAC split of {@link #closure} (BUILTIN aliases left out: a resource server adds those). */
    public GroupSids groupSids(Account a) {
        return pacCache.computeIfAbsent(a.sid(), k -> split(a));
    }

    private GroupSids split(Account a) {
        List<Long> domainGroups = new ArrayList<>();
        List<Sid> extra = new ArrayList<>();
        List<Long> domainLocal = new ArrayList<>();
        Sid primary = primaryGroup(a).orElse(null);
        for (Sid g : closure(a)) {
            Group group = groups.get(g);
            boolean ours = g.subAuthorities().size() > 0 && g.domain().equals(domain.sid());
            if (group != null && group.isBuiltin()) {
                continue;
            }
            if (ours && group != null && group.scope() == GroupScope.DOMAIN_LOCAL) {
                domainLocal.add(g.rid());
            } else if (ours) {
                domainGroups.add(g.rid());
            } else {
                extra.add(g);
            }
        }
        sortKeepingFirst(domainGroups, primary == null ? null : primary.rid());
        domainLocal.sort(Comparator.naturalOrder());
        extra.sort(Comparator.comparing(Sid::toString));
        return new GroupSids(domainGroups, extra, domainLocal);
    }

    private static void sortKeepingFirst(List<Long> rids, Long first) {
        rids.sort((x, y) -> x.equals(first) ? -1 : y.equals(first) ? 1 : Long.compare(x, y));
    }
}
