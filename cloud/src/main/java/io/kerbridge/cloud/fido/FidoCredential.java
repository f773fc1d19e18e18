// W3C WebAuthn Level 2 §7.1 step 24 (the credential record kept after registration) and §7.2 steps 21-22 (what
// an assertion is checked against, and the signature counter it advances); protocol-notes §2.1.
package io.kerbridge.cloud.fido;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A registered FIDO2 security key of one user. {@code credentialId} is base64url without padding;
 * {@code attestedCredentialData} is the authenticator's encoding (AAGUID, credential id, COSE public key) that
 * the verifier decodes again; {@code rpId} is the RP ID the key was made for (assertions must carry its hash);
 * the three flags are those §7.2 compares later (BE must not change).
 */
public record FidoCredential(String credentialId, String tenantId, String userId, String rpId,
        byte[] attestedCredentialData, String aaguid, long signCount, boolean uvInitialized, boolean backupEligible,
        boolean backupState, List<String> transports, String displayName, Instant createdAt,
        Optional<Instant> lastUsedAt) {
    public FidoCredential {
        attestedCredentialData = attestedCredentialData.clone();
        transports = List.copyOf(transports);
    }

    @Override
    public byte[] attestedCredentialData() {
        return attestedCredentialData.clone();
    }
}
