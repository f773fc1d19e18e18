// W3C WebAuthn Level 2 §7.2 (verifying an authentication assertion); protocol-notes §2.1 (FIDO2 sign-in
// yields the same PRT and partial TGT as Hello).
package io.kerbridge.cloud.fido;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.store.Tenant;
import tools.jackson.databind.JsonNode;

/**
 * Verifies a WebAuthn assertion made by a registered FIDO2 security key, as carried in a PRT request. The
 * assertion object (claim {@code webauthn} of the device-signed request JWT) has the fields
 * {@code credentialId}, {@code clientDataJSON}, {@code authenticatorData}, {@code signature} and optionally
 * {@code userHandle}, each base64url without padding; its challenge must be the UTF-8 bytes of the request's
 * {@code request_nonce}.
 */
public interface Fido2Assertions {
    /** The id of the user whose credential made the assertion; every failure is a 4xx ApiException with its own code. */
    String verify(Tenant tenant, String expectedNonce, JsonNode assertion) throws ApiException;
}
