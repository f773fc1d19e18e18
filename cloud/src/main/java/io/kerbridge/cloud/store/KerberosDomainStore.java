package io.kerbridge.cloud.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of the Kerberos domains of a tenant and of its transport key (migration {@code V2__kerberos_domains.sql}).
 * Keys cross this interface sealed under the master key, never in the clear.
 */
public interface KerberosDomainStore {
    /** The tenant's P-256 transport key pair: PKCS#8 private key, sealed. */
    record TransportKey(String tenantId, String kid, byte[] sealedPkcs8, Instant createdAt) {}

    /** One version of a domain key, sealed. */
    record StoredKey(long version, Instant updatedOn, String updatedFrom, byte[] sealedKey) {}

    /** One Kerberos domain row. */
    record StoredDomain(String tenantId, String dnsName, int rodcNumber, StoredKey primary, Optional<StoredKey> secondary) {}

    Optional<TransportKey> transportKey(String tenantId);

    /** Stores {@code k} unless the tenant already has a transport key; returns the one stored. */
    TransportKey insertTransportKeyIfAbsent(TransportKey k);

    Optional<StoredDomain> find(String tenantId, String dnsName);

    List<StoredDomain> list(String tenantId);

    /** Inserts or replaces the row of {@code (tenantId, dnsName)}. */
    void put(StoredDomain d);

    /** False when there was no such domain. */
    boolean delete(String tenantId, String dnsName);
}
