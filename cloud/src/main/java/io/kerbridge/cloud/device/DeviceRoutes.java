// protocol-notes §3.1 (device registration, MS-DVRJ in spirit: a device key proven by a PKCS#10 request and a
// transport key as a BCRYPT_RSAKEY_BLOB; the device certificate has CN = device id), §7.2 (device registration).
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
import io.kerbridge.cloud.store.Role;
import io.kerbridge.cloud.store.Tenant;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Devices:
 * <ul>
 * <li>{@code POST /api/v1/{tenant}/devices} (any signed-in user, who becomes the owner)
 *     {@code {"displayName", "csr": b64 PKCS#10 signed by the device key, "transportKey": b64 BCRYPT_RSAKEY_BLOB,
 *     "osVersion"?}} → 201 {@code {"deviceId", "tenantId", "certificate": b64 DER, "caCertificate": b64 DER}};</li>
 * <li>Global Administrators: {@code GET …/devices}, {@code GET …/devices/{id}},
 *     {@code PATCH …/devices/{id}} {@code {"accountEnabled"?, "displayName"?}}, {@code DELETE …/devices/{id}}
 *     (also deletes the device's Hello keys).</li>
 * </ul>
 * Audit category {@value #CATEGORY}: Register, Update, Enable, Disable, Delete device.
 */
public final class DeviceRoutes {
    public static final String CATEGORY = "Device";
    static final Set<Role> ADMINS = Set.of(Role.GLOBAL_ADMINISTRATOR);
    static final int MAX_NAME = 256;
    static final int MAX_OS = 128;

    record RegisterRequest(String displayName, String csr, String transportKey, String osVersion) {}

    record UpdateRequest(String displayName, Boolean accountEnabled) {}

    private final DeviceStore devices;
    private final DeviceCertificates certificates;
    private final AuditLog audit;
    private final Metrics metrics;
    private final Clock clock;

    public DeviceRoutes(DeviceStore devices, DeviceCertificates certificates, AuditLog audit, Metrics metrics, Clock clock) {
        this.devices = devices;
        this.certificates = certificates;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    public List<Route> routes() {
        String d = "/api/v1/{tenant}/devices";
        return List.of(
                Route.user("POST", d, this::register),
                Route.of("GET", d, ADMINS, this::list),
                Route.of("GET", d + "/{id}", ADMINS, c -> Reply.ok(json(device(c)))),
                Route.of("PATCH", d + "/{id}", ADMINS, this::update),
                Route.of("DELETE", d + "/{id}", ADMINS, this::delete));
    }

    private Reply register(Call c) throws ApiException {
        RegisterRequest req = bind(c.body(), RegisterRequest.class);
        String name = Wire.text(require(req.displayName(), "displayName"), "displayName", MAX_NAME).orElseThrow();
        RSAPublicKey deviceKey = DeviceCsr.verify(Wire.base64(require(req.csr(), "csr"), "csr"));
        byte[] transportKey = Wire.base64(require(req.transportKey(), "transportKey"), "transportKey");
        BcryptRsaKeyBlob.decode(transportKey); // RSA 2048..4096, well formed
        Optional<String> os = Wire.text(req.osVersion(), "osVersion", MAX_OS);
        Tenant tenant = c.tenantOrThrow();
        Principal owner = c.principal();
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        byte[] cert = certificates.issue(id, deviceKey);
        devices.insert(new Device(id, tenant.id(), name, owner.userId(), true, cert, deviceKey.getEncoded(), transportKey, os,
                now, now));
        audit.change(tenant.id(), CATEGORY, "Register device", owner.upn(), name + " (" + id + ")");
        metrics.inc("kerbridge_cloud_devices_registered_total");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deviceId", id);
        out.put("tenantId", tenant.id());
        out.put("certificate", Base64.getEncoder().encodeToString(cert));
        out.put("caCertificate", Base64.getEncoder().encodeToString(caDer()));
        return Reply.created(out);
    }

    private Reply list(Call c) {
        return Reply.ok(Map.of("value", devices.list(c.tenantOrThrow().id()).stream().map(DeviceRoutes::json).toList()));
    }

    private Reply update(Call c) throws ApiException {
        UpdateRequest req = bind(c.body(), UpdateRequest.class);
        Device d = device(c);
        String name = req.displayName() == null ? d.displayName()
                : Wire.text(req.displayName(), "displayName", MAX_NAME)
                        .orElseThrow(() -> ApiException.badRequest("invalid_field", "displayName must not be blank"));
        boolean enabled = req.accountEnabled() == null ? d.enabled() : req.accountEnabled();
        if (name.equals(d.displayName()) && enabled == d.enabled()) {
            return Reply.ok(json(d));
        }
        Device n = new Device(d.id(), d.tenantId(), name, d.ownerUserId(), enabled, d.certificate(), d.deviceKeySpki(),
                d.transportKeyBlob(), d.osVersion(), d.registeredAt(), clock.instant());
        if (!devices.update(n)) {
            throw ApiException.notFound("no such device: " + d.id());
        }
        String activity = d.enabled() && !enabled ? "Disable device" : !d.enabled() && enabled ? "Enable device" : "Update device";
        audit.change(d.tenantId(), CATEGORY, activity, c.principal().upn(), name + " (" + d.id() + ")");
        return Reply.ok(json(n));
    }

    private Reply delete(Call c) throws ApiException {
        Device d = device(c);
        if (!devices.delete(d.tenantId(), d.id())) {
            throw ApiException.notFound("no such device: " + d.id());
        }
        audit.change(d.tenantId(), CATEGORY, "Delete device", c.principal().upn(), d.displayName() + " (" + d.id() + ")");
        return Reply.noContent();
    }

    private Device device(Call c) throws ApiException {
        return devices.find(c.tenantOrThrow().id(), c.param("id"))
                .orElseThrow(() -> ApiException.notFound("no such device: " + c.param("id")));
    }

    private byte[] caDer() {
        try {
            return certificates.caCertificate().getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the CA certificate cannot be encoded", e);
        }
    }

    static Map<String, Object> json(Device d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deviceId", d.id());
        m.put("displayName", d.displayName());
        m.put("ownerUserId", d.ownerUserId());
        m.put("accountEnabled", d.enabled());
        m.put("osVersion", d.osVersion().orElse(null));
        m.put("certificateThumbprint", thumbprint(d.certificate()));
        m.put("registeredOn", d.registeredAt().toString());
        m.put("updatedOn", d.updatedAt().toString());
        return m;
    }

    /** The certificate's SHA-1 thumbprint in upper-case hex, as Windows (dsregcmd, certutil) shows it; an identifier only. */
    static String thumbprint(byte[] der) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
