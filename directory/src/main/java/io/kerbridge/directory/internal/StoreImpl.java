package io.kerbridge.directory.internal;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.Domain;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.Group;
import io.kerbridge.directory.GroupSids;
import io.kerbridge.directory.LookupPurpose;
import io.kerbridge.directory.Memberships;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.directory.PrincipalStore;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lookups from memory only. Name forms (MS-KILE 3.3.5.1.1 / Samba sdb semantics):
 * <ul>
 *   <li>{@code krbtgt/R} (any purpose but CLIENT): in our realm, {@code R} = us is our krbtgt, another
 *       realm the outgoing trust key; in a trusted realm, {@code krbtgt/US@THAT} is the incoming key;
 *   <li>one component with {@code @} or NT-ENTERPRISE: UPN, else {@code sam@} our DNS name, realm or
 *       NetBIOS name;
 *   <li>one component: sAMAccountName (also {@code krbtgt_<n>});
 *   <li>several components: SPN, with AD's default sPNMappings aliases (cifs/, http/, ... to host/).
 * </ul>
 * Names and realms compare case-insensitively, as AD does.
 */
public final class StoreImpl implements PrincipalStore, Memberships {
    /** The usual part of AD's default sPNMappings: these service classes are aliases of host/. */
    private static final Set<String> HOST_ALIASES = Set.of("cifs", "http", "www", "w3svc", "rpc", "rpcss",
            "dcom", "netlogon", "time", "dns", "spooler", "schedule", "scm", "eventlog", "alerter", "browser",
            "wins", "msdtc", "iisadmin", "snmp", "ias", "msiserver", "samss", "remoteaccess");

    private final Core core;

    public StoreImpl(Core core) {
        this.core = core;
    }

    @Override
    public Optional<PrincipalEntry> lookup(PrincipalName name, String realm, LookupPurpose purpose) {
        PrincipalEntry e = find(name, realm, purpose);
        if (e == null && core.syncOnMiss()) {
            // several DC nodes: another node may have created it since our last poll
            e = find(name, realm, purpose);
        }
        return Optional.ofNullable(e);
    }

    private PrincipalEntry find(PrincipalName name, String realm, LookupPurpose purpose) {
        List<String> comps = name.components();
        Domain d = core.domain();
        boolean krbtgtName = comps.size() == 2 && comps.get(0).equalsIgnoreCase("krbtgt");
        if (krbtgtName) {
            return purpose == LookupPurpose.CLIENT ? null : krbtgt(comps.get(1), realm, d);
        }
        if (purpose == LookupPurpose.KRBTGT || !realm.equalsIgnoreCase(d.realm()) || comps.isEmpty()) {
            return null;
        }
        if (comps.size() == 1) {
            String n = comps.get(0);
            if (name.type().equals(NameType.NT_ENTERPRISE) || n.indexOf('@') >= 0) {
                return enterprise(n, d);
            }
            return core.index().bySam(n);
        }
        return spn(comps);
    }

    private PrincipalEntry krbtgt(String target, String realm, Domain d) {
        Index index = core.index();
        if (realm.equalsIgnoreCase(d.realm())) {
            return target.equalsIgnoreCase(d.realm()) ? index.krbtgt() : index.trust(target, false);
        }
        return target.equalsIgnoreCase(d.realm()) ? index.trust(realm, true) : null;
    }

    private PrincipalEntry enterprise(String n, Domain d) {
        Index index = core.index();
        PrincipalEntry byUpn = index.byUpn(n);
        if (byUpn != null) {
            return byUpn;
        }
        int at = n.lastIndexOf('@');
        if (at <= 0) {
            return null;
        }
        String suffix = n.substring(at + 1);
        if (suffix.equalsIgnoreCase(d.dnsName()) || suffix.equalsIgnoreCase(d.realm())
                || suffix.equalsIgnoreCase(d.netbiosName())) {
            return index.bySam(n.substring(0, at));
        }
        return null;
    }

    private PrincipalEntry spn(List<String> comps) {
        String spn = String.join("/", comps);
        PrincipalEntry e = core.index().bySpn(spn);
        if (e == null && HOST_ALIASES.contains(comps.get(0).toLowerCase(java.util.Locale.ROOT))) {
            e = core.index().bySpn("host/" + spn.substring(comps.get(0).length() + 1));
        }
        return e;
    }

    @Override
    public Optional<PrincipalEntry> rodcKrbtgt(int rodcNumber) {
        PrincipalEntry e = core.index().rodc(rodcNumber);
        if (e == null && core.syncOnMiss()) {
            e = core.index().rodc(rodcNumber);
        }
        return Optional.ofNullable(e);
    }

    @Override
    public Domain domain() {
        return core.domain();
    }

    @Override
    public DomainPolicy policy() {
        return core.policy();
    }

    @Override
    public GroupSids groupSids(Account account) {
        return core.groups().groupSids(account);
    }

    @Override
    public List<Group> directGroups(Sid member) {
        GroupGraph g = core.groups();
        Set<Sid> sids = new LinkedHashSet<>();
        core.index().get(member).flatMap(h -> g.primaryGroup(h.account())).ifPresent(sids::add);
        sids.addAll(g.directGroups(member));
        List<Group> out = new ArrayList<>();
        for (Sid s : sids) {
            Optional.ofNullable(g.groups().get(s)).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public Set<Sid> tokenSids(Sid account) {
        Set<Sid> out = new LinkedHashSet<>();
        out.add(account);
        GroupGraph g = core.groups();
        Optional<Sid> primary = core.index().get(account).flatMap(h -> g.primaryGroup(h.account()));
        out.addAll(g.closure(account, primary));
        return out;
    }
}
