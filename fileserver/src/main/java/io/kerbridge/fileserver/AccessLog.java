// DESIGN.md §1 (one line per request: client principal, method, path, status; never tokens).
package io.kerbridge.fileserver;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on {@code kerbridge.files.access}, Jetty's own refusals included (a URI it finds
 * ambiguous, such as {@code %2e%2e}, never reaches {@link FilesHandler}):
 * {@code <client principal or -> <method> <path> <status> [<reason>] <ms>ms}. The reason is a stable name
 * (NO_CREDENTIALS, REPLAY, ACCESS_DENIED, BAD_PATH, …). Tokens, headers and file contents are never logged.
 */
final class AccessLog implements RequestLog {
    static final Logger LOG = LoggerFactory.getLogger("kerbridge.files.access");
    /** Request attributes the handler sets for this log. */
    static final String PRINCIPAL = "kerbridge.files.principal";
    static final String REASON = "kerbridge.files.reason";

    @Override
    public void log(Request request, Response response) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Object who = request.getAttribute(PRINCIPAL);
        Object reason = request.getAttribute(REASON);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getBeginNanoTime());
        LOG.info("{} {} {} {}{} {}ms", who == null ? "-" : who, printable(request.getMethod(), 20),
                printable(request.getHttpURI().getPath(), 300), response.getStatus(),
                reason == null ? "" : " " + reason, ms);
    }

    /** Bounded, and without control characters or spaces (the log is line- and space-separated). */
    static String printable(String s, int max) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 1);
        for (int i = 0; i < s.length() && i < max; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7F || Character.isWhitespace(c) ? '?' : c);
        }
        return s.length() > max ? b.append('…').toString() : b.toString();
    }
}
