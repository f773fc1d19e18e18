package io.kerbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kerbridge.cloud.CloudServiceTest.MovableClock;
import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.Totp;
import io.kerbridge.cloud.http.Json;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.keytransport.KerberosDomain;
import io.kerbridge.kerberos.keytransport.KeyContext;
import io.kerbridge.kerberos.keytransport.KeyEnvelope;
import io.kerbridge.kerberos.keytransport.TenantTransportKey;
import io.kerbridge.kerberos.keytransport.TenantTransportPrivateKey;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The Kerberos domains API on loopback over real TLS (issue 5). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KerberosDomainsApiTest {
    static final EncType AES256 = EncType.AES256_CTS_HMAC_SHA1_96;

    Path dir;
    final MovableClock clock = new MovableClock();
    final SecureRandom random = new SecureRandom();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final List<byte[]> sentKeys = new ArrayList<>();
    CloudService service;
    CloudInit.Result init;
    HttpClient http;
    String base;
    String tenantId;
    String hybridSecret;
    String plainSecret;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        dir = tmp.resolve("cloud");
        init = CloudInit.init(new CloudInit.Spec(dir, "contoso.test", List.of(), "Contoso", "admin@contoso.test",
                "Admin-Passw0rd!".toCharArray(), "127.0.0.1", 0, List.of()), clock, random);
        tenantId = init.tenantId();
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
        base = "https://localhost:" + service.port() + "/api/v1/" + tenantId;
        String admin = adminToken();
        hybridSecret = createUser(admin, "hybrid@contoso.test", "HybridIdentityAdministrator");
        plainSecret = createUser(admin, "plain@contoso.test", null);
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    record Res(int status, JsonNode json, String raw) {
        String code() {
            return json == null || !json.has("code") ? null : json.get("code").asString();
        }
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

    String token(String user, String password, String secret) throws Exception {
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        Res r = call("POST", base + "/admin/login", null, Json.MAPPER.writeValueAsString(Map.of("username", user,
                "password", password, "totp", Totp.code(Base32.decode(secret), Totp.step(clock.instant())))));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.json().get("access_token").asString();
    }

    String adminToken() throws Exception {
        return token("admin@contoso.test", "Admin-Passw0rd!", init.totpSecretBase32());
    }

    String hybridToken() throws Exception {
        return token("hybrid@contoso.test", "Hybrid-Passw0rd!", hybridSecret);
    }

    String createUser(String admin, String upn, String role) throws Exception {
        Res u = call("POST", base + "/users", admin, Json.MAPPER.writeValueAsString(Map.of("userPrincipalName", upn,
                "password", upn.startsWith("hybrid") ? "Hybrid-Passw0rd!" : "Plain-Passw0rd!")));
        assertThat(u.status()).as(u.raw()).isEqualTo(201);
        if (role != null) {
            assertThat(call("PUT", base + "/roles/" + role + "/members/" + u.json().get("id").asString(), admin, null).status())
                    .isEqualTo(200);
        }
        return u.json().get("totpEnrollment").get("secret").asString();
    }

    TenantTransportKey publishedKey(String token) throws Exception {
        Res r = call("GET", base + "/kerberos-domains/transport-key", token, null);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return TenantTransportKey.fromJwk(r.raw().strip());
    }

    EncryptionKey newKey() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        sentKeys.add(b.clone());
        return new EncryptionKey(AES256, b);
    }

    static String envelope(TenantTransportKey to, KeyContext ctx, EncryptionKey key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(KeyEnvelope.seal(to, ctx, key, new SecureRandom()).toByteArray());
    }

    static String body(int rodc, long version, String from, String envelope) throws Exception {
        return Json.MAPPER.writeValueAsString(Map.of("rodcNumber", rodc, "keyVersion", version, "keyUpdatedFrom", from,
                "envelope", envelope));
    }

    KeyContext ctx(String dns, int rodc, long version) {
        return new KeyContext(UUID.fromString(tenantId), dns, rodc, version, AES256);
    }

    @Test
    @Order(1)
    void setGetRotateAndTheKeyArrivesIntact() throws Exception {
        String hybrid = hybridToken();
        TenantTransportKey tk = publishedKey(hybrid);
        assertThat(publishedKey(adminToken())).isEqualTo(tk); // Global Administrators may read it too
        EncryptionKey k1 = newKey();
        Res set = call("PUT", base + "/kerberos-domains/Contoso.Test", hybrid,
                body(30775, 1585708, "dc1.contoso.test", envelope(tk, ctx("contoso.test", 30775, 1585708), k1)));
        assertThat(set.status()).as(set.raw()).isEqualTo(201);
        String setAt = clock.instant().toString();
        Res get = call("GET", base + "/kerberos-domains/contoso.test", adminToken(), null);
        assertThat(get.status()).isEqualTo(200);
        JsonNode d = get.json();
        assertThat(d.get("CloudDisplayName").asString()).isEqualTo("krbtgt_30775");
        assertThat(d.get("CloudDomainDnsName").asString()).isEqualTo("contoso.test");
        assertThat(d.get("CloudId").asInt()).isEqualTo(30775);
        assertThat(d.get("CloudKeyVersion").asLong()).isEqualTo(1585708);
        assertThat(d.get("CloudKeyUpdatedOn").asString()).isEqualTo(setAt);
        assertThat(d.get("keyUpdatedFrom").asString()).isEqualTo("dc1.contoso.test");
        assertThat(d.get("secondaryKeyVersion").isNull()).isTrue();
        KerberosDomain stored = service.kerberosDomains().forRealm(tenantId, "CONTOSO.TEST").orElseThrow();
        assertThat(stored.primaryKey()).isEqualTo(k1);
        assertThat(stored.secondaryKey()).isEmpty();

        // an identical re-send is harmless
        assertThat(call("PUT", base + "/kerberos-domains/contoso.test", hybrid,
                body(30775, 1585708, "dc1.contoso.test", envelope(tk, ctx("contoso.test", 30775, 1585708), k1))).status())
                .isEqualTo(200);

        // rotation: version up, previous key secondary
        clock.advance(Duration.ofHours(1));
        hybrid = hybridToken();
        EncryptionKey k2 = newKey();
        Res rot = call("PUT", base + "/kerberos-domains/contoso.test", hybrid,
                body(30775, 1586495, "dc2.contoso.test", envelope(tk, ctx("contoso.test", 30775, 1586495), k2)));
        assertThat(rot.status()).as(rot.raw()).isEqualTo(200);
        assertThat(rot.json().get("CloudKeyVersion").asLong()).isEqualTo(1586495);
        assertThat(rot.json().get("secondaryKeyVersion").asLong()).isEqualTo(1585708);
        stored = service.kerberosDomains().forRealm(tenantId, "contoso.test").orElseThrow();
        assertThat(stored.primaryKey()).isEqualTo(k2);
        assertThat(stored.secondaryKey()).contains(k1);
        assertThat(stored.keyUpdatedFrom()).isEqualTo("dc2.contoso.test");

        // a version going back is a conflict
        Res back = call("PUT", base + "/kerberos-domains/contoso.test", hybrid,
                body(30775, 1585000, "dc1.contoso.test", envelope(tk, ctx("contoso.test", 30775, 1585000), newKey())));
        assertThat(back.status()).isEqualTo(409);
        assertThat(back.code()).isEqualTo("version_not_increasing");

        Res list = call("GET", base + "/kerberos-domains", hybrid, null);
        assertThat(list.json().get("value").size()).isEqualTo(1);
        for (Res r : List.of(set, get, rot, list)) {
            assertNoKeys(r.raw());
        }
    }

    @Test
    @Order(2)
    void wrongContextTamperAndOtherRecipientAre400AndStoreNothing() throws Exception {
        String hybrid = hybridToken();
        TenantTransportKey tk = publishedKey(hybrid);
        String url = base + "/kerberos-domains/fabrikam.test";
        TenantTransportKey otherTenantKey = TenantTransportPrivateKey.generate(random).publicKey();
        byte[] tampered = Base64.getUrlDecoder().decode(envelope(tk, ctx("fabrikam.test", 7, 100), newKey()));
        tampered[tampered.length - 1] ^= 1;
        Object[][] cases = {
            {envelope(tk, ctx("contoso.test", 7, 100), newKey()), "envelope_context_mismatch"}, // other domain
            {envelope(tk, ctx("fabrikam.test", 8, 100), newKey()), "envelope_context_mismatch"}, // other RODC number
            {envelope(tk, ctx("fabrikam.test", 7, 101), newKey()), "envelope_context_mismatch"}, // version mismatch
            {envelope(tk, new KeyContext(UUID.randomUUID(), "fabrikam.test", 7, 100, AES256), newKey()),
                "envelope_context_mismatch"}, // other tenant
            {Base64.getUrlEncoder().withoutPadding().encodeToString(tampered), "envelope_authentication_failed"},
            {envelope(otherTenantKey, ctx("fabrikam.test", 7, 100), newKey()), "envelope_wrong_recipient"},
            {"not*base64", "invalid_envelope"},
            {"S0JLVA", "envelope_truncated"},
        };
        for (Object[] c : cases) {
            Res r = call("PUT", url, hybrid, body(7, 100, "dc1.fabrikam.test", (String) c[0]));
            assertThat(r.status()).as(c[1] + ": " + r.raw()).isEqualTo(400);
            assertThat(r.code()).as(r.raw()).isEqualTo(c[1]);
        }
        Res missing = call("PUT", url, hybrid, "{\"rodcNumber\":7,\"keyVersion\":100,\"keyUpdatedFrom\":\"dc1\"}");
        assertThat(missing.code()).isEqualTo("missing_field");
        Res unknown = call("PUT", url, hybrid, "{\"rodcNumber\":7,\"keyVersion\":100,\"keyUpdatedFrom\":\"dc1\",\"envelope\":\"x\",\"key\":\"y\"}");
        assertThat(unknown.code()).isEqualTo("unknown_field");
        Res badRodc = call("PUT", url, hybrid, body(0, 100, "dc1", envelope(tk, ctx("fabrikam.test", 7, 100), newKey())));
        assertThat(badRodc.status()).isEqualTo(400);
        assertThat(call("PUT", base + "/kerberos-domains/bad_name", hybrid, body(7, 100, "dc1", "x")).code())
                .isEqualTo("invalid_domain_name");
        assertThat(call("GET", url, hybrid, null).status()).isEqualTo(404);
        assertThat(service.kerberosDomains().forRealm(tenantId, "FABRIKAM.TEST")).isEmpty();
    }

    @Test
    @Order(3)
    void rolesAndTokens() throws Exception {
        String admin = adminToken(); // Global Administrator without Hybrid Identity Administrator
        String plain = token("plain@contoso.test", "Plain-Passw0rd!", plainSecret);
        TenantTransportKey tk = publishedKey(admin);
        String url = base + "/kerberos-domains/roles.test";
        String b = body(9, 1, "dc1.roles.test", envelope(tk, ctx("roles.test", 9, 1), newKey()));
        Res ga = call("PUT", url, admin, b);
        assertThat(ga.status()).isEqualTo(403);
        assertThat(ga.code()).isEqualTo("forbidden");
        assertThat(call("DELETE", base + "/kerberos-domains/contoso.test", admin, null).status()).isEqualTo(403);
        for (String[] c : new String[][] {{"GET", "/kerberos-domains/transport-key"}, {"GET", "/kerberos-domains"},
                {"GET", "/kerberos-domains/contoso.test"}, {"PUT", "/kerberos-domains/roles.test"},
                {"DELETE", "/kerberos-domains/contoso.test"}}) {
            Res r = call(c[0], base + c[1], plain, c[0].equals("PUT") ? b : null);
            assertThat(r.status()).as(c[0] + " " + c[1]).isEqualTo(403);
            Res none = call(c[0], base + c[1], null, c[0].equals("PUT") ? b : null);
            assertThat(none.status()).as(c[0] + " " + c[1]).isEqualTo(401);
            assertThat(none.code()).isEqualTo("missing_token");
        }
        assertThat(call("GET", url, admin, null).status()).isEqualTo(404);
        // the same body from a Hybrid Identity Administrator goes through
        assertThat(call("PUT", url, hybridToken(), b).status()).isEqualTo(201);
    }

    @Test
    @Order(4)
    void deleteThenGet404() throws Exception {
        String hybrid = hybridToken();
        assertThat(call("DELETE", base + "/kerberos-domains/roles.test", hybrid, null).status()).isEqualTo(204);
        assertThat(call("GET", base + "/kerberos-domains/roles.test", hybrid, null).status()).isEqualTo(404);
        assertThat(call("DELETE", base + "/kerberos-domains/roles.test", hybrid, null).status()).isEqualTo(404);
        assertThat(service.kerberosDomains().forRealm(tenantId, "ROLES.TEST")).isEmpty();
    }

    @Test
    @Order(5)
    void restartKeepsDomainsAndTheTransportKey() throws Exception {
        String hybrid = hybridToken();
        TenantTransportKey before = publishedKey(hybrid);
        KerberosDomain d = service.kerberosDomains().forRealm(tenantId, "contoso.test").orElseThrow();
        int port = service.port();
        service.close();
        service = CloudService.start(dir, port, clock, random);
        assertThat(publishedKey(hybrid)).isEqualTo(before);
        KerberosDomain after = service.kerberosDomains().forRealm(tenantId, "contoso.test").orElseThrow();
        assertThat(after.primaryKey()).isEqualTo(d.primaryKey());
        assertThat(after.secondaryKey()).isEqualTo(d.secondaryKey());
        assertThat(after.keyVersion()).isEqualTo(d.keyVersion());
        assertThat(after.keyUpdatedOn()).isEqualTo(d.keyUpdatedOn());
        Res get = call("GET", base + "/kerberos-domains/contoso.test", hybrid, null);
        assertThat(get.json().get("CloudKeyVersion").asLong()).isEqualTo(1586495);
        // and a rotation still works against the restored key pair
        EncryptionKey k3 = newKey();
        assertThat(call("PUT", base + "/kerberos-domains/contoso.test", hybrid, body(30775, 1600000, "dc1.contoso.test",
                envelope(before, ctx("contoso.test", 30775, 1600000), k3))).status()).isEqualTo(200);
        assertThat(service.kerberosDomains().forRealm(tenantId, "contoso.test").orElseThrow().primaryKey()).isEqualTo(k3);
    }

    @Test
    @Order(6)
    void auditHasTheActivitiesAndNoKeyMaterial() throws Exception {
        Res a = call("GET", base + "/audit?category=KerberosDomain&limit=1000", adminToken(), null);
        assertThat(a.status()).isEqualTo(200);
        List<String> activities = new ArrayList<>();
        a.json().get("value").forEach(e -> activities.add(e.get("activity").asString() + "/" + e.get("result").asString()));
        assertThat(activities).contains("Add Kerberos Domain/success", "Update Kerberos Domain/success",
                "Remove Kerberos Domain/success", "Add Kerberos Domain/failure", "Update Kerberos Domain/failure");
        JsonNode first = a.json().get("value").get(a.json().get("value").size() - 1);
        assertThat(first.get("activity").asString()).isEqualTo("Add Kerberos Domain");
        assertThat(first.get("actor").asString()).isEqualTo("hybrid@contoso.test");
        assertThat(first.get("target").asString()).isEqualTo("contoso.test (krbtgt_30775)");
        assertNoKeys(a.raw());
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent e : logs.list) {
            all.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                all.append(e.getThrowableProxy().getMessage()).append('\n');
            }
        }
        assertThat(all.toString()).contains("Add Kerberos Domain", "Update Kerberos Domain", "Remove Kerberos Domain");
        assertNoKeys(all.toString());
    }

    void assertNoKeys(String text) {
        assertThat(sentKeys).isNotEmpty();
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (byte[] k : sentKeys) {
            assertThat(lower).doesNotContain(HexFormat.of().formatHex(k));
            assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(k).substring(0, 40));
            assertThat(text).doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(k).substring(0, 40));
        }
    }
}
