package io.kerbridge.cloud.store;

import java.time.Instant;
import java.util.List;

/** A tenant: random UUID id, display name, verified domain names (the first is the initial one). */
public record Tenant(String id, String displayName, List<String> domains, Instant createdAt) {
    public Tenant {
        domains = List.copyOf(domains);
    }
}
