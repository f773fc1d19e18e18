// RFC 6749 §5.2 (error response), protocol-notes §3.2a (the body is what R shows the user).
package io.kerbridge.cloud.prt;

import io.kerbridge.cloud.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refused token request, answered in Entra's OAuth error shape:
 * {@code {"error": "invalid_grant", "error_description": "AADSTS50055: ...", "error_codes": [50055], "code": "password_expired"}}.
 */
public final class OAuthException extends ApiException {
    private final PrtError error;

    OAuthException(PrtError error, String message) {
        super(error.status(), error.code(), message);
        this.error = error;
    }

    public PrtError error() {
        return error;
    }

    /** "AADSTSnnnnn: message", as Entra writes error_description. */
    public String description() {
        return "AADSTS" + error.aadsts() + ": " + getMessage();
    }

    @Override
    public Object replyBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.oauthError());
        body.put("error_description", description());
        body.put("error_codes", List.of(error.aadsts()));
        body.put("code", error.code());
        return body;
    }
}
