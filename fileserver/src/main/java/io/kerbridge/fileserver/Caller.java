// MS-PAC 2.5 (the user SID and group SIDs of KERB_VALIDATION_INFO); protocol-notes §0.1 step 5.
package io.kerbridge.fileserver;

import io.kerbridge.kerberos.pac.Sid;
import java.util.Objects;
import java.util.Set;

/**
 * Who sent a request, as Kerberos and the ticket's PAC established it. It lives for one request only: the
 * server keeps no identity between requests (every request carries its own Negotiate token).
 *
 * @param principal the client principal, {@code name@REALM}
 * @param user the user's SID from the PAC (LogonDomainId + UserId)
 * @param sids the caller's token: every SID an {@link Acl} entry may match (see {@link CallerToken})
 */
public record Caller(String principal, Sid user, Set<Sid> sids) {
    public Caller {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(user, "user");
        sids = Set.copyOf(sids);
    }
}
