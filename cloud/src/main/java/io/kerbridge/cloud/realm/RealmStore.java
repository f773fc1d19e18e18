// protocol-notes §5.1 (one krbtgt key per tenant realm), §5.3 (service principals with a Kerberos key,
// kerberos_top_level_names); DESIGN.md §4 (a narrow storage interface; secrets sealed at rest).
package io.kerbridge.cloud.realm;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** What the cloud realm keeps. Keys cross this interface sealed only. */
public interface RealmStore {
    /** A krbtgt key version of a tenant's realm, sealed. */
    record StoredRealmKey(String tenantId, int kvno, byte[] sealedKey, Instant createdAt) {}

    /** A service principal and its current key, sealed. {@code spn} is as registered. */
    record StoredServicePrincipal(String id, String tenantId, String spn, String displayName, int kvno,
            byte[] sealedKey, Instant createdAt, Instant keysUpdatedAt) {}

    /** The key version {@code kvno}, if stored. */
    Optional<StoredRealmKey> realmKey(String tenantId, int kvno);

    /** The highest key version, if any. */
    Optional<StoredRealmKey> currentRealmKey(String tenantId);

    /** The current key; when there is none, {@code create}'s key is stored and returned (atomically). */
    StoredRealmKey currentRealmKeyOrInsert(String tenantId, Supplier<StoredRealmKey> create);

    /** @throws io.kerbridge.cloud.store.Database.ConstraintViolation when the SPN is already registered */
    void insertServicePrincipal(StoredServicePrincipal sp);

    Optional<StoredServicePrincipal> servicePrincipal(String tenantId, String id);

    /** By SPN, without regard to case. */
    Optional<StoredServicePrincipal> servicePrincipalBySpn(String tenantId, String spn);

    List<StoredServicePrincipal> servicePrincipals(String tenantId);

    /** Replaces the key if the stored kvno is still {@code expectedKvno}; false when it changed meanwhile. */
    boolean replaceServicePrincipalKey(String tenantId, String id, int expectedKvno, int kvno, byte[] sealedKey,
            Instant at);

    boolean deleteServicePrincipal(String tenantId, String id);

    /** The administrator's kerberos_top_level_names, or empty when the tenant uses the default. */
    Optional<List<String>> topLevelNames(String tenantId);

    /** Sets the names; empty returns the tenant to the default. */
    void setTopLevelNames(String tenantId, Optional<List<String>> names, Instant at);
}
