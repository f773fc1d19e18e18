// protocol-notes §3.1 (the device's CSR, transport key and kngc travel base64-encoded in JSON), §3.2a (kid is
// standard base64 with padding; it contains '+', '/' and '=', so URLs carry it base64url-encoded).
package io.kerbridge.cloud.device;

import io.kerbridge.cloud.ApiException;
import java.util.Base64;
import java.util.Optional;

/** Small decoding checks shared by the device, Hello key and policy routes; every failure is a 400 naming the field. */
final class Wire {
    private Wire() {}

    /** Standard base64 (RFC 4648 §4, padding optional) or base64url (§5) — clients differ; never MIME line breaks. */
    static byte[] base64(String value, String field) throws ApiException {
        String v = value.strip();
        try {
            return v.indexOf('-') >= 0 || v.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(v) : Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_base64", "field '" + field + "' is not base64");
        }
    }

    /** A kid from a URL path (base64url, with or without padding) back in its stored form (standard base64, padded). */
    static String kidFromPath(String pathKid) throws ApiException {
        String k = pathKid.replace('-', '+').replace('_', '/');
        if (!k.matches("[A-Za-z0-9+/]{43}=?")) {
            throw ApiException.badRequest("invalid_kid", "the kid in the path must be the base64url form of a 32-byte key id");
        }
        return k.endsWith("=") ? k : k + "=";
    }

    /** The kid in its URL form (base64url without padding). */
    static String kidForPath(String kid) {
        return kid.replace('+', '-').replace('/', '_').replace("=", "");
    }

    /** An optional short free-text field: trimmed, at most {@code max} characters, no control characters. */
    static Optional<String> text(String value, String field, int max) throws ApiException {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.length() > max || v.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("invalid_field", "field '" + field + "' must be at most " + max
                    + " characters without control characters");
        }
        return Optional.of(v);
    }
}
