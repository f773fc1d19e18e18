// W3C WebAuthn Level 2 §5.1 (PublicKeyCredential, rawId), §5.2.1 (AuthenticatorAttestationResponse) and §5.2.2
// (AuthenticatorAssertionResponse): the binary members travel as base64url text (as in the Level 3 JSON forms).
// Decoding them is the first step of §7.1 and §7.2; any failure is a 400 with the caller's code.
package io.kerbridge.cloud.fido;

import io.kerbridge.cloud.ApiException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads the JSON forms of WebAuthn responses; every shape or base64url error is a 400 with a stable code. */
final class WebAuthnJson {
    static final String MALFORMED_ASSERTION = "malformed_assertion";
    static final String MALFORMED_CREDENTIAL = "malformed_credential";
    /** §5.8.4 AuthenticatorTransport values; unknown hints are dropped, as clients must ignore them too. */
    private static final Set<String> TRANSPORTS = Set.of("usb", "nfc", "ble", "smart-card", "hybrid", "internal");

    private WebAuthnJson() {}

    /** The assertion object of a PRT request (shape fixed by {@link Fido2Assertions}). */
    record Assertion(String credentialId, byte[] clientDataJSON, byte[] authenticatorData, byte[] signature,
            Optional<byte[]> userHandle) {}

    /** A registration response (RegistrationResponseJSON of WebAuthn Level 3, as the register page sends it). */
    record Registration(String credentialId, byte[] clientDataJSON, byte[] attestationObject, List<String> transports) {}

    static Assertion assertion(JsonNode a) throws ApiException {
        if (a == null || !a.isObject()) {
            throw malformed(MALFORMED_ASSERTION, "the WebAuthn assertion must be a JSON object");
        }
        byte[] id = b64url(a, "credentialId", MALFORMED_ASSERTION);
        byte[] handle = a.hasNonNull("userHandle") ? b64url(a, "userHandle", MALFORMED_ASSERTION) : null;
        return new Assertion(encode(id), b64url(a, "clientDataJSON", MALFORMED_ASSERTION),
                b64url(a, "authenticatorData", MALFORMED_ASSERTION), b64url(a, "signature", MALFORMED_ASSERTION),
                Optional.ofNullable(handle).filter(h -> h.length > 0));
    }

    static Registration registration(JsonNode cred) throws ApiException {
        if (cred == null || !cred.isObject() || !cred.path("response").isObject()) {
            throw malformed(MALFORMED_CREDENTIAL, "'credential' must be a PublicKeyCredential in JSON form with a 'response'");
        }
        if (!"public-key".equals(cred.path("type").asString(""))) {
            throw malformed(MALFORMED_CREDENTIAL, "credential.type must be 'public-key'");
        }
        byte[] rawId = b64url(cred, "rawId", MALFORMED_CREDENTIAL);
        if (cred.hasNonNull("id") && !encode(rawId).equals(cred.get("id").asString(""))) {
            throw malformed(MALFORMED_CREDENTIAL, "credential.id and credential.rawId differ");
        }
        JsonNode r = cred.get("response");
        return new Registration(encode(rawId), b64url(r, "clientDataJSON", MALFORMED_CREDENTIAL),
                b64url(r, "attestationObject", MALFORMED_CREDENTIAL), transports(r.path("transports")));
    }

    private static List<String> transports(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode t : node) {
                if (t.isString() && TRANSPORTS.contains(t.asString()) && !out.contains(t.asString())) {
                    out.add(t.asString());
                }
            }
        }
        return List.copyOf(out);
    }

    static byte[] b64url(JsonNode obj, String field, String code) throws ApiException {
        JsonNode v = obj.get(field);
        if (v == null || !v.isString() || v.asString().isEmpty()) {
            throw malformed(code, "'" + field + "' is missing or not a string");
        }
        try {
            return Base64.getUrlDecoder().decode(v.asString());
        } catch (IllegalArgumentException e) {
            throw malformed(code, "'" + field + "' is not base64url");
        }
    }

    static byte[] decode(String b64url) {
        return Base64.getUrlDecoder().decode(b64url);
    }

    static String encode(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static ApiException malformed(String code, String message) {
        return ApiException.badRequest(code, message);
    }
}
