// RFC 9110 §15 (status codes).
package io.kerbridge.fileserver;

import java.util.Map;

/**
 * A request that ends in an HTTP error: the status, a stable reason for the access log and a one-line
 * message for the client. Thrown inside {@link FilesHandler} before anything has been written.
 */
final class HttpFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String reason;
    private final transient Map<String, String> headers;
    private final String contentType;
    private final String body;

    private HttpFailure(int status, String reason, String message, Map<String, String> headers, String contentType,
            String body) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
        this.headers = Map.copyOf(headers);
        this.contentType = contentType;
        this.body = body;
    }

    static HttpFailure of(int status, String reason, String message) {
        return new HttpFailure(status, reason, message, Map.of(), "text/plain; charset=utf-8", null);
    }

    static HttpFailure withHeaders(int status, String reason, String message, Map<String, String> headers) {
        return new HttpFailure(status, reason, message, headers, "text/plain; charset=utf-8", null);
    }

    /** A failure whose body is a document of its own (e.g. a DAV:error). */
    static HttpFailure withBody(int status, String reason, String message, String contentType, String body) {
        return new HttpFailure(status, reason, message, Map.of(), contentType, body);
    }

    int status() {
        return status;
    }

    String reason() {
        return reason;
    }

    Map<String, String> headers() {
        return headers;
    }

    String contentType() {
        return contentType;
    }

    /** The body to send: the document, or the status line and message as text. */
    String body() {
        return body != null ? body : status + " " + statusText(status) + ": " + getMessage() + "\n";
    }

    static String statusText(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            case 507 -> "Insufficient Storage";
            default -> "Error";
        };
    }
}
