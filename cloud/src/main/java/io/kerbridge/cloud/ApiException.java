package io.kerbridge.cloud;

/**
 * A refused API request: HTTP status, a stable machine-readable code (asserted by tests and clients) and a
 * message that says what to fix. Answered as {@code {"error": message, "code": code}}, unless a subclass
 * gives its own {@link #replyBody()} (the OAuth token endpoint answers in the OAuth error shape).
 */
public class ApiException extends Exception {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The JSON body to answer with instead of {@code {"error", "code"}}, or null for that default shape. */
    public Object replyBody() {
        return null;
    }

    public static ApiException badRequest(String code, String m) {
        return new ApiException(400, code, m);
    }

    public static ApiException unauthorized(String code, String m) {
        return new ApiException(401, code, m);
    }

    public static ApiException forbidden(String m) {
        return new ApiException(403, "forbidden", m);
    }

    public static ApiException notFound(String m) {
        return new ApiException(404, "not_found", m);
    }

    public static ApiException conflict(String code, String m) {
        return new ApiException(409, code, m);
    }
}
