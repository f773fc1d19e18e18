package io.kerbridge.cloud.http;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.auth.Principal;
import io.kerbridge.cloud.store.Role;
import io.kerbridge.cloud.store.Tenant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One API endpoint: method, path template ({@code /api/v1/{tenant}/users/{id}}), who may call it, and the
 * handler. Templates with {@code {tenant}} are resolved to a tenant by id or verified domain name before the
 * handler runs. Who may call it:
 * <ul>
 * <li>{@link #of}/{@link #raw} with roles: a bearer token of a user of the tenant holding one of {@code anyOf};</li>
 * <li>{@link #of}/{@link #raw} with an empty set: anyone, no token read (sign-in, device-authenticated routes
 *     whose handler checks its own proof);</li>
 * <li>{@link #user}/{@link #userRaw}: a bearer token of <em>any</em> enabled user of the tenant, whatever
 *     roles ({@code anyUser}); the handler decides more from {@link Call#principal()} (e.g. "self or admin",
 *     "fresh multi-factor sign-in").</li>
 * </ul>
 */
public record Route(String method, String template, Set<Role> anyOf, Handler handler, Pattern pattern, List<String> names,
        boolean raw, boolean anyUser) {
    /**
     * What a handler gets. {@code caller} is empty only on public routes. {@code body} is the parsed JSON body
     * (JSON routes); {@code raw} the body bytes as received (every route; raw routes parse it themselves, e.g. a
     * form-encoded OAuth request or a DER KKDCP message). {@code headers} are keyed by lower-case name.
     */
    public record Call(Optional<Principal> caller, Optional<Tenant> tenant, Map<String, String> params,
            Map<String, String> query, JsonNode body, byte[] raw, Map<String, String> headers) {
        public String param(String name) {
            return params.get(name);
        }

        /** A request header by (case-insensitive) name, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        public Principal principal() {
            return caller.orElseThrow();
        }

        public Tenant tenantOrThrow() {
            return tenant.orElseThrow();
        }
    }

    /** A 2xx answer: status and body (null = no body). */
    public record Reply(int status, Object body) {
        public static Reply ok(Object body) {
            return new Reply(200, body);
        }

        public static Reply created(Object body) {
            return new Reply(201, body);
        }

        public static Reply noContent() {
            return new Reply(204, null);
        }

        /** A non-JSON answer (HTML page, DER KKDCP message): sent as is with this content type. */
        public static Reply bytes(int status, String contentType, byte[] body) {
            return new Reply(status, new Bytes(contentType, body));
        }
    }

    /** The body of a non-JSON reply. */
    public record Bytes(String contentType, byte[] body) {}

    @FunctionalInterface
    public interface Handler {
        Reply handle(Call call) throws ApiException;
    }

    public static Route of(String method, String template, Set<Role> anyOf, Handler h) {
        return build(method, template, anyOf, h, false, false);
    }

    /** A route whose body is not JSON: the handler reads {@link Call#raw()} (and {@link Call#header}) itself. */
    public static Route raw(String method, String template, Set<Role> anyOf, Handler h) {
        return build(method, template, anyOf, h, true, false);
    }

    /** A JSON route for any signed-in user of the tenant (bearer token needed, no role needed). */
    public static Route user(String method, String template, Handler h) {
        return build(method, template, Set.of(), h, false, true);
    }

    /** A raw-body route for any signed-in user of the tenant. */
    public static Route userRaw(String method, String template, Handler h) {
        return build(method, template, Set.of(), h, true, true);
    }

    private static Route build(String method, String template, Set<Role> anyOf, Handler h, boolean raw, boolean anyUser) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{(\\w+)}").matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        Pattern p = Pattern.compile("^" + template.replaceAll("\\{(\\w+)}", "(?<$1>[^/]+)") + "$");
        return new Route(method, template, Set.copyOf(anyOf), h, p, List.copyOf(names), raw, anyUser);
    }

    /** No bearer token is read: anyone may call it. */
    public boolean isPublic() {
        return anyOf.isEmpty() && !anyUser;
    }

    /** The path parameters when {@code path} matches, else null. */
    public Map<String, String> match(String path) {
        Matcher m = pattern.matcher(path);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (String name : names) {
            params.put(name, m.group(name)); // Jetty's path in context is already percent-decoded
        }
        return params;
    }
}
