package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Directory#create} needs to create a domain.
 *
 * @param dnsName e.g. {@code contoso.test}; the realm is its upper-cased form
 * @param netbiosName e.g. {@code CONTOSO} (at most 15 characters)
 * @param sid the domain SID; empty = a random {@code S-1-5-21-x-y-z}
 * @param parentRealm the parent domain's realm for a child domain; empty = forest root
 * @param forestRootSid for a child domain, the forest root's domain SID (so that its Schema and
 *     Enterprise Admins can be named in the default memberships); ignored for a forest root
 * @param policy the initial domain policy
 */
public record DomainSpec(String dnsName, String netbiosName, Optional<Sid> sid, Optional<String> parentRealm,
        Optional<Sid> forestRootSid, DomainPolicy policy) {
    public DomainSpec {
        Objects.requireNonNull(dnsName, "dnsName");
        Objects.requireNonNull(netbiosName, "netbiosName");
        if (!dnsName.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")) {
            throw new IllegalArgumentException("not a DNS domain name: " + dnsName);
        }
        if (netbiosName.isEmpty() || netbiosName.length() > 15) {
            throw new IllegalArgumentException("NetBIOS name must be 1..15 characters: " + netbiosName);
        }
        parentRealm = parentRealm.map(r -> r.toUpperCase(Locale.ROOT));
    }

    /** A forest root domain with a random SID and the AD default policy. */
    public static DomainSpec forestRoot(String dnsName, String netbiosName) {
        return new DomainSpec(dnsName, netbiosName, Optional.empty(), Optional.empty(), Optional.empty(),
                DomainPolicy.AD_DEFAULT);
    }

    /** A child domain of {@code parentRealm}. */
    public static DomainSpec child(String dnsName, String netbiosName, String parentRealm, Sid forestRootSid) {
        return new DomainSpec(dnsName, netbiosName, Optional.empty(), Optional.of(parentRealm),
                Optional.of(forestRootSid), DomainPolicy.AD_DEFAULT);
    }

    public DomainSpec withSid(Sid sid) {
        return new DomainSpec(dnsName, netbiosName, Optional.of(sid), parentRealm, forestRootSid, policy);
    }

    public DomainSpec withPolicy(DomainPolicy policy) {
        return new DomainSpec(dnsName, netbiosName, sid, parentRealm, forestRootSid, policy);
    }

    public boolean isForestRoot() {
        return parentRealm.isEmpty();
    }
}
