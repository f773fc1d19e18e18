package io.kerbridge.cloud.device;

import java.time.Instant;

/**
 * A Windows Hello for Business key (MS-KPP {@code kngc}, protocol-notes §3.1): the public half of the user's
 * device-bound sign-in key, bound to one user <em>and</em> one device. {@code kid} = standard base64 (with
 * padding) of SHA-256 over {@code keyBlob}, the BCRYPT_RSAKEY_BLOB — the {@code kid} header of the Hello
 * assertion JWT (§3.2a).
 */
public record HelloKey(String kid, String tenantId, String userId, String deviceId, byte[] keyBlob, Instant createdAt) {}
