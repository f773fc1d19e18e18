package io.kerbridge.cloud.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One sign-in attempt or admin change. {@code category}: SignIn, UserManagement, GroupManagement,
 * RoleManagement; {@code result}: success or failure; {@code statusCode}: 0 on success, else the sign-in
 * error code (Entra AADSTS numbers) or a Kerberos status code of protocol-notes §2.1.
 */
public record AuditEvent(long id, String tenantId, Instant at, String category, String activity, String actor,
        String target, String result, int statusCode, Optional<String> detail) {}
