package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.util.List;
import java.util.Optional;

/**
 * Security groups. Membership is by SID: a member may be an account, another group (nesting, cycles
 * allowed and harmless) or a foreign SID (another domain's user or group, a well-known SID).
 */
public interface GroupAdmin {
    Group create(String name, GroupScope scope, String description);

    /** Deletes a group and its memberships; well-known groups are refused. */
    void delete(Sid group);

    Optional<Group> get(Sid group);

    /** By name, case-insensitive (BUILTIN aliases by their names too, e.g. {@code Administrators}). */
    Optional<Group> find(String name);

    List<Group> list();

    /** Idempotent. @throws DirectoryException NO_SUCH_OBJECT if the group does not exist */
    void addMember(Sid group, Sid member);

    void removeMember(Sid group, Sid member);

    /**
     * Direct members: the explicit ones and, as AD shows them, the accounts whose primary group this is.
     */
    List<Sid> members(Sid group);
}
