// protocol-notes §3.2 (nonce: grant_type=srv_challenge; the PRT request: an RS256 JWT by the device key with x5c,
// grant_type jwt-bearer, the Hello assertion of §3.2a signed by the Hello key, request_nonce in both), §3.2a (H's
// way: one nonce from /{tenant} used in both JWTs, windows_api_version 2.0; the reply: session_key_jwe by
// RSA-OAEP to the transport key, tgt_ad a JSON string whose clientKey is under KDF(session key, ctx)), §2.2.
package io.kerbridge.bench.load;

import io.kerbridge.cloud.http.Json;
import io.kerbridge.cloud.prt.SessionKeyKdf;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.msg.EncKdcRepPart;
import io.kerbridge.kerberos.msg.KdcRep;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;

/**
 * PRT sign-ins with tgt_ad against a running cloud service, each client on its own keep-alive HTTPS connection
 * (HTTP/1.1). One operation = nonce request + signed token request + the reply checked (status 200, a tgt_ad with a
 * ticket). Each client's first reply, and every {@code --verify-every}-th after it, is taken apart completely: session
 * key unwrapped with the transport key, tgt_ad's client key decrypted with it, the AS-REP decrypted with that.
 * {@code --presign}: the two RSA signatures per sign-in (the client's dominant cost) are made before the run, for
 * pre-fetched nonces; the measured operation still asks for a nonce, then sends a pre-signed request.
 */
final class SigninLoad {
    private record Creds(String upn, String deviceId, byte[] cert, PrivateKey deviceKey, PrivateKey transportKey,
            PrivateKey helloKey, String kid) {}

    private SigninLoad() {}

    static int run(Args a, PrintStream out) throws Exception {
        JsonNode creds = Json.MAPPER.readTree(Files.readString(a.path("creds")));
        String url = a.str("url", creds.get("url").asString());
        String tenant = creds.get("tenantId").asString();
        String realm = creds.get("realm").asString();
        SSLContext tls = tls(Path.of(creds.get("caCert").asString()));
        boolean presign = a.flag("presign");
        int verifyEvery = a.integer("verify-every", 0);
        Runner.Plan plan = KdcLoad.plan(a);
        a.checkAllUsed();
        if (presign && plan.maxCount() == Long.MAX_VALUE) {
            throw new IllegalArgumentException("--presign needs --count (requests are signed before the run)");
        }
        List<Creds> users = new java.util.ArrayList<>();
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        for (JsonNode u : creds.get("users")) {
            users.add(new Creds(u.get("upn").asString(), u.get("deviceId").asString(),
                    Base64.getDecoder().decode(u.get("deviceCert").asString()), priv(rsa, u, "deviceKey"),
                    priv(rsa, u, "transportKey"), priv(rsa, u, "helloKey"), u.get("kid").asString()));
        }
        String path = url + "/" + tenant + "/oauth2/token";
        long perClient = presign ? (plan.maxCount() + plan.clients() - 1) / plan.clients()
                + (long) Math.ceil(plan.warmupSeconds() * 400 / plan.clients()) : 0;
        Runner.Client factory = i -> {
            Creds c = users.get(i % users.size());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            ArrayDeque<String> signed = new ArrayDeque<>();
            for (long k = 0; k < perClient; k++) {
                signed.add(request(c, nonce(http, path)));
            }
            check(post(http, path, form(request(c, nonce(http, path)))), c, realm, true);
            long[] n = {0};
            return () -> {
                String nonce = nonce(http, path);
                String req;
                if (presign) {
                    req = signed.poll();
                    if (req == null) {
                        throw new Runner.Done();
                    }
                } else {
                    req = request(c, nonce);
                }
                n[0]++;
                check(post(http, path, form(req)), c, realm, verifyEvery > 0 && n[0] % verifyEvery == 0);
            };
        };
        Runner.Result r = Runner.run(plan, factory);
        Runner.print(out, presign ? "signin-presigned" : "signin", "https", plan, r);
        return r.ok() > 0 ? 0 : 1;
    }

    private static PrivateKey priv(KeyFactory rsa, JsonNode u, String field) throws Exception {
        return rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(u.get(field).asString())));
    }

    private static SSLContext tls(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String nonce(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = post(http, url, "grant_type=srv_challenge");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("nonce: HTTP " + r.statusCode() + " " + r.body());
        }
        return Json.MAPPER.readTree(r.body()).get("Nonce").asString();
    }

    private static String form(String request) {
        return "windows_api_version=2.0&grant_type=" + enc("urn:ietf:params:oauth:grant-type:jwt-bearer")
                + "&request=" + enc(request) + "&client_info=1&tgt=true";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** H's request: x5c an array, the Hello assertion with the same nonce, no kdf_ver. */
    private static String request(Creds c, String nonce) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> ah = new LinkedHashMap<>();
        ah.put("alg", "RS256");
        ah.put("kid", c.kid());
        ah.put("typ", "JWT");
        ah.put("use", "ngc");
        Map<String, Object> ap = new LinkedHashMap<>();
        ap.put("iss", c.upn());
        ap.put("aud", "common");
        ap.put("iat", now - 300);
        ap.put("exp", now + 300);
        ap.put("request_nonce", nonce);
        ap.put("scope", "openid aza ugs");
        String assertion = rs256(ah, ap, c.helloKey());
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "RS256");
        h.put("typ", "JWT");
        h.put("x5c", List.of(Base64.getEncoder().encodeToString(c.cert())));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("client_id", "29d9ed98-a469-4536-ade2-f981bc1d605e");
        p.put("request_nonce", nonce);
        p.put("scope", "openid aza ugs");
        p.put("win_ver", "10.0.19041.868");
        p.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        p.put("username", c.upn());
        p.put("assertion", assertion);
        return rs256(h, p, c.deviceKey());
    }

    private static String rs256(Map<String, Object> header, Map<String, Object> payload, PrivateKey key) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(Json.MAPPER.writeValueAsBytes(header)) + "."
                + b64.encodeToString(Json.MAPPER.writeValueAsBytes(payload));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(s.sign());
    }

    /** 200 with a tgt_ad holding an AES-256 ticket; with {@code full}, the AS-REP is decrypted down to its enc-part. */
    private static void check(HttpResponse<String> r, Creds c, String realm, boolean full) throws Exception {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token: HTTP " + r.statusCode() + " " + r.body());
        }
        JsonNode j = Json.MAPPER.readTree(r.body());
        JsonNode tgt = j.get("tgt_ad") == null ? null : Json.MAPPER.readTree(j.get("tgt_ad").asString());
        if (tgt == null || tgt.get("keyType").asInt() != 18) {
            throw new IllegalStateException("no tgt_ad ticket: " + (tgt == null ? "absent" : tgt.get("error")));
        }
        if (!full) {
            return;
        }
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        oaep.init(Cipher.DECRYPT_MODE, c.transportKey());
        byte[] sk = oaep.doFinal(Base64.getUrlDecoder().decode(j.get("session_key_jwe").asString().split("\\.", -1)[1]));
        byte[] clientKey = decryptUnderSessionKey(tgt.get("clientKey").asString(), sk);
        KdcRep rep = KrbCodec.decodeKdcRep(Bytes.wrap(Base64.getDecoder().decode(tgt.get("messageBuffer").asString())));
        EncryptionKey k = new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, clientKey);
        EncKdcRepPart part = KrbCodec.decodeEncKdcRepPart(Enctypes.get(k.type()).decrypt(k, KeyUsage.AS_REP_ENC_PART,
                rep.encPart().cipher()));
        if (!part.sname().isKrbtgt() || !rep.crealm().equalsIgnoreCase(realm)) {
            throw new IllegalStateException("tgt_ad is not a TGT of " + realm);
        }
    }

    /** KDF v1 on the JWE's ctx (SP 800-108 HMAC-SHA256, label AzureAD-SecureConversation); CBC or GCM by IV length. */
    private static byte[] decryptUnderSessionKey(String jwe, byte[] sessionKey) throws Exception {
        String[] p = jwe.split("\\.", -1);
        JsonNode header = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(p[0]), StandardCharsets.UTF_8));
        byte[] key = SessionKeyKdf.v1(sessionKey, Base64.getDecoder().decode(header.get("ctx").asString()));
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
}
