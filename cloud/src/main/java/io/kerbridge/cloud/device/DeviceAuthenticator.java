// protocol-notes §3.2 step 3 and §3.2a (a device-signed JWS: RS256 by the device key, header x5c = the device
// certificate, which R sends as a string and H as an array), §7.2 (x5c chains to the service CA). JWS = RFC 7515.
package io.kerbridge.cloud.device;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.Metrics;
import io.kerbridge.cloud.http.Json;
import io.kerbridge.cloud.store.Tenant;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Authenticates a device by a short-lived proof it signs with its device key:
 * <pre>
 *   Authorization: Device &lt;JWS&gt;            (device routes, e.g. GET …/devices/{id}/policy)
 *   X-Device-Authorization: Device &lt;JWS&gt;   (next to a user's bearer token, e.g. Hello key provisioning)
 *   JWS header  {"alg":"RS256", "x5c": "&lt;b64 DER device certificate&gt;" or ["&lt;b64 DER&gt;", …]}
 *   JWS payload {"aud": "&lt;tenant id&gt;", "iat": &lt;seconds&gt;, "exp": &lt;seconds, at most iat + 600&gt;}
 * </pre>
 * Checks, in this order, each with its own code: the proof is there ({@code missing_device_proof}) and parses
 * ({@code malformed_device_proof}); the certificate was issued by this service's CA and is valid
 * ({@code invalid_device_certificate}); the signature verifies with the certificate's key
 * ({@code invalid_device_signature}); the audience is this tenant ({@code wrong_audience}); the time window
 * ({@code device_proof_expired}, {@code device_proof_not_yet_valid}, {@code device_proof_lifetime}); then the
 * registry: the device exists in this tenant ({@code unknown_device}), holds exactly this certificate
 * ({@code device_certificate_mismatch}) and is enabled ({@code device_disabled}, 403). Every other failure
 * is a 401. The signature and times are checked before the registry so that a caller without the device key
 * learns nothing about which devices exist or are disabled. A proof may be replayed within its (at most ten
 * minute) lifetime, like a bearer token: it travels only over TLS.
 */
public final class DeviceAuthenticator {
    public static final String SCHEME = "Device";
    public static final String PROOF_HEADER = "X-Device-Authorization";
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(10);
    static final Duration SKEW = Duration.ofSeconds(60);
    private static final int MAX_PROOF_CHARS = 16 * 1024;

    private final DeviceStore devices;
    private final DeviceCertificates certificates;
    private final Metrics metrics;
    private final Clock clock;

    public DeviceAuthenticator(DeviceStore devices, DeviceCertificates certificates, Metrics metrics, Clock clock) {
        this.devices = devices;
        this.certificates = certificates;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The registered, enabled device of {@code tenant} that signed the proof in {@code headerValue} ("Device &lt;jws&gt;"). */
    public Device authenticate(Tenant tenant, String headerValue) throws ApiException {
        try {
            Proof p = Proof.parse(jws(headerValue));
            DeviceCertificates.Verified cert = certificates.verify(p.x5c());
            checkSignature(p, cert.publicKey());
            checkAudience(p, tenant);
            checkTime(p, clock.instant());
            Device d = registered(tenant, cert);
            metrics.inc("kerbridge_cloud_device_auth_total", "code", "ok");
            return d;
        } catch (ApiException e) {
            metrics.inc("kerbridge_cloud_device_auth_total", "code", e.code());
            throw e;
        }
    }

    /** The parts of a compact JWS (RFC 7515 §7.1) this check needs. */
    record Proof(byte[] signingInput, byte[] signature, String alg, byte[] x5c, JsonNode claims) {
        static Proof parse(String jws) throws ApiException {
            String[] parts = jws.split("\\.", -1);
            if (parts.length != 3) {
                throw malformed("the device proof is not a compact JWS (header.payload.signature)");
            }
            JsonNode header = json(parts[0], "header");
            JsonNode claims = json(parts[1], "payload");
            if (header.has("crit")) {
                throw malformed("the device proof's header has critical extensions this service does not understand");
            }
            return new Proof((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), b64url(parts[2], "signature"),
                    header.path("alg").asString(""), x5c(header), claims);
        }

        /** x5c as a string (ROADtools) or an array whose first element is the device certificate (RFC 7515 §4.1.6). */
        private static byte[] x5c(JsonNode header) throws ApiException {
            JsonNode x = header.get("x5c");
            if (x != null && x.isArray() && !x.isEmpty()) {
                x = x.get(0);
            }
            if (x == null || !x.isString() || x.asString().isEmpty()) {
                throw malformed("the device proof's header has no x5c device certificate");
            }
            try {
                return Base64.getDecoder().decode(x.asString());
            } catch (IllegalArgumentException e) {
                throw malformed("the device proof's x5c is not base64");
            }
        }

        private static JsonNode json(String part, String what) throws ApiException {
            JsonNode n;
            try {
                n = Json.parse(new String(b64url(part, what), StandardCharsets.UTF_8));
            } catch (ApiException e) {
                throw malformed("the device proof's " + what + " is not JSON");
            }
            if (n == null || !n.isObject()) {
                throw malformed("the device proof's " + what + " is not a JSON object");
            }
            return n;
        }

        private static byte[] b64url(String part, String what) throws ApiException {
            try {
                return Base64.getUrlDecoder().decode(part);
            } catch (IllegalArgumentException e) {
                throw malformed("the device proof's " + what + " is not base64url");
            }
        }
    }

    private static String jws(String headerValue) throws ApiException {
        if (headerValue == null || headerValue.length() <= SCHEME.length() + 1
                || !headerValue.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            throw ApiException.unauthorized("missing_device_proof",
                    "send the device proof as '" + SCHEME + " <JWS signed by the device key>'");
        }
        String jws = headerValue.substring(SCHEME.length() + 1).strip();
        if (jws.length() > MAX_PROOF_CHARS) {
            throw malformed("the device proof is longer than " + MAX_PROOF_CHARS + " characters");
        }
        return jws;
    }

    /** RFC 7518 §3.3: RS256 = RSASSA-PKCS1-v1_5 with SHA-256; no other algorithm is accepted. */
    private static void checkSignature(Proof p, PublicKey key) throws ApiException {
        if (!"RS256".equals(p.alg()) || !(key instanceof RSAPublicKey)) {
            throw ApiException.unauthorized("invalid_device_signature", "the device proof must be signed RS256 with the device key");
        }
        boolean ok;
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(p.signingInput());
            ok = s.verify(p.signature());
        } catch (GeneralSecurityException | RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw ApiException.unauthorized("invalid_device_signature",
                    "the device proof's signature does not verify with the certificate's key");
        }
    }

    /** aud (RFC 7519 §4.1.3, a string or an array) must name this tenant's id. */
    private static void checkAudience(Proof p, Tenant tenant) throws ApiException {
        JsonNode aud = p.claims().get("aud");
        boolean ok = false;
        if (aud != null && aud.isString()) {
            ok = aud.asString().toLowerCase(Locale.ROOT).equals(tenant.id());
        } else if (aud != null && aud.isArray()) {
            for (JsonNode a : aud) {
                ok |= a.isString() && a.asString().toLowerCase(Locale.ROOT).equals(tenant.id());
            }
        }
        if (!ok) {
            throw ApiException.unauthorized("wrong_audience", "the device proof's aud must be the tenant id " + tenant.id());
        }
    }

    /** iat and exp (RFC 7519 §4.1.4, §4.1.6) present, exp - iat at most ten minutes, now within [iat, exp) ± skew. */
    static void checkTime(Proof p, Instant now) throws ApiException {
        JsonNode iat = p.claims().get("iat");
        JsonNode exp = p.claims().get("exp");
        if (iat == null || exp == null || !iat.canConvertToLong() || !exp.canConvertToLong()) {
            throw malformed("the device proof needs numeric iat and exp claims (seconds)");
        }
        long i = iat.asLong();
        long e = exp.asLong();
        if (e <= i || e - i > MAX_LIFETIME.toSeconds()) {
            throw ApiException.unauthorized("device_proof_lifetime", "the device proof's exp must be after iat and at most "
                    + MAX_LIFETIME.toMinutes() + " minutes later");
        }
        if (now.getEpochSecond() >= e + SKEW.toSeconds()) {
            throw ApiException.unauthorized("device_proof_expired", "the device proof has expired; sign a new one");
        }
        if (i > now.getEpochSecond() + SKEW.toSeconds()) {
            throw ApiException.unauthorized("device_proof_not_yet_valid", "the device proof's iat is in the future (clock skew?)");
        }
    }

    private Device registered(Tenant tenant, DeviceCertificates.Verified cert) throws ApiException {
        Device d = devices.find(tenant.id(), cert.deviceId())
                .orElseThrow(() -> ApiException.unauthorized("unknown_device", "no device " + cert.deviceId() + " in this tenant"));
        if (!DeviceCertificates.sameCertificate(cert.certificate(), d)) {
            throw ApiException.unauthorized("device_certificate_mismatch",
                    "the certificate is not the one registered for device " + d.id());
        }
        if (!d.enabled()) {
            throw new ApiException(403, "device_disabled", "device " + d.id() + " is disabled");
        }
        return d;
    }

    private static ApiException malformed(String m) {
        return ApiException.unauthorized("malformed_device_proof", m);
    }
}
