package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.util.List;

/**
 * An account's transitive group memberships, split the way KERB_VALIDATION_INFO carries them
 * (MS-PAC 2.5): global and universal groups of the account's own domain by RID, everything else
 * (other domains' universal groups, well-known SIDs such as S-1-18-1) as full SIDs, and the
 * domain-local groups of the domain as resource groups.
 */
public record GroupSids(List<Long> domainGroupRids, List<Sid> extraSids, List<Long> domainLocalGroupRids) {
    public GroupSids {
        domainGroupRids = List.copyOf(domainGroupRids);
        extraSids = List.copyOf(extraSids);
        domainLocalGroupRids = List.copyOf(domainLocalGroupRids);
    }
}
