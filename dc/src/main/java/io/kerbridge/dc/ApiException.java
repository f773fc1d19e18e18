package io.kerbridge.dc;

/** A refused admin API request: HTTP status and a message that says what to fix. */
public final class ApiException extends Exception {
    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String m) {
        return new ApiException(400, m);
    }

    public static ApiException notFound(String m) {
        return new ApiException(404, m);
    }

    public static ApiException conflict(String m) {
        return new ApiException(409, m);
    }

    public static ApiException forbidden(String m) {
        return new ApiException(403, m);
    }
}
