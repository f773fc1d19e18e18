package io.kerbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.cloud.CloudServiceTest.MovableClock;
import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.Totp;
import io.kerbridge.cloud.http.Json;
import io.kerbridge.cloud.store.Tenant;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The cloud service on loopback (TLS, host names login.contoso.test, localhost, 127.0.0.1) for the security-key
 * tests, with a JDK HttpClient that trusts only the tenant CA, an admin and helpers to make users and sign in.
 */
final class FidoTestService implements AutoCloseable {
    static final String ADMIN = "admin@contoso.test";
    static final String ADMIN_PASSWORD = "Admin-Passw0rd!";

    final MovableClock clock = new MovableClock();
    final CloudInit.Result init;
    final CloudService service;
    final HttpClient http;
    final String origin;
    final String api;

    record Res(int status, JsonNode json, String raw) {
        String code() {
            return json == null || !json.has("code") ? null : json.get("code").asString();
        }
    }

    /** A user made by the admin: id, UPN, password and TOTP secret. */
    record TestUser(String id, String upn, String password, String totpSecret) {}

    FidoTestService(Path dir) throws Exception {
        SecureRandom random = new SecureRandom();
        init = CloudInit.init(new CloudInit.Spec(dir, "contoso.test", List.of(), "Contoso", ADMIN,
                ADMIN_PASSWORD.toCharArray(), "127.0.0.1", 0, List.of()), clock, random);
        service = CloudService.start(dir, 0, clock, random);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(init.caCertificate())) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        origin = "https://localhost:" + service.port();
        api = origin + "/api/v1/" + init.tenantId();
    }

    Tenant tenant() {
        return new Tenant(init.tenantId(), "Contoso", List.of("contoso.test"), Instant.EPOCH);
    }

    Res call(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json") && !r.body().isBlank()) {
            json = Json.MAPPER.readTree(r.body());
        }
        return new Res(r.statusCode(), json, r.body());
    }

    Res post(String path, String token, Object body) throws Exception {
        return call("POST", api + path, token, Json.MAPPER.writeValueAsString(body));
    }

    /** A fresh TOTP code for the current step, after moving the clock one step on (codes are single-use). */
    String nextTotp(String base32Secret) {
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        return Totp.code(Base32.decode(base32Secret), Totp.step(clock.instant()));
    }

    String token(String upn, String password, String secret) throws Exception {
        Res r = post("/admin/login", null, Map.of("username", upn, "password", password, "totp", nextTotp(secret)));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.json().get("access_token").asString();
    }

    String adminToken() throws Exception {
        return token(ADMIN, ADMIN_PASSWORD, init.totpSecretBase32());
    }

    TestUser createUser(String upn, String password) throws Exception {
        Res u = post("/users", adminToken(), Map.of("userPrincipalName", upn, "password", password));
        assertThat(u.status()).as(u.raw()).isEqualTo(201);
        return new TestUser(u.json().get("id").asString(), upn, password,
                u.json().get("totpEnrollment").get("secret").asString());
    }

    String token(TestUser u) throws Exception {
        return token(u.upn(), u.password(), u.totpSecret());
    }

    /** base64(SHA-256(SubjectPublicKeyInfo)) of the service's TLS certificate, as Chromium's SPKI allow-list wants. */
    String tlsSpkiSha256() throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(origin + "/healthz")).build(),
                HttpResponse.BodyHandlers.discarding());
        Certificate leaf = r.sslSession().orElseThrow().getPeerCertificates()[0];
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(leaf.getPublicKey().getEncoded()));
    }

    @Override
    public void close() {
        service.close();
    }
}
