// protocol-notes §3.2 steps 2-4 (Hello assertion JWT: header kid = b64(SHA-256(BCRYPT_RSAKEY_BLOB)), use=ngc,
// payload iss/aud/iat/exp/request_nonce; outer request JWT RS256 by the device key with x5c = device
// certificate, grant_type jwt-bearer, username, assertion), §3.2a (x5c string in R, array in H; kdf_ver optional;
// R uses two nonces, H may reuse one; iat up to 1 h in the past, 2 h lifetime; aud "common", not checked),
// §7.2 (x5c chains to the service CA; kid lookup, iss = UPN, nonce), §2.1 (FIDO2 yields the same PRT).
package io.kerbridge.cloud.prt;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.device.BcryptRsaKeyBlob;
import io.kerbridge.cloud.device.Device;
import io.kerbridge.cloud.device.DeviceCertificates;
import io.kerbridge.cloud.device.HelloKey;
import io.kerbridge.cloud.fido.Fido2Assertions;
import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * The checks of a device-signed PRT request, in order, each with its own refusal: device certificate (issued
 * by our CA) → request signature by the certificate's key → device registered in the tenant, enabled, holding
 * this very certificate → outer nonce (consumed) → grant_type → the user's proof (a Hello assertion, or a
 * WebAuthn assertion when FIDO2 is wired) → user enabled → password not expired.
 */
public final class PrtRequestVerifier {
    public static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** R's broker client id, used as the id_token audience when the request names none. */
    public static final String DEFAULT_CLIENT_ID = "38aa3b87-a06d-4817-b275-7a316988d93b";
    static final Duration MAX_ASSERTION_AGE = Duration.ofHours(1);
    static final Duration MAX_ASSERTION_LIFETIME = Duration.ofHours(2);
    static final Duration SKEW = Duration.ofMinutes(5);

    private final CloudStore store;
    private final DeviceCertificates certificates;
    private final Nonces nonces;
    private final Optional<Fido2Assertions> fido;
    private final Clock clock;

    public PrtRequestVerifier(CloudStore store, DeviceCertificates certificates, Nonces nonces,
            Optional<Fido2Assertions> fido, Clock clock) {
        this.store = store;
        this.certificates = certificates;
        this.nonces = nonces;
        this.fido = fido;
        this.clock = clock;
    }

    /** Runs every check on the parsed outer request; {@code routeTenant} is empty on {@code /common}. */
    SignIn verify(Optional<Tenant> routeTenant, CompactJws request, Attempt attempt) throws OAuthException {
        DeviceCertificates.Verified cert = deviceCertificate(request);
        attempt.deviceId(cert.deviceId());
        requestSignature(request, cert);
        Tenant tenant = routeTenant.isPresent() ? routeTenant.get() : tenantOfDevice(cert.deviceId());
        attempt.tenant(tenant);
        Device device = AccountChecks.registeredDevice(store.devices(), tenant.id(), cert.deviceId());
        AccountChecks.deviceEnabled(device);
        sameCertificate(cert, device);
        String outerNonce = requiredClaim(request, "request_nonce", PrtError.MALFORMED_JWT, "request");
        nonces.consume(outerNonce);
        grantType(request, JWT_BEARER);
        Proof proof = proof(tenant, device, request, outerNonce, attempt);
        AccountChecks.userEnabled(proof.user());
        AccountChecks.passwordNotExpired(proof.user(), clock.instant());
        return new SignIn(tenant, device, proof.user(), proof.amr(),
                request.claim("client_id").filter(s -> !s.isBlank()).orElse(DEFAULT_CLIENT_ID));
    }

    private record Proof(User user, List<String> amr) {}

    private Proof proof(Tenant tenant, Device device, CompactJws request, String outerNonce, Attempt attempt)
            throws OAuthException {
        Optional<String> hello = request.claim("assertion");
        if (hello.isPresent()) {
            return new Proof(helloUser(tenant, device, request, hello.get(), outerNonce, attempt), List.of("rsa", "mfa"));
        }
        JsonNode webauthn = request.payload().get("webauthn");
        if (webauthn != null && webauthn.isObject()) {
            return new Proof(fidoUser(tenant, request, webauthn, outerNonce, attempt), List.of("fido", "mfa"));
        }
        throw PrtError.MISSING_ASSERTION.with("The request carries neither an 'assertion' (Hello) nor a 'webauthn' object.");
    }

    // ---- device

    /** x5c: a base64 DER certificate, as a string (R) or the first element of an array (H). */
    private DeviceCertificates.Verified deviceCertificate(CompactJws request) throws OAuthException {
        if (!request.alg().orElse("").equals("RS256")) {
            throw PrtError.MALFORMED_JWT.with("The request JWT must be signed RS256 with the device key.");
        }
        JsonNode x5c = request.header().get("x5c");
        JsonNode first = x5c != null && x5c.isArray() && !x5c.isEmpty() ? x5c.get(0) : x5c;
        if (first == null || !first.isString()) {
            throw PrtError.INVALID_DEVICE_CERTIFICATE.with("The request JWT has no x5c device certificate.");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(first.asString());
        } catch (IllegalArgumentException e) {
            throw PrtError.INVALID_DEVICE_CERTIFICATE.with("The x5c certificate is not base64.");
        }
        try {
            return certificates.verify(der);
        } catch (ApiException e) {
            throw PrtError.INVALID_DEVICE_CERTIFICATE.with("Device authentication failed: " + e.getMessage() + ".");
        }
    }

    private static void requestSignature(CompactJws request, DeviceCertificates.Verified cert) throws OAuthException {
        if (!request.verifyRs256(cert.publicKey())) {
            throw PrtError.INVALID_REQUEST_SIGNATURE.with("The request JWT's signature does not verify with the device certificate's key.");
        }
    }

    /** On {@code /common}: the tenant that registered the device. */
    private Tenant tenantOfDevice(String deviceId) throws OAuthException {
        for (Tenant t : store.tenants().all()) {
            if (store.devices().find(t.id(), deviceId).isPresent()) {
                return t;
            }
        }
        throw PrtError.DEVICE_NOT_FOUND.with("Device object was not found in any tenant's directory (device " + deviceId + ").");
    }

    private static void sameCertificate(DeviceCertificates.Verified cert, Device device) throws OAuthException {
        if (!DeviceCertificates.sameCertificate(cert.certificate(), device)) {
            throw PrtError.DEVICE_CERTIFICATE_MISMATCH.with("The x5c certificate is not the one registered for device "
                    + device.id() + " (re-registered or replaced); sign in with the current device certificate.");
        }
    }

    static void grantType(CompactJws request, String expected) throws OAuthException {
        if (!request.claim("grant_type").orElse("").equals(expected)) {
            throw PrtError.GRANT_TYPE_MISMATCH.with("The request JWT's grant_type claim must be '" + expected + "'.");
        }
    }

    // ---- Hello

    private User helloUser(Tenant tenant, Device device, CompactJws request, String token, String outerNonce,
            Attempt attempt) throws OAuthException {
        CompactJws assertion = CompactJws.parse(token, PrtError.MALFORMED_ASSERTION, "assertion");
        String kid = helloHeader(assertion);
        String upn = requiredClaim(assertion, "iss", PrtError.MALFORMED_ASSERTION, "assertion");
        sameUsername(request, upn);
        attempt.upn(upn);
        HelloKey key = store.devices().findHelloKey(tenant.id(), kid).orElseThrow(() -> PrtError.HELLO_KEY_NOT_FOUND
                .with("The Windows Hello key of the assertion is not registered in this tenant."));
        User user = userByUpn(tenant, upn);
        keyOfUserAndDevice(key, user, device);
        assertionSignature(assertion, key);
        assertionTimes(assertion, clock.instant());
        String nonce = requiredClaim(assertion, "request_nonce", PrtError.MALFORMED_ASSERTION, "assertion");
        if (!nonce.equals(outerNonce)) { // R: a second nonce; H: the same one, already consumed
            nonces.consume(nonce);
        }
        return user;
    }

    private static String helloHeader(CompactJws assertion) throws OAuthException {
        if (!assertion.alg().orElse("").equals("RS256") || !assertion.headerText("use").orElse("").equals("ngc")) {
            throw PrtError.MALFORMED_ASSERTION.with("The assertion must be an RS256 JWT with header use=ngc.");
        }
        return assertion.headerText("kid").filter(k -> !k.isBlank() && k.length() <= 128).orElseThrow(
                () -> PrtError.MALFORMED_ASSERTION.with("The assertion header has no kid."));
    }

    private static void sameUsername(CompactJws request, String upn) throws OAuthException {
        Optional<String> username = request.claim("username");
        if (username.isPresent() && !username.get().equalsIgnoreCase(upn)) {
            throw PrtError.USERNAME_MISMATCH.with("The request's username and the assertion's iss name different users.");
        }
    }

    private User userByUpn(Tenant tenant, String upn) throws OAuthException {
        return store.users().find(tenant.id(), upn).filter(u -> u.upn().equalsIgnoreCase(upn)).orElseThrow(
                () -> PrtError.USER_NOT_FOUND.with("User account '" + FormBody.clip(upn) + "' does not exist in the tenant's directory."));
    }

    private static void keyOfUserAndDevice(HelloKey key, User user, Device device) throws OAuthException {
        if (!key.userId().equals(user.id())) {
            throw PrtError.HELLO_KEY_OTHER_USER.with("The Windows Hello key of the assertion belongs to another user.");
        }
        if (!key.deviceId().equals(device.id())) {
            throw PrtError.HELLO_KEY_OTHER_DEVICE.with("The Windows Hello key of the assertion belongs to another device.");
        }
    }

    private static void assertionSignature(CompactJws assertion, HelloKey key) throws OAuthException {
        RSAPublicKey pub;
        try {
            pub = BcryptRsaKeyBlob.decode(key.keyBlob());
        } catch (ApiException e) {
            throw PrtError.INVALID_ASSERTION_SIGNATURE.with("The registered Windows Hello key is unusable; provision it again.");
        }
        if (!assertion.verifyRs256(pub)) {
            throw PrtError.INVALID_ASSERTION_SIGNATURE.with("The assertion's signature does not verify with the registered Windows Hello key.");
        }
    }

    /** iat at most 1 h in the past (R backdates by exactly 1 h) and not in the future, exp ahead, lifetime at most 2 h. */
    static void assertionTimes(CompactJws assertion, Instant now) throws OAuthException {
        OptionalLong iat = assertion.numericClaim("iat");
        OptionalLong exp = assertion.numericClaim("exp");
        if (iat.isEmpty() || exp.isEmpty() || exp.getAsLong() <= iat.getAsLong()) {
            throw PrtError.MALFORMED_ASSERTION.with("The assertion needs numeric iat and exp with exp after iat.");
        }
        long n = now.getEpochSecond();
        long skew = SKEW.toSeconds();
        if (iat.getAsLong() > n + skew || iat.getAsLong() < n - MAX_ASSERTION_AGE.toSeconds() - skew
                || exp.getAsLong() <= n - skew || exp.getAsLong() - iat.getAsLong() > MAX_ASSERTION_LIFETIME.toSeconds()) {
            throw PrtError.ASSERTION_EXPIRED.with("The assertion is not within its valid time range (iat at most 1 h ago,"
                    + " exp in the future, at most 2 h between them).");
        }
    }

    // ---- FIDO2

    private User fidoUser(Tenant tenant, CompactJws request, JsonNode webauthn, String nonce, Attempt attempt)
            throws OAuthException {
        if (fido.isEmpty()) {
            throw PrtError.FIDO2_NOT_AVAILABLE.with("FIDO2 security key sign-in is not available on this service.");
        }
        String userId;
        try {
            userId = fido.get().verify(tenant, nonce, webauthn);
        } catch (OAuthException e) {
            throw e;
        } catch (ApiException e) {
            throw PrtError.FIDO2_ASSERTION_REJECTED.with("The FIDO2 assertion was refused (" + e.code() + "): " + e.getMessage());
        }
        User user = store.users().find(tenant.id(), userId).filter(u -> u.id().equals(userId)).orElseThrow(
                () -> PrtError.USER_NOT_FOUND.with("The FIDO2 credential's user no longer exists."));
        attempt.upn(user.upn());
        Optional<String> username = request.claim("username");
        if (username.isPresent() && !username.get().equalsIgnoreCase(user.upn())) {
            throw PrtError.USERNAME_MISMATCH.with("The request's username is not the FIDO2 credential's user.");
        }
        return user;
    }

    static String requiredClaim(CompactJws jws, String name, PrtError error, String what) throws OAuthException {
        return jws.claim(name).filter(s -> !s.isEmpty()).orElseThrow(
                () -> error.with("The " + what + " JWT has no '" + name + "' claim."));
    }
}
