// protocol-notes §3.1 (Hello key provisioning, MS-KPP: POST /EnrollmentServer/key/?api-version=1.0 with
// {"kngc": base64 BCRYPT_RSAKEY_BLOB}; the token's amr must show a multi-factor sign-in), §3.2a (kid = base64 of
// SHA-256 over the blob; the PRT request's Hello assertion names its key by this kid), §3.7 (MFA for provisioning).
package io.kerbridge.cloud.device;

import static io.kerbridge.cloud.http.Json.bind;
import static io.kerbridge.cloud.http.Json.require;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.AuditLog;
import io.kerbridge.cloud.Metrics;
import io.kerbridge.cloud.auth.Principal;
import io.kerbridge.cloud.http.Route;
import io.kerbridge.cloud.http.Route.Call;
import io.kerbridge.cloud.http.Route.Reply;
import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.Role;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Windows Hello for Business keys:
 * <ul>
 * <li>{@code POST /{tenant}/EnrollmentServer/key/} (also without the trailing slash; query {@code api-version}
 *     absent or {@code 1.0}) with {@code Authorization: Bearer <user token>} from a sign-in with {@code mfa} in its
 *     amr at most ten minutes ago, and {@code X-Device-Authorization: Device <JWS>} (see
 *     {@link DeviceAuthenticator}) from the device the key lives on; body {@code {"kngc": b64 BCRYPT_RSAKEY_BLOB}}
 *     → 201 {@code {"kid", "userId", "deviceId", "createdAt"}}. The key is bound to that user and that device.
 *     Any user of the tenant may provision a key on any of its enabled devices (shared devices hold several
 *     users' keys); the device proof shows the request comes from that device.</li>
 * <li>{@code GET /api/v1/{tenant}/users/{id}/hello-keys} and
 *     {@code DELETE /api/v1/{tenant}/users/{id}/hello-keys/{kid}} with the kid base64url-encoded (it contains
 *     {@code + / =}): the user themself or a Global Administrator.</li>
 * </ul>
 */
public final class HelloKeyRoutes {
    public static final String ENROLLMENT_PATH = "/{tenant}/EnrollmentServer/key";

    record KngcRequest(String kngc) {}

    private final DeviceStore devices;
    private final CloudStore.Users users;
    private final DeviceAuthenticator authenticator;
    private final AuditLog audit;
    private final Metrics metrics;
    private final Clock clock;

    public HelloKeyRoutes(DeviceStore devices, CloudStore.Users users, DeviceAuthenticator authenticator, AuditLog audit,
            Metrics metrics, Clock clock) {
        this.devices = devices;
        this.users = users;
        this.authenticator = authenticator;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    public List<Route> routes() {
        String k = "/api/v1/{tenant}/users/{id}/hello-keys";
        return List.of(
                Route.user("POST", ENROLLMENT_PATH + "/", this::enroll),
                Route.user("POST", ENROLLMENT_PATH, this::enroll),
                Route.user("GET", k, this::list),
                Route.user("DELETE", k + "/{kid}", this::revoke));
    }

    private Reply enroll(Call c) throws ApiException {
        checkApiVersion(c);
        Principal p = c.principal();
        checkFreshMfa(p, clock.instant());
        Tenant tenant = c.tenantOrThrow();
        Device device = authenticator.authenticate(tenant, c.header(DeviceAuthenticator.PROOF_HEADER));
        byte[] blob = Wire.base64(require(bind(c.body(), KngcRequest.class).kngc(), "kngc"), "kngc");
        RSAPublicKey key = BcryptRsaKeyBlob.decode(blob);
        checkCanonical(key, blob);
        checkNotDeviceKey(key, device);
        HelloKey k = new HelloKey(BcryptRsaKeyBlob.kid(blob), tenant.id(), p.userId(), device.id(), blob, clock.instant());
        if (!devices.insertHelloKey(k)) {
            throw ApiException.conflict("hello_key_exists", "this key is already registered");
        }
        audit.record(tenant.id(), AuditLog.USERS, "Register Windows Hello for Business key", p.upn(),
                p.upn() + " on device " + device.id(), true, AuditLog.OK, "kid " + k.kid());
        metrics.inc("kerbridge_cloud_hello_keys_registered_total");
        return Reply.created(json(k));
    }

    private Reply list(Call c) throws ApiException {
        User u = selfOrAdmin(c);
        return Reply.ok(Map.of("value", devices.helloKeys(u.tenantId(), u.id(), Optional.empty()).stream()
                .map(HelloKeyRoutes::json).toList()));
    }

    private Reply revoke(Call c) throws ApiException {
        User u = selfOrAdmin(c);
        String kid = Wire.kidFromPath(c.param("kid"));
        HelloKey k = devices.findHelloKey(u.tenantId(), kid).filter(h -> h.userId().equals(u.id()))
                .orElseThrow(() -> ApiException.notFound(u.upn() + " has no Hello key " + kid));
        if (!devices.deleteHelloKey(u.tenantId(), k.kid())) {
            throw ApiException.notFound(u.upn() + " has no Hello key " + kid);
        }
        audit.record(u.tenantId(), AuditLog.USERS, "Delete Windows Hello for Business key", c.principal().upn(),
                u.upn() + " on device " + k.deviceId(), true, AuditLog.OK, "kid " + k.kid());
        return Reply.noContent();
    }

    /** MS-KPP's {@code api-version=1.0}, or none. */
    private static void checkApiVersion(Call c) throws ApiException {
        String v = c.query().get("api-version");
        if (v != null && !v.equals("1.0")) {
            throw ApiException.badRequest("unsupported_api_version", "api-version must be 1.0");
        }
    }

    /** Provisioning needs a multi-factor sign-in at most {@link Principal#FRESH_MFA} ago (protocol-notes §3.1, §3.7). */
    static void checkFreshMfa(Principal p, Instant now) throws ApiException {
        if (!p.freshMfa(now)) {
            throw ApiException.unauthorized("fresh_mfa_required", "registering a Hello key needs a multi-factor sign-in"
                    + " (password and one-time code) in the last " + Principal.FRESH_MFA.toMinutes() + " minutes; sign in again");
        }
    }

    /** The blob must be the canonical encoding of its key (no leading zeros), so one key never has two kids. */
    private static void checkCanonical(RSAPublicKey key, byte[] blob) throws ApiException {
        if (!Arrays.equals(BcryptRsaKeyBlob.encode(key), blob)) {
            throw ApiException.badRequest("invalid_key_blob",
                    "BCRYPT_RSAKEY_BLOB: not canonical (bit length must match the modulus; no leading zero bytes)");
        }
    }

    /** A Hello key is its own key pair, never the device's key or transport key. */
    private static void checkNotDeviceKey(RSAPublicKey key, Device device) throws ApiException {
        boolean same = Arrays.equals(key.getEncoded(), device.deviceKeySpki());
        try {
            same |= BcryptRsaKeyBlob.decode(device.transportKeyBlob()).getModulus().equals(key.getModulus());
        } catch (ApiException e) {
            // a stored transport key always decodes; nothing to compare otherwise
        }
        if (same) {
            throw ApiException.badRequest("hello_key_is_device_key", "the Hello key must differ from the device and transport keys");
        }
    }

    /** The user named in the path, if the caller is that user or a Global Administrator (403 before any lookup). */
    private User selfOrAdmin(Call c) throws ApiException {
        Principal p = c.principal();
        String who = c.param("id");
        boolean self = who.equals(p.userId()) || who.toLowerCase(Locale.ROOT).equals(p.upn().toLowerCase(Locale.ROOT));
        if (!self && !p.holds(Role.GLOBAL_ADMINISTRATOR)) {
            throw ApiException.forbidden("only the user themself or a Global Administrator may manage a user's Hello keys");
        }
        return users.find(p.tenantId(), who).orElseThrow(() -> ApiException.notFound("no such user: " + who));
    }

    static Map<String, Object> json(HelloKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kid", k.kid());
        m.put("kidBase64Url", Wire.kidForPath(k.kid()));
        m.put("userId", k.userId());
        m.put("deviceId", k.deviceId());
        m.put("createdAt", k.createdAt().toString());
        return m;
    }
}
