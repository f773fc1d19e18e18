// protocol-notes §3.1 (device registration with a PKCS#10 request and a BCRYPT_RSAKEY_BLOB transport key; MS-KPP
// Hello key provisioning POST /EnrollmentServer/key/?api-version=1.0 {"kngc"} with a fresh multi-factor token),
// §3.2 steps 1 and 4 and §3.2a (nonce: POST {base}/common/oauth2/token grant_type=srv_challenge → {"Nonce"}; token
// request form-encoded to {base}/{tenant}/oauth2/token; anything but HTTP 200 is a refusal whose body is shown),
// §3.4 (the device reads its effective policy). The cloud's own API: cloud/src/main/resources/.../openapi.json.
package io.kerbridge.device;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The device's HTTPS client of the cloud identity service; it trusts only the tenant CA it was given. */
public final class CloudClient {
    /** A user's password + TOTP sign-in (multi-factor: what registration and Hello provisioning need). */
    public record Login(String accessToken, String tenantId, String userId, Instant expiresOn) {
        @Override
        public String toString() {
            return "Login[tenant " + tenantId + ", user " + userId + "]";
        }
    }

    /** The registration reply: device id and certificate (DER), and the CA that issued it. */
    public record Registration(String deviceId, String tenantId, byte[] certificate, byte[] caCertificate) {}

    private final HttpClient http;
    private final String base;
    private final X509Certificate ca;

    public CloudClient(String url, Path caCert) throws DeviceException {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        if (!u.startsWith("https://")) {
            throw new DeviceException("the cloud service URL must start with https:// (got " + url + ")");
        }
        this.base = u;
        this.ca = readCa(caCert);
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            this.http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new DeviceException("cannot set up TLS with the CA " + caCert + ": " + e.getMessage(), e);
        }
    }

    static X509Certificate readCa(Path caCert) throws DeviceException {
        if (!Files.isReadable(caCert)) {
            throw new DeviceException("cannot read the CA certificate " + caCert);
        }
        try (InputStream in = Files.newInputStream(caCert)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException | IOException e) {
            throw new DeviceException(caCert + " is not a PEM or DER certificate: " + e.getMessage(), e);
        }
    }

    public String baseUrl() {
        return base;
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    // ---- management API ---------------------------------------------------------------------------------------

    public Login login(String tenant, String upn, char[] password, String totp) throws DeviceException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", upn);
        body.put("password", new String(password));
        body.put("totp", totp);
        JsonNode r = json("sign-in of " + upn, "POST", api(tenant, "/admin/login"), Map.of(), DeviceJson.bytes(body));
        return new Login(r.path("access_token").asString(), r.path("tenant_id").asString(), r.path("user_id").asString(),
                Instant.parse(r.path("expires_on").asString()));
    }

    public Registration register(Login login, String displayName, byte[] csr, byte[] transportKeyBlob, String osVersion)
            throws DeviceException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", displayName);
        body.put("csr", java.util.Base64.getEncoder().encodeToString(csr));
        body.put("transportKey", java.util.Base64.getEncoder().encodeToString(transportKeyBlob));
        body.put("osVersion", osVersion);
        JsonNode r = json("device registration", "POST", api(login.tenantId(), "/devices"), bearer(login), DeviceJson.bytes(body));
        return new Registration(r.path("deviceId").asString(), r.path("tenantId").asString(),
                java.util.Base64.getDecoder().decode(r.path("certificate").asString()),
                java.util.Base64.getDecoder().decode(r.path("caCertificate").asString()));
    }

    /** MS-KPP: registers the Hello public key for the signed-in user on this device; the cloud's answer (kid, …). */
    public JsonNode enrollHelloKey(Login login, String deviceProof, byte[] kngc) throws DeviceException {
        Map<String, String> h = new LinkedHashMap<>(bearer(login));
        h.put("X-Device-Authorization", "Device " + deviceProof);
        byte[] body = DeviceJson.bytes(Map.of("kngc", java.util.Base64.getEncoder().encodeToString(kngc)));
        return json("Hello key registration", "POST", URI.create(base + "/" + enc(login.tenantId())
                + "/EnrollmentServer/key/?api-version=1.0"), h, body);
    }

    /** Deletes one of the signed-in user's Hello keys; false when the cloud no longer has it. */
    public boolean revokeHelloKey(Login login, String kid) throws DeviceException {
        try {
            json("revocation of Hello key " + kid, "DELETE", api(login.tenantId(), "/users/" + enc(login.userId())
                    + "/hello-keys/" + RsaKeyBlob.kidForPath(kid)), bearer(login), null);
            return true;
        } catch (CloudRefusal r) {
            if (r.status() == 404) {
                return false;
            }
            throw r;
        }
    }

    /** The device's effective policy, read with its device proof (no user token). */
    public JsonNode policy(String tenantId, String deviceId, String deviceProof) throws DeviceException {
        return json("device policy", "GET", api(tenantId, "/devices/" + enc(deviceId) + "/policy"),
                Map.of("Authorization", "Device " + deviceProof), null);
    }

    // ---- token endpoint (§3.2a) -------------------------------------------------------------------------------

    /** {@code grant_type=srv_challenge} at {@code /common} (R's form): one single-use nonce. */
    public String nonce() throws DeviceException {
        JsonNode r = json("nonce request", "POST", URI.create(base + "/common/oauth2/token"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"), form(Map.of("grant_type", "srv_challenge")));
        JsonNode n = r.get("Nonce");
        if (n == null || !n.isString() || n.asString().isEmpty()) {
            throw Jose.protocol("the nonce reply has no \"Nonce\"");
        }
        return n.asString();
    }

    public URI tokenUri(String tenantId) {
        return URI.create(base + "/" + enc(tenantId) + "/oauth2/token");
    }

    /** The PRT request; HTTP 200 with a JSON object, anything else a {@link CloudRefusal}. */
    public JsonNode token(String tenantId, Map<String, String> form) throws DeviceException {
        return json("PRT request", "POST", tokenUri(tenantId), Map.of("Content-Type", "application/x-www-form-urlencoded"),
                form(form));
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------

    private URI api(String tenant, String path) {
        return URI.create(base + "/api/v1/" + enc(tenant) + path);
    }

    private static Map<String, String> bearer(Login l) {
        return Map.of("Authorization", "Bearer " + l.accessToken());
    }

    static byte[] form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.US_ASCII);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode json(String what, String method, URI uri, Map<String, String> headers, byte[] body)
            throws DeviceException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        if (body != null && !headers.containsKey("Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (javax.net.ssl.SSLException e) {
            throw new DeviceException("TLS with the cloud service at " + base + " failed (is the CA certificate right?): "
                    + e.getMessage(), e);
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
            throw new DeviceException("cannot connect to the cloud service at " + base, e);
        } catch (IOException e) {
            throw new DeviceException(what + ": " + base + " did not answer (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(what + ": interrupted", e);
        }
        JsonNode json = null;
        try {
            json = r.body().isBlank() ? null : DeviceJson.MAPPER.readTree(r.body());
        } catch (JacksonException e) {
            if (r.statusCode() / 100 == 2) {
                throw Jose.protocol(what + ": HTTP " + r.statusCode() + " with a body that is not JSON");
            }
        }
        if (r.statusCode() / 100 != 2) {
            throw refusal(what, r.statusCode(), json);
        }
        if (r.statusCode() != 204 && (json == null || !json.isObject())) {
            throw Jose.protocol(what + ": HTTP " + r.statusCode() + " without a JSON object");
        }
        return json;
    }

    /** Both error shapes: {@code {"error": message, "code"}} and OAuth's {@code {"error", "error_description", "code"}}. */
    static CloudRefusal refusal(String what, int status, JsonNode json) {
        String code = json != null && json.path("code").isString() ? json.get("code").asString() : null;
        String message;
        if (json != null && json.path("error_description").isString()) {
            message = json.get("error_description").asString();
        } else if (json != null && json.path("error").isString()) {
            message = json.get("error").asString();
        } else {
            message = "HTTP " + status;
        }
        return new CloudRefusal(what, status, code, message.replaceAll("[\\r\\n]+", " "));
    }
}
