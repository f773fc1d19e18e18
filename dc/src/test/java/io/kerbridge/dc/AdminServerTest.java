package io.kerbridge.dc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API's HTTP plumbing over real TLS (the certificate dc init makes), with an authenticator
 * that stands in for Negotiate: routing, 401 with a Negotiate challenge, Domain Admins for writes,
 * JSON errors, bad JSON.
 */
class AdminServerTest {
    @TempDir
    static Path dir;
    static AdminServer server;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        TlsMaterial tls = TlsMaterial.create(dir, List.of("localhost", "127.0.0.1"), new SecureRandom());
        AdminAuthenticator auth = h -> switch (h == null ? "" : h) {
            case "Negotiate admin" -> Optional.of(new Caller("administrator@CONTOSO.TEST", true, Optional.of("Negotiate oK")));
            case "Negotiate user" -> Optional.of(new Caller("alice@CONTOSO.TEST", false, Optional.empty()));
            default -> Optional.empty();
        };
        server = new AdminServer(new InetSocketAddress("127.0.0.1", 0), tls, auth, List.of(
                Route.get("/api/v1/users/{name}", (c, p, b) -> Map.of("name", p.get("name"), "by", c.principal())),
                Route.post("/api/v1/users", (c, p, b) -> {
                    if (!b.has("name")) {
                        throw ApiException.badRequest("name is required");
                    }
                    return Map.of("created", b.get("name").asString());
                }))).start();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(tls.certificatePem())) {
            trust.setCertificateEntry("dc", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ctx).build();
    }

    @AfterAll
    static void stop() {
        server.close();
        http.close();
    }

    private static HttpResponse<String> call(String method, String path, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutCredentialsTheAnswerIsANegotiateChallenge() throws Exception {
        HttpResponse<String> r = call("GET", "/api/v1/users/alice", null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Negotiate");
        assertThat(call("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void readsAreForAnyAuthenticatedUserWritesForDomainAdmins() throws Exception {
        HttpResponse<String> r = call("GET", "/api/v1/users/al%20ice", "Negotiate user", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"name\":\"al ice\"").contains("alice@CONTOSO.TEST");
        HttpResponse<String> denied = call("POST", "/api/v1/users", "Negotiate user", "{\"name\":\"bob\"}");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("not a member of Domain Admins");
        HttpResponse<String> ok = call("POST", "/api/v1/users", "Negotiate admin", "{\"name\":\"bob\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("WWW-Authenticate")).contains("Negotiate oK");
    }

    @Test
    void badRequestsGetAJsonErrorThatSaysWhy() throws Exception {
        assertThat(call("POST", "/api/v1/users", "Negotiate admin", "{not json").body()).contains("not valid JSON");
        assertThat(call("POST", "/api/v1/users", "Negotiate admin", "{}").body()).contains("name is required");
        assertThat(call("GET", "/api/v1/nothing", "Negotiate admin", null).statusCode()).isEqualTo(404);
    }

    @Test
    void keyMaterialIsPrivate() throws Exception {
        assertThat(Files.getPosixFilePermissions(dir.resolve("tls.p12"))).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(dir.resolve("tls.pass"))).hasSize(2);
    }
}
