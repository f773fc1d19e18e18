package io.kerbridge.cloud;

/**
 * A refused API request: HTTP status, a stable machine-readable code (asserted by tests and clients) and a
 * message that says what to fix. Answered as {@code {"error": message, "code": code}}.
 */
public final class ApiException extends Exception {
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
