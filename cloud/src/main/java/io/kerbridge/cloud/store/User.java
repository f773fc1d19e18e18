package io.kerbridge.cloud.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A directory user, without credentials. {@code source} is CLOUD (created in the cloud, may sign in with a
 * password) or SYNCED (copied from an on-premises domain by the sync agent; keyed by its on-premises SID).
 * The three on-premises attributes are those a partial TGT is built from (protocol-notes §1.6, §2.1).
 */
public record User(String id, String tenantId, String upn, String displayName, Source source, boolean enabled,
        Optional<String> onPremisesSamAccountName, Optional<String> onPremisesDomainName,
        Optional<String> onPremisesSecurityIdentifier, Optional<Instant> passwordLastSet,
        Optional<Instant> passwordExpiresOn, boolean passwordExpired, Instant createdAt, Instant updatedAt) {
    public enum Source {
        CLOUD, SYNCED;

        public String wire() {
            return this == CLOUD ? "cloud" : "synced";
        }
    }

    public User withUpdatedAt(Instant t) {
        return new User(id, tenantId, upn, displayName, source, enabled, onPremisesSamAccountName, onPremisesDomainName,
                onPremisesSecurityIdentifier, passwordLastSet, passwordExpiresOn, passwordExpired, createdAt, t);
    }

    /**
     * Whether the password counts as expired at {@code now}: flagged so by the sync (must change at next logon) or
     * past its expiry date (which passes without another sync).
     */
    public boolean passwordExpiredAt(Instant now) {
        return passwordExpired || passwordExpiresOn.map(e -> !now.isBefore(e)).orElse(false);
    }

    /** True when the stored fields other than timestamps are equal (an upsert that changes nothing). */
    public boolean sameContent(User o) {
        return upn.equals(o.upn) && displayName.equals(o.displayName) && source == o.source && enabled == o.enabled
                && onPremisesSamAccountName.equals(o.onPremisesSamAccountName)
                && onPremisesDomainName.equals(o.onPremisesDomainName)
                && onPremisesSecurityIdentifier.equals(o.onPremisesSecurityIdentifier)
                && passwordLastSet.equals(o.passwordLastSet) && passwordExpiresOn.equals(o.passwordExpiresOn)
                && passwordExpired == o.passwordExpired;
    }
}
