package io.kerbridge.cloud.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the cloud service keeps, behind narrow per-concern interfaces (DESIGN.md §4). The embedded
 * engine is {@link SqlCloudStore} on H2; its SQL is portable to PostgreSQL. Secrets cross this interface
 * sealed (master key), never in the clear.
 */
public interface CloudStore extends AutoCloseable {
    Tenants tenants();

    Users users();

    Groups groups();

    Roles roles();

    SigningKeys signingKeys();

    Audit audit();

    /** Kerberos domains and the tenant transport key (issue 5). */
    KerberosDomainStore kerberosDomains();

    /** Devices and Hello keys (issue 6). */
    io.kerbridge.cloud.device.DeviceStore devices();

    @Override
    void close();

    interface Tenants {
        void create(Tenant t);

        /** By tenant id or by one of its verified domain names. */
        Optional<Tenant> find(String idOrDomain);

        List<Tenant> all();
    }

    interface Users {
        void insert(User u, Optional<String> passwordHash, Optional<byte[]> sealedTotp);

        /** By object id or UPN, within the tenant. */
        Optional<User> find(String tenantId, String idOrUpn);

        Optional<User> findBySid(String tenantId, String sid);

        List<User> list(String tenantId);

        void update(User u);

        Optional<Credentials> credentials(String userId);

        /** Replaces the password verifier (a synced user's password hash sync verifier). */
        void setPasswordHash(String userId, String passwordHash);

        /** Replaces the user's sealed TOTP secret (enrolment); the last used step restarts. False when no such user. */
        boolean replaceTotp(String userId, byte[] sealedTotp);

        /** Sets the last used TOTP step to {@code step} if it is greater than the stored one; false = replay. */
        boolean consumeTotpStep(String userId, long step);

        /** Counts a failed sign-in; at {@code threshold} consecutive failures, locks until {@code lockUntil}. Returns the new count. */
        int recordFailure(String userId, int threshold, Instant lockUntil);

        void resetFailures(String userId);
    }

    interface Groups {
        void insert(Group g);

        Optional<Group> find(String tenantId, String idOrName);

        /** A synced group by its on-premises SID. */
        Optional<Group> findBySid(String tenantId, String sid);

        /** Replaces display name, description and on-premises names (not the SID). */
        void update(Group g);

        /**
         * Deletes the group, its memberships and any device-policy setting assigned to it (which becomes not
         * configured, i.e. off: fail closed); false when it did not exist.
         */
        boolean delete(String groupId);

        /** Replaces the membership (the sync agent's view of a synced group). */
        void setMembers(String groupId, java.util.Collection<String> userIds);

        List<Group> list(String tenantId);

        /** False when already a member. */
        boolean addMember(String groupId, String userId);

        boolean removeMember(String groupId, String userId);

        List<String> members(String groupId);

        List<String> groupsOf(String userId);
    }

    interface Roles {
        Set<Role> of(String userId);

        boolean assign(String userId, Role role);

        boolean unassign(String userId, Role role);

        /** User ids holding {@code role} in the tenant. */
        List<String> holders(String tenantId, Role role);
    }

    /** JWT signing keys: private JWK sealed under the master key. */
    interface SigningKeys {
        record Sealed(String kid, String tenantId, byte[] sealedJwk, Instant createdAt, boolean active) {}

        void insert(Sealed k);

        List<Sealed> forTenant(String tenantId);
    }

    interface Audit {
        void append(AuditEvent e);

        /** Newest first, at most {@code limit}, optionally only one category and ids below {@code beforeId}. */
        List<AuditEvent> query(String tenantId, Optional<String> category, long beforeId, int limit);
    }
}
