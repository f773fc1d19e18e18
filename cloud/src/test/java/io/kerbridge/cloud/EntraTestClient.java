package io.kerbridge.cloud;

import io.kerbridge.cloud.http.Json;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

/**
 * A PRT client written in the test from protocol-notes §3.2a's field lists: the requests ROADtools (R) and
 * libhimmelblau (H) send, and the way they take the reply apart (RSA-OAEP-SHA1 of session_key_jwe's second
 * segment; KDF with a plain HMAC loop; CBC or GCM by IV length). It shares no code with the service.
 */
final class EntraTestClient {
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final String R_CLIENT_ID = "38aa3b87-a06d-4817-b275-7a316988d93b";
    static final String H_CLIENT_ID = "29d9ed98-a469-4536-ade2-f981bc1d605e";

    final HttpClient http;
    final String root;

    EntraTestClient(HttpClient http, String root) {
        this.http = http;
        this.root = root;
    }

    record Res(int status, String body, JsonNode json) {
        String code() {
            return json == null || !json.has("code") ? null : json.get("code").asString();
        }
    }

    Res post(String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json") && !r.body().isBlank()) {
            json = Json.MAPPER.readTree(r.body());
        }
        return new Res(r.statusCode(), r.body(), json);
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** grant_type=srv_challenge; R sends it form-encoded, H without a Content-Type. */
    String nonce(String path, boolean contentType) throws Exception {
        Res r = post(path, "grant_type=srv_challenge", contentType ? "application/x-www-form-urlencoded" : null);
        if (r.status() != 200) {
            throw new AssertionError("nonce: " + r.status() + " " + r.body());
        }
        return r.json().get("Nonce").asString();
    }

    // ---- keys

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    /** BCRYPT_RSAKEY_BLOB (§3.1): "RSA1", LE bitlen/cbExp/cbMod/0/0, then BE e and n without leading zeros. */
    static byte[] blob(RSAPublicKey k) {
        byte[] e = unsigned(k.getPublicExponent());
        byte[] n = unsigned(k.getModulus());
        return ByteBuffer.allocate(24 + e.length + n.length).order(ByteOrder.LITTLE_ENDIAN)
                .put("RSA1".getBytes(StandardCharsets.US_ASCII)).putInt(2048).putInt(e.length).putInt(n.length)
                .putInt(0).putInt(0).put(e).put(n).array();
    }

    static String kid(byte[] blob) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    // ---- JWTs

    static String b64u(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String json(Object o) {
        return Json.MAPPER.writeValueAsString(o);
    }

    static String rs256(Map<String, Object> header, Map<String, Object> payload, PrivateKey key) throws Exception {
        String input = b64u(json(header).getBytes(StandardCharsets.UTF_8)) + "." + b64u(json(payload).getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64u(s.sign());
    }

    /** The Hello assertion of §3.2a: header kid/use=ngc, payload iss/aud "common"/iat/exp/request_nonce/scope. */
    static String assertion(String kid, PrivateKey key, String upn, String nonce, long iat, long exp) throws Exception {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "RS256");
        h.put("kid", kid);
        h.put("typ", "JWT");
        h.put("use", "ngc");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("iss", upn);
        p.put("aud", "common");
        p.put("iat", iat);
        p.put("exp", exp);
        p.put("request_nonce", nonce);
        p.put("scope", "openid aza ugs");
        return rs256(h, p, key);
    }

    /** R's outer header: x5c a string, kdf_ver 2. */
    static Map<String, Object> rHeader(byte[] cert) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "RS256");
        h.put("kdf_ver", 2);
        h.put("typ", "JWT");
        h.put("x5c", Base64.getEncoder().encodeToString(cert));
        return h;
    }

    /** H's outer header: x5c an array, no kdf_ver. */
    static Map<String, Object> hHeader(byte[] cert) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "RS256");
        h.put("typ", "JWT");
        h.put("x5c", List.of(Base64.getEncoder().encodeToString(cert)));
        return h;
    }

    static Map<String, Object> outerPayload(String clientId, String nonce, String upn, String assertion) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("client_id", clientId);
        p.put("request_nonce", nonce);
        p.put("scope", "openid aza ugs");
        p.put("group_sids", List.of());
        p.put("win_ver", "10.0.19041.868");
        p.put("grant_type", JWT_BEARER);
        p.put("username", upn);
        p.put("assertion", assertion);
        return p;
    }

    static Map<String, String> tokenForm(String apiVersion, String request, String tgt) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("windows_api_version", apiVersion);
        f.put("grant_type", JWT_BEARER);
        f.put("request", request);
        f.put("client_info", "1");
        if (tgt != null) {
            f.put("tgt", tgt);
        }
        return f;
    }

    // ---- reply crypto (§3.2a)

    /** R: RSA-OAEP with SHA-1 on the second segment of session_key_jwe. */
    static byte[] unwrapSessionKey(String jwe, PrivateKey transport) throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        c.init(Cipher.DECRYPT_MODE, transport);
        return c.doFinal(Base64.getUrlDecoder().decode(jwe.split("\\.", -1)[1]));
    }

    /** SP 800-108 counter mode, HMAC-SHA256, written out: HMAC(key, 00000001 ‖ label ‖ 00 ‖ context ‖ 00000100). */
    static byte[] kdf(byte[] sessionKey, byte[] context) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(sessionKey, "HmacSHA256"));
        mac.update(new byte[] {0, 0, 0, 1});
        mac.update("AzureAD-SecureConversation".getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 0);
        mac.update(context);
        mac.update(new byte[] {0, 0, 1, 0});
        return mac.doFinal();
    }

    static byte[] sha256(byte[]... parts) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    /** R's decrypt_auth_response: KDF v1 on the header ctx; 12-byte IV = AES-GCM (AAD = header segment), else CBC. */
    static byte[] decryptUnderSessionKey(String jwe, byte[] sessionKey) throws Exception {
        String[] p = jwe.split("\\.", -1);
        if (p.length != 5) {
            throw new AssertionError("a JWE has 5 segments, got " + p.length);
        }
        JsonNode header = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(p[0]), StandardCharsets.UTF_8));
        byte[] key = kdf(sessionKey, Base64.getDecoder().decode(header.get("ctx").asString()));
        byte[] iv = Base64.getUrlDecoder().decode(p[2]);
        byte[] ct = Base64.getUrlDecoder().decode(p[3]);
        if (iv.length == 12) {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            gcm.updateAAD(p[0].getBytes(StandardCharsets.US_ASCII));
            byte[] tag = Base64.getUrlDecoder().decode(p[4]);
            byte[] all = Arrays.copyOf(ct, ct.length + tag.length);
            System.arraycopy(tag, 0, all, ct.length, tag.length);
            return gcm.doFinal(all);
        }
        Cipher cbc = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cbc.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return cbc.doFinal(ct);
    }

    /** The refresh request of §3.2a: HS256 under KDF(sk, SHA-256(ctx ‖ payload)), header ctx (24 B) and kdf_ver 2. */
    static String refreshRequest(byte[] sessionKey, byte[] ctx, Map<String, Object> payload) throws Exception {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "HS256");
        h.put("typ", "JWT");
        h.put("ctx", Base64.getEncoder().encodeToString(ctx));
        h.put("kdf_ver", 2);
        byte[] body = json(payload).getBytes(StandardCharsets.UTF_8);
        String input = b64u(json(h).getBytes(StandardCharsets.UTF_8)) + "." + b64u(body);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(kdf(sessionKey, sha256(ctx, body)), "HmacSHA256"));
        return input + "." + b64u(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }
}
