// W3C WebAuthn Level 2 §7.1 steps 22 and 24 (credential ids are unique; the record is stored) and §7.2 step 22
// (the stored signature counter only moves forward).
package io.kerbridge.cloud.fido;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where registered security keys live (DESIGN.md §4: a narrow interface per concern). */
public interface FidoCredentialStore {
    /** Inserts a new credential; false if its credential id is already registered (to anyone, in any tenant). */
    boolean insert(FidoCredential c);

    Optional<FidoCredential> find(String tenantId, String credentialId);

    List<FidoCredential> forUser(String tenantId, String userId);

    boolean delete(String tenantId, String userId, String credentialId);

    /**
     * Records a verified use: the counter moves from {@code expectedCount} to {@code newCount} only if nobody
     * moved it meanwhile (compare-and-set). False if the stored counter is no longer {@code expectedCount}.
     */
    boolean recordUse(String tenantId, String credentialId, long expectedCount, long newCount, Instant at);
}
