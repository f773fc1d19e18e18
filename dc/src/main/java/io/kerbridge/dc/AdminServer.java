package io.kerbridge.dc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The DC's HTTPS admin API (Jetty 12 core, virtual threads). Every request must authenticate with
 * HTTP Negotiate (RFC 4559); writes (and admin-only reads) need Domain Admins. Answers are JSON; errors are
 * {@code {"error": "..."}} with a status that says what kind of problem it is.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger AUDIT = LoggerFactory.getLogger("kerbridge.audit.admin");
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BODY = 64 * 1024;

    private final Server server;
    private final ServerConnector connector;

    public AdminServer(InetSocketAddress bind, TlsMaterial tls, AdminAuthenticator auth, List<Route> routes)
            throws IOException {
        QueuedThreadPool pool = new QueuedThreadPool(32, 2);
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        pool.setName("admin-api");
        server = new Server(pool);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.loadKeyStore());
        ssl.setKeyStorePassword(new String(tls.password()));
        HttpConfiguration https = new HttpConfiguration();
        https.setSendServerVersion(false);
        https.setRequestHeaderSize(80 * 1024); // Negotiate tokens with large PACs exceed Jetty's 8 KiB default
        https.addCustomizer(new SecureRequestCustomizer(false));
        connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(bind.getHostString());
        connector.setPort(bind.getPort());
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(new Dispatcher(auth, List.copyOf(routes)));
    }

    public AdminServer start() throws IOException {
        try {
            server.start();
        } catch (Exception e) {
            throw new IOException("cannot start the admin API on " + connector.getHost() + ":" + connector.getPort()
                    + ": " + e.getMessage(), e);
        }
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LoggerFactory.getLogger(AdminServer.class).warn("admin API stop: {}", e.toString());
        }
    }

    private static final class Dispatcher extends Handler.Abstract {
        private final AdminAuthenticator auth;
        private final List<Route> routes;

        Dispatcher(AdminAuthenticator auth, List<Route> routes) {
            this.auth = auth;
            this.routes = routes;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            if (path.equals("/healthz")) {
                return send(response, callback, 200, Map.of("status", "ok"));
            }
            Optional<Caller> caller = auth.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            if (caller.isEmpty()) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Negotiate");
                return send(response, callback, 401, Map.of("error", "authenticate with Kerberos (Negotiate)"));
            }
            caller.get().negotiateReply().ifPresent(t -> response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, t));
            for (Route r : routes) {
                Map<String, String> params = r.method().equals(method) ? r.match(path) : null;
                if (params != null) {
                    return dispatch(r, caller.get(), params, request, response, callback);
                }
            }
            return send(response, callback, 404, Map.of("error", "no such endpoint: " + method + " " + path));
        }

        private boolean dispatch(Route r, Caller caller, Map<String, String> params, Request request, Response response,
                Callback callback) {
            String outcome = "OK";
            try {
                // read the (bounded) body first: a refusal that leaves it unread costs the client its connection
                JsonNode body = readBody(request);
                if (r.adminOnly() && !caller.domainAdmin()) {
                    throw ApiException.forbidden(caller.principal() + " is not a member of Domain Admins");
                }
                Object result = r.handler().handle(caller, params, body);
                return result == null ? send(response, callback, 204, null) : send(response, callback, 200, result);
            } catch (ApiException e) {
                outcome = "REFUSED " + e.status();
                return send(response, callback, e.status(), Map.of("error", e.getMessage()));
            } catch (RuntimeException e) {
                outcome = "FAILED";
                LoggerFactory.getLogger(AdminServer.class).error("admin API {} {} failed", r.method(), r.template(), e);
                return send(response, callback, 500, Map.of("error", "internal error; see the DC log"));
            } finally {
                AUDIT.info("ADMIN {} {} by {} {}", r.method(), r.template(), caller.principal(), outcome);
            }
        }

        private static JsonNode readBody(Request request) throws ApiException {
            try {
                long len = request.getLength();
                if (len > MAX_BODY) {
                    throw ApiException.badRequest("request body over " + MAX_BODY + " bytes");
                }
                String s = Content.Source.asString(request, StandardCharsets.UTF_8);
                if (s.length() > MAX_BODY) {
                    throw ApiException.badRequest("request body over " + MAX_BODY + " bytes");
                }
                return s.isBlank() ? JSON.createObjectNode() : JSON.readTree(s);
            } catch (JacksonException e) {
                throw ApiException.badRequest("the request body is not valid JSON");
            } catch (IOException e) {
                throw ApiException.badRequest("cannot read the request body: " + e.getMessage());
            }
        }

        private static boolean send(Response response, Callback callback, int status, Object body) {
            response.setStatus(status);
            // answers may carry key material (keytabs, the Kerberos server key): never cached
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            if (body == null) {
                callback.succeeded();
                return true;
            }
            if (body instanceof byte[] raw) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
                response.write(true, java.nio.ByteBuffer.wrap(raw), callback);
                return true;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, JSON.writeValueAsString(body) + "\n", callback);
            return true;
        }
    }
}
