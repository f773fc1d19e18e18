package io.kerbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.Totp;
import io.kerbridge.cloud.http.Json;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The service on loopback over real TLS, the JDK HttpClient trusting only the tenant CA. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudServiceTest {
    /** A clock tests can move; every sign-in moves it one TOTP step so codes are fresh. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    Path dir;
    final MovableClock clock = new MovableClock();
    final SecureRandom random = new SecureRandom();
    CloudService service;
    CloudInit.Result init;
    HttpClient http;
    String base;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp.resolve("cloud");
        init = CloudInit.init(new CloudInit.Spec(dir, "contoso.test", List.of("emea.contoso.test"), "Contoso",
                "admin@contoso.test", "Admin-Passw0rd!".toCharArray(), "127.0.0.1", 0, List.of()), clock, random);
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
        base = "https://localhost:" + service.port() + "/api/v1/" + init.tenantId();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
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

    String totp(String base32Secret) {
        return Totp.code(Base32.decode(base32Secret), Totp.step(clock.instant()));
    }

    Res login(String user, String password, String secret) throws Exception {
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS)); // a fresh code each time (codes are single-use)
        return call("POST", base + "/admin/login", null, Json.MAPPER.writeValueAsString(
                java.util.Map.of("username", user, "password", password, "totp", totp(secret))));
    }

    String adminToken() throws Exception {
        Res r = login("admin@contoso.test", "Admin-Passw0rd!", init.totpSecretBase32());
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.json().get("access_token").asString();
    }

    @Test
    void initCreatesTenantPkiAndPrivateFiles() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        for (String f : List.of("master.key", "ca.p12", "tls.p12")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f)))).as(f).isEqualTo("rw-------");
        }
        assertThat(init.otpauthUri()).startsWith("otpauth://totp/").contains("secret=" + init.totpSecretBase32());
        String token = adminToken();
        Res t = call("GET", base, token, null);
        assertThat(t.status()).isEqualTo(200);
        assertThat(t.json().get("id").asString()).isEqualTo(init.tenantId());
        assertThat(t.json().get("verifiedDomains").toString()).contains("contoso.test", "emea.contoso.test");
        // the tenant is also addressable by its verified domain name
        assertThat(call("GET", "https://localhost:" + service.port() + "/api/v1/contoso.test", token, null).status()).isEqualTo(200);
    }

    @Test
    void healthMetricsAndOpenApi() throws Exception {
        String root = "https://127.0.0.1:" + service.port();
        assertThat(call("GET", root + "/healthz", null, null).json().get("status").asString()).isEqualTo("ok");
        adminToken();
        Res m = call("GET", root + "/metrics", null, null);
        assertThat(m.raw()).contains("# TYPE kerbridge_cloud_signins_total counter", "kerbridge_cloud_signins_total{code=\"0\"}");
        Res o = call("GET", root + "/openapi.json", null, null);
        assertThat(o.json().get("openapi").asString()).startsWith("3.");
        assertThat(o.json().get("paths").has("/api/v1/{tenant}/kerberos-domains/{dnsName}")).isTrue();
        assertThat(o.json().get("paths").has("/api/v1/{tenant}/synced-users/{sid}")).isTrue();
        assertThat(o.json().get("paths").has("/api/v1/{tenant}/synced-groups/{sid}")).isTrue();
    }

    @Test
    void adminLoginGivesAnEs256TokenWithTheClaims() throws Exception {
        String token = adminToken();
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isNotBlank();
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertThat(c.getClaim("tid")).isEqualTo(init.tenantId());
        assertThat(c.getSubject()).isEqualTo(init.adminUserId());
        assertThat(c.getClaim("upn")).isEqualTo("admin@contoso.test");
        assertThat(c.getStringListClaim("roles")).containsExactly("GlobalAdministrator");
        assertThat(Duration.between(c.getIssueTime().toInstant(), c.getExpirationTime().toInstant())).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.getJWTID()).isNotBlank();
    }

    @Test
    void wrongPasswordWrongTotpAndReplayAreRefusedAndAudited() throws Exception {
        Res wrongPw = login("admin@contoso.test", "nope-nope-nope", init.totpSecretBase32());
        assertThat(wrongPw.status()).isEqualTo(401);
        assertThat(wrongPw.code()).isEqualTo("invalid_credentials");
        Res unknown = login("ghost@contoso.test", "nope-nope-nope", init.totpSecretBase32());
        assertThat(unknown.code()).isEqualTo("invalid_credentials");
        clock.advance(Duration.ofSeconds(30));
        Res wrongCode = call("POST", base + "/admin/login", null,
                "{\"username\":\"admin@contoso.test\",\"password\":\"Admin-Passw0rd!\",\"totp\":\"000000\"}");
        assertThat(wrongCode.status()).isEqualTo(401);
        assertThat(wrongCode.code()).isIn("invalid_totp", "totp_replayed");
        // replay: the same code twice in the same step
        clock.advance(Duration.ofSeconds(30));
        String body = Json.MAPPER.writeValueAsString(java.util.Map.of("username", "admin@contoso.test",
                "password", "Admin-Passw0rd!", "totp", totp(init.totpSecretBase32())));
        assertThat(call("POST", base + "/admin/login", null, body).status()).isEqualTo(200);
        Res replay = call("POST", base + "/admin/login", null, body);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.code()).isEqualTo("totp_replayed");

        Res log = call("GET", base + "/audit?category=SignIn&limit=20", adminToken(), null);
        assertThat(log.status()).isEqualTo(200);
        List<String> lines = log.json().get("value").valueStream()
                .map(e -> e.get("result").asString() + " " + e.get("statusCode").asInt() + " " + e.get("actor").asString()).toList();
        assertThat(lines).contains("failure 50126 admin@contoso.test", "failure 50126 ghost@contoso.test",
                "failure 500121 admin@contoso.test", "success 0 admin@contoso.test");
    }

    @Test
    void managementCallsWorkWithTheToken() throws Exception {
        String token = adminToken();
        Res created = call("POST", base + "/users", token,
                "{\"userPrincipalName\":\"alice@contoso.test\",\"displayName\":\"Alice\",\"password\":\"Alice-Passw0rd\"}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.json().get("source").asString()).isEqualTo("cloud");
        assertThat(created.json().get("totpEnrollment").get("uri").asString()).startsWith("otpauth://totp/");
        String alice = created.json().get("id").asString();
        assertThat(call("POST", base + "/users", token,
                "{\"userPrincipalName\":\"alice@contoso.test\",\"password\":\"Alice-Passw0rd\"}").code()).isEqualTo("upn_in_use");
        assertThat(call("POST", base + "/users", token,
                "{\"userPrincipalName\":\"bob@fabrikam.test\",\"password\":\"Bob-Passw0rd1\"}").code()).isEqualTo("unverified_domain");

        Res group = call("POST", base + "/groups", token, "{\"displayName\":\"Engineering\",\"description\":\"eng\"}");
        assertThat(group.status()).isEqualTo(201);
        String gid = group.json().get("id").asString();
        Res member = call("PUT", base + "/groups/" + gid + "/members/" + alice, token, null);
        assertThat(member.json().get("members").toString()).contains(alice);
        assertThat(call("PUT", base + "/roles/HybridIdentityAdministrator/members/" + alice, token, null).status()).isEqualTo(200);
        Res roles = call("GET", base + "/roles", token, null);
        assertThat(roles.json().get("value").get(1).get("members").toString()).contains(alice);
        assertThat(call("GET", base + "/users/alice@contoso.test", token, null).json().get("roles").toString())
                .contains("HybridIdentityAdministrator");
        assertThat(call("DELETE", base + "/roles/GlobalAdministrator/members/" + init.adminUserId(), token, null).code())
                .isEqualTo("last_global_admin");
        Res disabled = call("PATCH", base + "/users/" + alice, token, "{\"accountEnabled\":false}");
        assertThat(disabled.json().get("accountEnabled").asBoolean()).isFalse();
        Res audit = call("GET", base + "/audit?category=UserManagement", token, null);
        assertThat(audit.raw()).contains("Add user", "Disable account", "alice@contoso.test");
    }

    @Test
    void syncedUserUpsertIsIdempotentAndDisables() throws Exception {
        String token = adminToken();
        String sid = "S-1-5-21-1004336348-1177238915-682003330-1105";
        String body = "{\"userPrincipalName\":\"carol@contoso.test\",\"displayName\":\"Carol\","
                + "\"onPremisesSamAccountName\":\"carol\",\"onPremisesDomainName\":\"CONTOSO.TEST\",\"accountEnabled\":true,"
                + "\"passwordLastSet\":\"2026-11-01T00:00:00Z\",\"passwordExpiresOn\":\"2027-01-30T00:00:00Z\"}";
        Res first = call("PUT", base + "/synced-users/" + sid, token, body);
        assertThat(first.status()).as(first.raw()).isEqualTo(201);
        assertThat(first.json().get("source").asString()).isEqualTo("synced");
        assertThat(first.json().get("onPremisesSecurityIdentifier").asString()).isEqualTo(sid);
        assertThat(first.json().get("onPremisesDomainName").asString()).isEqualTo("contoso.test");
        assertThat(first.json().get("passwordPolicy").get("expired").asBoolean()).isFalse();
        Res again = call("PUT", base + "/synced-users/" + sid, token, body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        Res off = call("PUT", base + "/synced-users/" + sid, token, body.replace("\"accountEnabled\":true", "\"accountEnabled\":false")
                .replace("2027-01-30", "2026-11-20"));
        assertThat(off.json().get("accountEnabled").asBoolean()).isFalse();
        assertThat(off.json().get("passwordPolicy").get("expired").asBoolean()).isTrue();
        long adds = call("GET", base + "/audit?category=UserManagement", token, null).json().get("value").valueStream()
                .filter(e -> e.get("target").asString().contains(sid)).count();
        assertThat(adds).isEqualTo(2); // add + disable; the no-op re-run wrote nothing
        assertThat(call("PUT", base + "/synced-users/not-a-sid", token, body).code()).isEqualTo("invalid_sid");
        assertThat(call("GET", base + "/users?source=synced", token, null).raw()).contains("carol@contoso.test");
    }

    @Test
    void aUserWithoutARoleGets403OnEveryManagementCall() throws Exception {
        String token = adminToken();
        Res dave = call("POST", base + "/users", token,
                "{\"userPrincipalName\":\"dave@contoso.test\",\"password\":\"Dave-Passw0rd\"}");
        String secret = dave.json().get("totpEnrollment").get("secret").asString();
        Res login = login("dave@contoso.test", "Dave-Passw0rd", secret);
        assertThat(login.status()).as(login.raw()).isEqualTo(200);
        String daveToken = login.json().get("access_token").asString();
        String did = dave.json().get("id").asString();
        for (String[] c : managementCalls(did)) {
            Res r = call(c[0], base + c[1], daveToken, c[2]);
            assertThat(r.status()).as(c[0] + " " + c[1] + " " + r.raw()).isEqualTo(403);
            assertThat(r.code()).isEqualTo("forbidden");
        }
    }

    static List<String[]> managementCalls(String userId) {
        return List.of(
                new String[] {"GET", "", null},
                new String[] {"GET", "/users", null},
                new String[] {"POST", "/users", "{\"userPrincipalName\":\"x@contoso.test\",\"password\":\"Passw0rd-x1\"}"},
                new String[] {"GET", "/users/" + userId, null},
                new String[] {"PATCH", "/users/" + userId, "{\"accountEnabled\":true}"},
                new String[] {"PUT", "/synced-users/S-1-5-21-1-2-3-1200", "{}"},
                new String[] {"GET", "/groups", null},
                new String[] {"POST", "/groups", "{\"displayName\":\"x\"}"},
                new String[] {"GET", "/groups/x", null},
                new String[] {"PUT", "/groups/x/members/" + userId, null},
                new String[] {"DELETE", "/groups/x/members/" + userId, null},
                new String[] {"GET", "/roles", null},
                new String[] {"PUT", "/roles/GlobalAdministrator/members/" + userId, null},
                new String[] {"DELETE", "/roles/GlobalAdministrator/members/" + userId, null},
                new String[] {"GET", "/audit", null});
    }

    @Test
    void missingExpiredAndForgedTokensGet401() throws Exception {
        String token = adminToken();
        for (String[] c : managementCalls(init.adminUserId())) {
            Res r = call(c[0], base + c[1], null, c[2]);
            assertThat(r.status()).as(c[0] + " " + c[1]).isEqualTo(401);
            assertThat(r.code()).isEqualTo("missing_token");
        }
        SignedJWT real = SignedJWT.parse(token);
        // another key, same kid
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID(real.getHeader().getKeyID()).generate();
        SignedJWT otherKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(other.getKeyID()).build(),
                real.getJWTClaimsSet());
        otherKey.sign(new ECDSASigner(other));
        // tampered payload, original signature
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("admin@contoso.test", "mallory@contoso.test");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        // alg=none
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        String hs = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"alg\":\"HS256\",\"kid\":\"" + real.getHeader().getKeyID() + "\"}").getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + "." + parts[2];
        for (String forged : List.of(otherKey.serialize(), tampered, none, hs, "garbage", token + "x")) {
            Res r = call("GET", base + "/users", forged, null);
            assertThat(r.status()).as(forged).isEqualTo(401);
            assertThat(r.code()).isEqualTo("invalid_token");
        }
        // a token of this tenant is refused on a tenant path it was not issued for
        assertThat(call("GET", "https://localhost:" + service.port() + "/api/v1/00000000-0000-0000-0000-000000000000/users",
                token, null).status()).isEqualTo(401);
        assertThat(call("GET", base + "/users", token, null).status()).isEqualTo(200);
        Instant before = clock.instant();
        clock.advance(Duration.ofMinutes(16));
        try {
            Res expired = call("GET", base + "/users", token, null);
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.code()).isEqualTo("token_expired");
        } finally {
            clock.now.set(before.plusSeconds(1));
        }
    }

    @Test
    void badInputGets4xxJsonNever500() throws Exception {
        String token = adminToken();
        List<Object[]> cases = List.of(
                new Object[] {"POST", "/users", "{\"userPrincipalName\":", "malformed_json"},
                new Object[] {"POST", "/users", "[1,2]", "invalid_body"},
                new Object[] {"POST", "/users", "{\"userPrincipalName\":\"e@contoso.test\",\"password\":\"Passw0rd-e1\",\"isAdmin\":true}",
                        "unknown_field"},
                new Object[] {"POST", "/users", "{\"userPrincipalName\":42,\"password\":{}}", "invalid_field"},
                new Object[] {"POST", "/users", "{\"password\":\"Passw0rd-e1\"}", "missing_field"},
                new Object[] {"POST", "/users", "{\"a\":1,\"a\":2}", "malformed_json"},
                new Object[] {"POST", "/users", "{} trailing", "malformed_json"},
                new Object[] {"POST", "/users", "{\"userPrincipalName\":\"" + "x".repeat(70_000) + "\"}", "body_too_large"},
                new Object[] {"PATCH", "/users/nobody", "{\"accountEnabled\":false}", "not_found"},
                new Object[] {"PATCH", "/users/" + init.adminUserId(), "{\"accountEnabled\":\"no\"}", "invalid_field"},
                new Object[] {"GET", "/audit?limit=abc", null, "invalid_query"},
                new Object[] {"GET", "/nowhere", null, "not_found"},
                new Object[] {"DELETE", "/users", null, "method_not_allowed"},
                new Object[] {"PUT", "/roles/NoSuchRole/members/" + init.adminUserId(), null, "not_found"},
                new Object[] {"GET", "/users/a%2Bb%40contoso.test", null, "not_found"});
        for (Object[] c : cases) {
            Res r = call((String) c[0], base + c[1], token, (String) c[2]);
            assertThat(r.status()).as(c[0] + " " + c[1] + " " + r.raw()).isBetween(400, 499);
            assertThat(r.code()).as(c[0] + " " + c[1] + " " + r.raw()).isEqualTo(c[3]);
            assertThat(r.json().get("error").asString()).isNotBlank();
        }
        Res login = call("POST", base + "/admin/login", null, "{\"username\":\"admin@contoso.test\",\"pwd\":\"x\"}");
        assertThat(login.code()).isEqualTo("unknown_field");
        Res noTenant = call("POST", "https://localhost:" + service.port() + "/api/v1/nope.test/admin/login", null,
                "{\"username\":\"a\",\"password\":\"b\",\"totp\":\"123456\"}");
        assertThat(noTenant.status()).isEqualTo(404);
    }

    @Test
    void restartKeepsStateAndOldTokensVerify() throws Exception {
        String token = adminToken();
        String sid = "S-1-5-21-1004336348-1177238915-682003330-2001";
        assertThat(call("PUT", base + "/synced-users/" + sid, token, "{\"userPrincipalName\":\"erin@contoso.test\","
                + "\"onPremisesSamAccountName\":\"erin\",\"onPremisesDomainName\":\"contoso.test\"}").status()).isEqualTo(201);
        assertThat(call("POST", base + "/groups", token, "{\"displayName\":\"Survivors\"}").status()).isEqualTo(201);
        int port = service.port();
        service.close();
        service = CloudService.start(dir, port, clock, random);
        Res users = call("GET", base + "/users", token, null); // the token issued before the restart
        assertThat(users.status()).as(users.raw()).isEqualTo(200);
        assertThat(users.raw()).contains("erin@contoso.test", sid);
        assertThat(call("GET", base + "/groups/Survivors", token, null).status()).isEqualTo(200);
        assertThat(call("GET", base + "/roles", token, null).raw()).contains(init.adminUserId());
        assertThat(call("GET", base, token, null).json().get("id").asString()).isEqualTo(init.tenantId());
        assertThat(adminToken()).isNotBlank();
    }
}
