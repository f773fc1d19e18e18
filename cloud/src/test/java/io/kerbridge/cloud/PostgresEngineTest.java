package io.kerbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.Totp;
import io.kerbridge.cloud.http.Json;
import io.kerbridge.kerberos.testing.Postgres;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The cloud on PostgreSQL (DESIGN.md §4, the engine for several nodes): the same migrations and SQL run on a real
 * PostgreSQL 15, state survives a restart, and two nodes started from copies of one data directory serve one tenant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresEngineTest {
    final CloudServiceTest.MovableClock clock = new CloudServiceTest.MovableClock();
    final SecureRandom random = new SecureRandom();
    Postgres pg;
    Path dir;
    CloudInit.Result init;
    HttpClient http;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        pg = Postgres.start();
        dir = tmp.resolve("node1");
        init = CloudInit.init(new CloudInit.Spec(dir, "contoso.test", List.of(), "Contoso", "admin@contoso.test",
                "Admin-Passw0rd!".toCharArray(), "127.0.0.1", 0, List.of(),
                new CloudInit.Postgres(pg.url(), Postgres.USER, pg.passwordFile(tmp.resolve("pgpw")))), clock, random);
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
    }

    @AfterAll
    void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    JsonNode call(int port, String method, String path, String token, Object body, int expect) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/v1/" + init.tenantId() + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expect);
        return r.body().isBlank() ? null : Json.MAPPER.readTree(r.body());
    }

    String login(int port) throws Exception {
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        return call(port, "POST", "/admin/login", null, Map.of("username", "admin@contoso.test", "password", "Admin-Passw0rd!",
                "totp", Totp.code(Base32.decode(init.totpSecretBase32()), Totp.step(clock.instant()))), 200)
                .get("access_token").asString();
    }

    @Test
    void theCloudRunsOnPostgresAcrossRestartsAndTwoNodes() throws Exception {
        assertThat(Files.exists(dir.resolve("cloud.mv.db"))).as("no embedded database when PostgreSQL is configured").isFalse();
        assertThat(Files.readString(dir.resolve("cloud.json"))).contains("jdbc:postgresql://").doesNotContain(pg.url() + "?password");
        String sid = "S-1-5-21-1-2-3-1105";
        try (CloudService node1 = CloudService.start(dir, 0, clock, random)) {
            String token = login(node1.port());
            call(node1.port(), "POST", "/users", token, Map.of("userPrincipalName", "eve@contoso.test", "password",
                    "Eve-Passw0rd!"), 201);
            call(node1.port(), "PUT", "/synced-users/" + sid, token, Map.of("userPrincipalName", "alice@contoso.test",
                    "onPremisesSamAccountName", "alice", "onPremisesDomainName", "contoso.test"), 201);
            call(node1.port(), "PUT", "/synced-groups/S-1-5-21-1-2-3-1200", token, Map.of("displayName", "Finance",
                    "onPremisesSamAccountName", "Finance", "onPremisesDomainName", "contoso.test", "members", List.of(sid)), 201);
            // a duplicate UPN is a constraint the database enforces: a 409, not a 500, on PostgreSQL too
            call(node1.port(), "POST", "/users", token, Map.of("userPrincipalName", "eve@contoso.test", "password",
                    "Eve-Passw0rd!"), 409);
        }
        // restart, and a second node from a copy of the data directory: both see the same tenant data
        Path dir2 = dir.resolveSibling("node2");
        copy(dir, dir2);
        try (CloudService node1 = CloudService.start(dir, 0, clock, random);
                CloudService node2 = CloudService.start(dir2, 0, clock, random)) {
            String t2 = login(node2.port());
            JsonNode users = call(node2.port(), "GET", "/users", t2, null, 200).get("value");
            assertThat(users.findValuesAsString("userPrincipalName")).contains("eve@contoso.test", "alice@contoso.test");
            JsonNode groups = call(node2.port(), "GET", "/groups", t2, null, 200).get("value");
            assertThat(groups.get(0).get("onPremisesSecurityIdentifier").asString()).isEqualTo("S-1-5-21-1-2-3-1200");
            String t1 = login(node1.port());
            call(node1.port(), "POST", "/users", t1, Map.of("userPrincipalName", "frank@contoso.test", "password",
                    "Frank-Passw0rd!"), 201);
            assertThat(call(node2.port(), "GET", "/users/frank@contoso.test", t2, null, 200).get("userPrincipalName")
                    .asString()).isEqualTo("frank@contoso.test");
            JsonNode audit = call(node2.port(), "GET", "/audit?limit=50", t2, null, 200).get("value");
            assertThat(audit.findValuesAsString("activity")).contains("Add user", "Add group (synced)");
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
