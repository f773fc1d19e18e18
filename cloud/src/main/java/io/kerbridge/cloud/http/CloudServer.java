package io.kerbridge.cloud.http;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.Metrics;
import io.kerbridge.cloud.auth.Principal;
import io.kerbridge.cloud.auth.TokenService;
import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.Role;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The cloud service's HTTPS front (Jetty 12 core on virtual threads; same shape as the DC's admin server).
 * Serves {@code /healthz}, {@code /metrics}, {@code /openapi.json} and the routes. For a protected route:
 * bearer token → tenant of the path → signature/expiry/tenant (TokenService) → the user still exists and is
 * enabled → it holds one of the route's roles now (roles are read from the directory on every call, so a
 * removed role takes effect at once), unless the route is for any signed-in user ({@link Route#user}).
 * Errors are {@code {"error": "...", "code": "..."}}; bad input is always a 4xx, and only a bug gives a 500.
 */
public final class CloudServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudServer.class);
    public static final int MAX_BODY = 64 * 1024;
    /** How much of an oversized body is read and dropped so that its 413 reaches the client (see tooLarge). */
    static final int DRAIN_LIMIT = 1024 * 1024;

    private final Server server;
    private final ServerConnector connector;

    public CloudServer(InetSocketAddress bind, KeyStore tls, char[] tlsPassword, CloudStore store, TokenService tokens,
            Metrics metrics, byte[] openApi, List<Route> routes) {
        QueuedThreadPool pool = new QueuedThreadPool(32, 2);
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        pool.setName("cloud-api");
        server = new Server(pool);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls);
        ssl.setKeyStorePassword(new String(tlsPassword));
        HttpConfiguration https = new HttpConfiguration();
        https.setSendServerVersion(false);
        https.addCustomizer(new SecureRequestCustomizer(false));
        connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(bind.getHostString());
        connector.setPort(bind.getPort());
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(new Dispatcher(store, tokens, metrics, openApi, List.copyOf(routes)));
    }

    public CloudServer start() throws IOException {
        try {
            server.start();
        } catch (Exception e) {
            throw new IOException("cannot start the cloud service on " + connector.getHost() + ":" + connector.getPort()
                    + ": " + e.getMessage(), e);
        }
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("cloud service stop: {}", e.toString());
        }
    }

    private static final class Dispatcher extends Handler.Abstract {
        private final CloudStore store;
        private final TokenService tokens;
        private final Metrics metrics;
        private final byte[] openApi;
        private final List<Route> routes;

        Dispatcher(CloudStore store, TokenService tokens, Metrics metrics, byte[] openApi, List<Route> routes) {
            this.store = store;
            this.tokens = tokens;
            this.metrics = metrics;
            this.openApi = openApi;
            this.routes = routes;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            if (method.equals("GET") && path.equals("/healthz")) {
                return send(response, callback, 200, Map.of("status", "ok"));
            }
            if (method.equals("GET") && path.equals("/metrics")) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                Content.Sink.write(response, true, metrics.render(), callback);
                return true;
            }
            if (method.equals("GET") && path.equals("/openapi.json")) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, java.nio.ByteBuffer.wrap(openApi), callback);
                return true;
            }
            boolean pathKnown = false;
            for (Route r : routes) {
                Map<String, String> params = r.match(path);
                if (params != null) {
                    pathKnown = true;
                    if (r.method().equals(method)) {
                        return dispatch(r, params, request, response, callback);
                    }
                }
            }
            return pathKnown
                    ? error(response, callback, new ApiException(405, "method_not_allowed", method + " is not allowed on " + path))
                    : error(response, callback, ApiException.notFound("no such endpoint: " + method + " " + path));
        }

        private boolean dispatch(Route r, Map<String, String> params, Request request, Response response, Callback callback) {
            try {
                // read the (bounded) body first: a request whose body is left unread costs the client its connection
                byte[] raw = readRaw(request, response);
                Optional<Tenant> tenant = Optional.empty();
                if (params.containsKey("tenant")) {
                    tenant = store.tenants().find(params.get("tenant"));
                }
                Optional<Principal> caller = Optional.empty();
                if (!r.isPublic()) {
                    caller = Optional.of(authorize(r, tenant, request, response));
                } else if (params.containsKey("tenant") && tenant.isEmpty()) {
                    throw ApiException.notFound("no such tenant: " + params.get("tenant"));
                }
                JsonNode body = r.raw() ? null : parseBody(request, raw);
                Route.Reply reply = r.handler().handle(new Route.Call(caller, tenant, Map.copyOf(params), query(request),
                        body, raw, headers(request)));
                return send(response, callback, reply.status(), reply.body());
            } catch (ApiException e) {
                return error(response, callback, e);
            } catch (io.kerbridge.cloud.store.Database.ConstraintViolation e) {
                return error(response, callback, ApiException.conflict("conflict", "the change conflicts with existing data"));
            } catch (RuntimeException e) {
                LOG.error("cloud API {} {} failed", r.method(), r.template(), e);
                return error(response, callback, new ApiException(500, "internal_error", "internal error; see the service log"));
            }
        }

        private Principal authorize(Route r, Optional<Tenant> tenant, Request request, Response response) throws ApiException {
            String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.length() <= 7) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
                throw ApiException.unauthorized("missing_token", "sign in and send 'Authorization: Bearer <token>'");
            }
            if (tenant.isEmpty()) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
                throw ApiException.unauthorized("invalid_token", "the bearer token is not valid for this tenant");
            }
            TokenService.Claims claims;
            try {
                claims = tokens.verify(tenant.get().id(), auth.substring(7).strip());
            } catch (ApiException e) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
                throw e;
            }
            Optional<User> user = store.users().find(tenant.get().id(), claims.userId())
                    .filter(u -> u.id().equals(claims.userId()));
            if (user.isEmpty() || !user.get().enabled()) {
                throw ApiException.unauthorized("invalid_token", "the token's user no longer exists or is disabled");
            }
            Set<Role> roles = store.roles().of(user.get().id());
            if (!r.anyUser() && roles.stream().noneMatch(r.anyOf()::contains)) {
                throw ApiException.forbidden(user.get().upn() + " holds none of the roles this call needs: "
                        + r.anyOf().stream().map(Role::displayName).sorted().toList());
            }
            return new Principal(tenant.get().id(), user.get().id(), user.get().upn(), roles, claims.amr(), claims.authTime());
        }

        private static Map<String, String> headers(Request request) {
            Map<String, String> out = new HashMap<>();
            request.getHeaders().forEach(f -> out.putIfAbsent(f.getLowerCaseName(), f.getValue()));
            return out;
        }

        private static Map<String, String> query(Request request) {
            Map<String, String> out = new HashMap<>();
            Request.extractQueryParameters(request).forEach(f -> out.put(f.getName(), f.getValue()));
            return out;
        }

        private static byte[] readRaw(Request request, Response response) throws ApiException {
            long len = request.getLength();
            if (len > MAX_BODY) {
                tooLarge(request, response, len > DRAIN_LIMIT);
            }
            byte[] raw;
            try (InputStream in = Content.Source.asInputStream(request)) {
                raw = in.readNBytes(MAX_BODY + 1);
                if (raw.length > MAX_BODY) { // chunked, no length given
                    tooLarge(request, response, in.skip(DRAIN_LIMIT) >= DRAIN_LIMIT);
                }
            } catch (IOException e) {
                throw ApiException.badRequest("unreadable_body", "cannot read the request body");
            }
            return raw;
        }

        /**
         * 413. A moderately oversized body (up to {@link #DRAIN_LIMIT}) is read and dropped first, so the client, still
         * sending, gets the answer on an intact connection instead of a reset; beyond that the connection is closed.
         */
        private static void tooLarge(Request request, Response response, boolean close) throws ApiException {
            if (close) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            } else {
                try (InputStream in = Content.Source.asInputStream(request)) {
                    in.skip(DRAIN_LIMIT);
                } catch (IOException e) {
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                }
            }
            throw new ApiException(413, "body_too_large", "request body over " + MAX_BODY + " bytes");
        }

        private static JsonNode parseBody(Request request, byte[] raw) throws ApiException {
            if (raw.length == 0) {
                return null;
            }
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                throw new ApiException(415, "unsupported_media_type", "send the body as application/json");
            }
            return Json.parse(new String(raw, StandardCharsets.UTF_8));
        }

        private boolean error(Response response, Callback callback, ApiException e) {
            if (e.replyBody() != null) {
                return send(response, callback, e.status(), e.replyBody());
            }
            Map<String, String> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            body.put("code", e.code());
            return send(response, callback, e.status(), body);
        }

        private boolean send(Response response, Callback callback, int status, Object body) {
            metrics.inc("kerbridge_cloud_http_requests_total", "status", Integer.toString(status));
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store"); // answers carry tokens and secrets
            if (body == null) {
                callback.succeeded();
                return true;
            }
            if (body instanceof Route.Bytes b) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, b.contentType());
                response.write(true, java.nio.ByteBuffer.wrap(b.body()), callback);
                return true;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, Json.MAPPER.writeValueAsString(body) + "\n", callback);
            return true;
        }
    }
}
