package io.kerbridge.cloud.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A directory group. Cloud groups are managed in the cloud; synced groups ({@code onPremises} present) are copies
 * of on-premises security groups kept by the sync agent, keyed by their on-premises SID, whose membership only
 * the sync agent changes (as in Entra, where a synced group is read-only in the cloud).
 */
public record Group(String id, String tenantId, String displayName, Optional<String> description, Instant createdAt,
        Optional<OnPremises> onPremises) {
    /** The on-premises identity of a synced group. */
    public record OnPremises(String securityIdentifier, String samAccountName, String domainName) {}

    public Group(String id, String tenantId, String displayName, Optional<String> description, Instant createdAt) {
        this(id, tenantId, displayName, description, createdAt, Optional.empty());
    }

    public boolean synced() {
        return onPremises.isPresent();
    }
}
