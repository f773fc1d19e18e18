package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.util.List;
import java.util.Set;

/** Who is in what, the other way round from {@link GroupAdmin#members}. */
public interface Memberships {
    /** The groups that list {@code member} directly (primary group included for accounts). */
    List<Group> directGroups(Sid member);

    /**
     * The token SIDs (tokenGroups): the account's own SID, its primary group and every group it is in
     * transitively, BUILTIN aliases included. This is what the RODC password replication policy is
     * checked against (MS-ADTS / Samba: from the directory, never from a PAC).
     */
    Set<Sid> tokenSids(Sid account);
}
