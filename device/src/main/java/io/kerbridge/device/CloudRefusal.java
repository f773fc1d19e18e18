// protocol-notes §3.2a (anything but HTTP 200 is a refusal; the body is what the user sees), RFC 6749 §5.2 (OAuth
// error, error_description).
package io.kerbridge.device;

import java.util.Optional;

/**
 * The cloud answered with an error: HTTP status, its stable {@code code} (the management API's {@code code}, or the
 * token endpoint's {@code code} next to the OAuth {@code error}), and its message (the token endpoint's
 * {@code error_description}, "AADSTSnnnnn: …", else {@code error}).
 */
public final class CloudRefusal extends DeviceException {
    private final int status;
    private final String code;
    private final String serverMessage;

    public CloudRefusal(String what, int status, String code, String serverMessage) {
        super(what + ": " + serverMessage + (code == null ? "" : " [" + code + "]"));
        this.status = status;
        this.code = code;
        this.serverMessage = serverMessage;
    }

    public int status() {
        return status;
    }

    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** What the cloud said, without our prefix. */
    public String serverMessage() {
        return serverMessage;
    }
}
