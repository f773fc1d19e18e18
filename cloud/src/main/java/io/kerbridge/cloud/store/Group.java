package io.kerbridge.cloud.store;

import java.time.Instant;
import java.util.Optional;

public record Group(String id, String tenantId, String displayName, Optional<String> description, Instant createdAt) {}
