package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.util.Locale;
import java.util.Optional;

/**
 * One AD domain of the forest: DNS name ({@code contoso.test}), NetBIOS name ({@code CONTOSO}),
 * Kerberos realm ({@code CONTOSO.TEST}, the upper-cased DNS name) and domain SID. A child domain
 * names its parent's realm.
 */
public record Domain(String dnsName, String netbiosName, String realm, Sid sid, Optional<String> parentRealm) {
    public Domain {
        dnsName = dnsName.toLowerCase(Locale.ROOT);
        realm = realm.toUpperCase(Locale.ROOT);
        netbiosName = netbiosName.toUpperCase(Locale.ROOT);
    }

    /** The LDAP distinguished name, e.g. {@code DC=contoso,DC=test}. */
    public String distinguishedName() {
        return "DC=" + String.join(",DC=", dnsName.split("\\."));
    }

    public Sid sidWithRid(long rid) {
        return sid.withRid(rid);
    }
}
