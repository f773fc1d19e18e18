package io.kerbridge.cloud.device;

import java.time.Instant;
import java.util.Optional;

/**
 * A registered (Entra-joined) device (protocol-notes §3.1). {@code certificate} is the DER device certificate
 * the tenant CA issued (CN = device id), {@code deviceKeySpki} the public device key (signs PRT requests) and
 * {@code transportKeyBlob} the public transport key as a BCRYPT_RSAKEY_BLOB (the PRT session key is wrapped to
 * it with RSA-OAEP). {@code ownerUserId} is the user who joined it.
 */
public record Device(String id, String tenantId, String displayName, String ownerUserId, boolean enabled,
        byte[] certificate, byte[] deviceKeySpki, byte[] transportKeyBlob, Optional<String> osVersion,
        Instant registeredAt, Instant updatedAt) {

    public Device withEnabled(boolean on, Instant now) {
        return new Device(id, tenantId, displayName, ownerUserId, on, certificate, deviceKeySpki, transportKeyBlob,
                osVersion, registeredAt, now);
    }
}
