// protocol-notes §3.4 (UseCloudTrustForOnPremAuth, CloudKerberosTicketRetrievalEnabled; Intune assigns them to
// groups), DESIGN.md §2.7 (the device pulls the policy).
package io.kerbridge.cloud.device;

import static io.kerbridge.cloud.http.Json.bind;
import static io.kerbridge.cloud.http.Json.require;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.AuditLog;
import io.kerbridge.cloud.device.DevicePolicyService.Decision;
import io.kerbridge.cloud.device.DevicePolicySetting.Name;
import io.kerbridge.cloud.http.Route;
import io.kerbridge.cloud.http.Route.Call;
import io.kerbridge.cloud.http.Route.Reply;
import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.Group;
import io.kerbridge.cloud.store.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tenant's device policy:
 * <ul>
 * <li>{@code GET|PUT /api/v1/{tenant}/device-policy} (Global Administrator): per setting {@code null} (not
 *     configured) or {@code {"enabled": bool, "assignedTo": "allDevices" | "group", "groupId"}} ({@code groupId}
 *     by id or display name on input). PUT replaces the whole policy; a setting left out or null is no longer
 *     configured. Audited as "Update device policy" (category {@value #CATEGORY}).</li>
 * <li>{@code GET /api/v1/{tenant}/devices/{id}/policy} with {@code Authorization: Device <JWS>} from that device
 *     (no user token) → {@code {"deviceId", "UseCloudTrustForOnPremAuth": bool,
 *     "CloudKerberosTicketRetrievalEnabled": bool, "source": {setting: "allDevices" | "group:<id>" |
 *     "notAssigned" | "notConfigured"}}} for the device's owner.</li>
 * </ul>
 */
public final class DevicePolicyRoutes {
    public static final String CATEGORY = "Policy";
    static final Set<Role> ADMINS = Set.of(Role.GLOBAL_ADMINISTRATOR);
    static final String ALL = "allDevices";
    static final String GROUP = "group";

    record SettingBody(Boolean enabled, String assignedTo, String groupId) {}

    record PolicyBody(@JsonProperty("UseCloudTrustForOnPremAuth") SettingBody useCloudTrust,
            @JsonProperty("CloudKerberosTicketRetrievalEnabled") SettingBody cloudTicketRetrieval) {
        SettingBody get(Name n) {
            return n == Name.USE_CLOUD_TRUST_FOR_ON_PREM_AUTH ? useCloudTrust : cloudTicketRetrieval;
        }
    }

    private final DevicePolicyService policies;
    private final DeviceAuthenticator authenticator;
    private final CloudStore.Groups groups;
    private final AuditLog audit;
    private final Clock clock;

    public DevicePolicyRoutes(DevicePolicyService policies, DeviceAuthenticator authenticator, CloudStore.Groups groups,
            AuditLog audit, Clock clock) {
        this.policies = policies;
        this.authenticator = authenticator;
        this.groups = groups;
        this.audit = audit;
        this.clock = clock;
    }

    public List<Route> routes() {
        String t = "/api/v1/{tenant}";
        return List.of(
                Route.of("GET", t + "/device-policy", ADMINS, c -> Reply.ok(json(current(c.tenantOrThrow().id())))),
                Route.of("PUT", t + "/device-policy", ADMINS, this::put),
                Route.of("GET", t + "/devices/{id}/policy", Set.of(), this::forDevice)); // device proof, no bearer token
    }

    private Reply put(Call c) throws ApiException {
        PolicyBody body = bind(c.body(), PolicyBody.class);
        String tenantId = c.tenantOrThrow().id();
        Map<Name, DevicePolicySetting> old = current(tenantId);
        Instant now = clock.instant();
        List<DevicePolicySetting> next = new ArrayList<>();
        for (Name n : Name.values()) {
            if (body.get(n) != null) {
                DevicePolicySetting s = setting(tenantId, n, body.get(n), now, c.principal().upn());
                DevicePolicySetting prev = old.get(n);
                boolean unchanged = prev != null && prev.enabled() == s.enabled() && prev.groupId().equals(s.groupId());
                next.add(unchanged ? prev : s); // keep who/when of a setting the call does not change
            }
        }
        policies.store().replace(tenantId, next);
        Map<Name, DevicePolicySetting> saved = current(tenantId);
        audit.record(tenantId, CATEGORY, "Update device policy", c.principal().upn(), "device policy", true, AuditLog.OK,
                summary(saved));
        return Reply.ok(json(saved));
    }

    /** One setting of a PUT body, checked: enabled given; assignedTo allDevices (no groupId) or group (a group of the tenant). */
    private DevicePolicySetting setting(String tenantId, Name n, SettingBody b, Instant now, String by) throws ApiException {
        boolean enabled = require(b.enabled(), n.wire() + ".enabled");
        String to = require(b.assignedTo(), n.wire() + ".assignedTo");
        if (to.equals(ALL)) {
            if (b.groupId() != null) {
                throw ApiException.badRequest("invalid_field", n.wire() + ": groupId is only for assignedTo 'group'");
            }
            return new DevicePolicySetting(tenantId, n, enabled, Optional.empty(), now, by);
        }
        if (!to.equals(GROUP)) {
            throw ApiException.badRequest("invalid_field", n.wire() + ".assignedTo must be 'allDevices' or 'group'");
        }
        String gid = require(b.groupId(), n.wire() + ".groupId");
        Group g = groups.find(tenantId, gid)
                .orElseThrow(() -> ApiException.badRequest("unknown_group", n.wire() + ": no group " + gid + " in this tenant"));
        return new DevicePolicySetting(tenantId, n, enabled, Optional.of(g.id()), now, by);
    }

    private Reply forDevice(Call c) throws ApiException {
        Device d = authenticator.authenticate(c.tenantOrThrow(), c.header("Authorization"));
        if (!d.id().equals(c.param("id"))) {
            throw new ApiException(403, "device_mismatch", "a device may read only its own policy");
        }
        Map<Name, Decision> e = policies.explain(d.tenantId(), d, Optional.empty());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deviceId", d.id());
        Map<String, Object> source = new LinkedHashMap<>();
        for (Name n : Name.values()) {
            out.put(n.wire(), e.get(n).value());
            source.put(n.wire(), e.get(n).source());
        }
        out.put("source", source);
        return Reply.ok(out);
    }

    private Map<Name, DevicePolicySetting> current(String tenantId) {
        Map<Name, DevicePolicySetting> m = new EnumMap<>(Name.class);
        policies.store().settings(tenantId).forEach(s -> m.put(s.name(), s));
        return m;
    }

    private Map<String, Object> json(Map<Name, DevicePolicySetting> settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Name n : Name.values()) {
            DevicePolicySetting s = settings.get(n);
            if (s == null) {
                out.put(n.wire(), null);
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("enabled", s.enabled());
            m.put("assignedTo", s.groupId().isPresent() ? GROUP : ALL);
            m.put("groupId", s.groupId().orElse(null));
            m.put("groupName", s.groupId().flatMap(g -> groups.find(s.tenantId(), g)).map(Group::displayName).orElse(null));
            m.put("updatedOn", s.updatedAt().toString());
            m.put("updatedBy", s.updatedBy());
            out.put(n.wire(), m);
        }
        return out;
    }

    private static String summary(Map<Name, DevicePolicySetting> settings) {
        List<String> parts = new ArrayList<>();
        for (Name n : Name.values()) {
            DevicePolicySetting s = settings.get(n);
            parts.add(n.wire() + "=" + (s == null ? "notConfigured"
                    : (s.enabled() ? "on" : "off") + "@" + s.groupId().map(g -> "group:" + g).orElse(ALL)));
        }
        return String.join(", ", parts);
    }
}
