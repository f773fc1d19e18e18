package io.kerbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kerbridge.cloud.CloudServiceTest.MovableClock;
import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.Totp;
import io.kerbridge.cloud.http.Json;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * What the device API tests share: a real cloud service on 127.0.0.1 over TLS (trusting only ca-cert.pem), a
 * movable clock, HTTP helpers, and a device made in the test (RSA device and transport keys, a PKCS#10 request,
 * device proofs signed by the device key). The BCRYPT_RSAKEY_BLOB and kid are computed here independently of the
 * service's codec, from protocol-notes §3.1 / §3.2a.
 */
abstract class DeviceApiFixture {
    static final String ADMIN = "admin@contoso.test";
    static final String ADMIN_PW = "Admin-Passw0rd!";
    static final String USER_PW = "User-Passw0rd!";

    Path dir;
    final MovableClock clock = new MovableClock();
    final SecureRandom random = new SecureRandom();
    CloudService service;
    CloudInit.Result init;
    HttpClient http;
    String tenantId;
    X509Certificate ca;
    /** Tokens and device proofs sent; none may ever appear in the service's log. */
    final List<String> secretsSent = new java.util.concurrent.CopyOnWriteArrayList<>();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    void startService(Path tmp) throws Exception {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        dir = tmp.resolve("cloud");
        init = CloudInit.init(new CloudInit.Spec(dir, "contoso.test", List.of(), "Contoso", ADMIN, ADMIN_PW.toCharArray(),
                "127.0.0.1", 0, List.of()), clock, random);
        tenantId = init.tenantId();
        try (InputStream in = Files.newInputStream(init.caCertificate())) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        service = CloudService.start(dir, 0, clock, random);
    }

    void restart() throws Exception {
        service.close();
        service = CloudService.start(dir, 0, clock, random);
    }

    void stopService() {
        if (service != null) {
            service.close();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    void assertNoSecretsLogged() {
        assertThat(secretsSent).isNotEmpty();
        assertThat(logs.list).isNotEmpty();
        for (ILoggingEvent e : logs.list) {
            String line = e.getFormattedMessage();
            for (String s : secretsSent) {
                assertThat(line).doesNotContain(s.substring(s.length() - 40));
            }
        }
    }

    String root() {
        return "https://localhost:" + service.port();
    }

    String base() {
        return root() + "/api/v1/" + tenantId;
    }

    record Res(int status, JsonNode json, String raw) {
        String code() {
            return json == null || !json.has("code") ? null : json.get("code").asString();
        }
    }

    /** {@code headers}: name, value, name, value… ; {@code body} is sent as application/json when not null. */
    Res call(String method, String url, String token, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
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

    static String json(Object o) {
        return Json.MAPPER.writeValueAsString(o);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    Res login(String user, String password, String secret) throws Exception {
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS)); // codes are single-use: a new step each time
        return call("POST", base() + "/admin/login", null, json(Map.of("username", user, "password", password, "totp",
                Totp.code(Base32.decode(secret), Totp.step(clock.instant())))));
    }

    String token(String user, String password, String secret) throws Exception {
        Res r = login(user, password, secret);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        secretsSent.add(r.json().get("access_token").asString());
        return r.json().get("access_token").asString();
    }

    String adminToken() throws Exception {
        return token(ADMIN, ADMIN_PW, init.totpSecretBase32());
    }

    /** A cloud user with a password; returns {id, base32 TOTP secret}. */
    String[] createUser(String admin, String upn) throws Exception {
        Res u = call("POST", base() + "/users", admin, json(Map.of("userPrincipalName", upn, "password", USER_PW)));
        assertThat(u.status()).as(u.raw()).isEqualTo(201);
        return new String[] {u.json().get("id").asString(), u.json().get("totpEnrollment").get("secret").asString()};
    }

    // ---- device keys, CSR, blobs, proofs

    KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits, random);
        return g.generateKeyPair();
    }

    static byte[] csr(KeyPair kp, String signatureAlgorithm) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=7E980AD9-B86D-4306-9425-9AC066FB014A"), kp.getPublic())
                .build(new JcaContentSignerBuilder(signatureAlgorithm).build(kp.getPrivate())).getEncoded();
    }

    /** BCRYPT_RSAKEY_BLOB (protocol-notes §3.1): "RSA1", LE bitlen, cbExp, cbMod, 0, 0, then BE e and n without leading zeros. */
    static byte[] blob(RSAPublicKey k) {
        byte[] e = unsigned(k.getPublicExponent());
        byte[] n = unsigned(k.getModulus());
        return ByteBuffer.allocate(24 + e.length + n.length).order(ByteOrder.LITTLE_ENDIAN)
                .put("RSA1".getBytes(StandardCharsets.US_ASCII)).putInt(k.getModulus().bitLength()).putInt(e.length)
                .putInt(n.length).putInt(0).putInt(0).put(e).put(n).array();
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /** kid (protocol-notes §3.2a): standard base64, padded, of SHA-256 over the blob. */
    static String kid(byte[] blob) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static String b64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A device registered in the test: its id, keys and certificate. */
    record Dev(String id, KeyPair deviceKey, KeyPair transportKey, byte[] certificate) {}

    Res registerRaw(String token, String name, byte[] csr, byte[] transportBlob) throws Exception {
        return call("POST", base() + "/devices", token, json(map("displayName", name, "csr", b64(csr), "transportKey",
                b64(transportBlob), "osVersion", "10.0.26100.2605")));
    }

    Dev register(String token, String name) throws Exception {
        KeyPair dk = rsa(2048);
        KeyPair tk = rsa(2048);
        Res r = registerRaw(token, name, csr(dk, "SHA256withRSA"), blob((RSAPublicKey) tk.getPublic()));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return new Dev(r.json().get("deviceId").asString(), dk, tk, Base64.getDecoder().decode(r.json().get("certificate").asString()));
    }

    /** A device proof JWS: RS256 by {@code key}, x5c = {@code cert} (as an array or a string), aud, iat, exp. */
    static String proof(PrivateKey key, byte[] cert, boolean x5cArray, String alg, String aud, long iat, long exp) throws Exception {
        Map<String, Object> header = map("alg", alg, "typ", "JWT", "x5c", x5cArray ? List.of(b64(cert)) : b64(cert));
        Map<String, Object> claims = map("aud", aud, "iat", iat, "exp", exp);
        String input = b64url(json(header).getBytes(StandardCharsets.UTF_8)) + "."
                + b64url(json(claims).getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64url(s.sign());
    }

    String proof(Dev d) throws Exception {
        long now = clock.instant().getEpochSecond();
        String p = proof(d.deviceKey().getPrivate(), d.certificate(), true, "RS256", tenantId, now, now + 300);
        secretsSent.add(p);
        return p;
    }

    Res devicePolicy(String deviceId, String authorization) throws Exception {
        return authorization == null ? call("GET", base() + "/devices/" + deviceId + "/policy", null, null)
                : call("GET", base() + "/devices/" + deviceId + "/policy", null, null, "Authorization", authorization);
    }

    List<String> auditActivities(String admin, String category) throws Exception {
        Res a = call("GET", base() + "/audit?category=" + category, admin, null);
        assertThat(a.status()).as(a.raw()).isEqualTo(200);
        List<String> out = new java.util.ArrayList<>();
        a.json().get("value").forEach(e -> out.add(e.get("activity").asString() + " | " + e.get("target").asString()));
        return out;
    }
}
