// protocol-notes §5.3 (cloud apps with a Kerberos key: "[Storage Account] <account>.file.core.windows.net" with
// SPN cifs/<account>.file.core.windows.net; the key is provisioned on the service principal; the tenant's
// kerberos_top_level_names), §2.2 (kerberos_top_level_names is one comma-separated string in the PRT response).
package io.kerbridge.cloud.realm;

import static io.kerbridge.cloud.http.Json.bind;
import static io.kerbridge.cloud.http.Json.require;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.AuditLog;
import io.kerbridge.cloud.Metrics;
import io.kerbridge.cloud.http.Route;
import io.kerbridge.cloud.http.Route.Call;
import io.kerbridge.cloud.http.Route.Reply;
import io.kerbridge.cloud.realm.ServicePrincipals.ServicePrincipal;
import io.kerbridge.cloud.realm.ServicePrincipals.WithKeytab;
import io.kerbridge.cloud.store.Role;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cloud realm's management API:
 * <ul>
 * <li>{@code POST /api/v1/{tenant}/kerberos/service-principals} {@code {"servicePrincipalName", "displayName"}} →
 *     201 with the principal and its key as a base64 MIT keytab ({@code keytab}), shown this once;</li>
 * <li>{@code GET …/service-principals}, {@code GET …/{id}}: principals without keys;
 *     {@code DELETE …/{id}}; {@code POST …/{id}/keys}: a new key at kvno + 1 and its keytab;</li>
 * <li>{@code GET /api/v1/{tenant}/kerberos/top-level-names}, {@code PUT} {@code {"topLevelNames": [...]}},
 *     {@code DELETE} (back to the default, see {@link TopLevelNames}).</li>
 * </ul>
 * Writes need Global Administrator; reads also Hybrid Identity Administrator. Audit categories
 * {@code ApplicationManagement} (service principals, as Entra logs them) and {@code KerberosRealm}.
 */
final class ServicePrincipalRoutes {
    static final String CATEGORY = "ApplicationManagement";
    static final Set<Role> WRITERS = Set.of(Role.GLOBAL_ADMINISTRATOR);
    static final Set<Role> READERS = Set.of(Role.GLOBAL_ADMINISTRATOR, Role.HYBRID_IDENTITY_ADMINISTRATOR);
    static final int MAX_DISPLAY_NAME = 256;

    record Register(String servicePrincipalName, String displayName) {}

    record SetTopLevelNames(List<String> topLevelNames) {}

    private final ServicePrincipals principals;
    private final RealmStore store;
    private final AuditLog audit;
    private final Metrics metrics;
    private final Clock clock;

    ServicePrincipalRoutes(ServicePrincipals principals, RealmStore store, AuditLog audit, Metrics metrics, Clock clock) {
        this.principals = principals;
        this.store = store;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    List<Route> routes() {
        String sp = "/api/v1/{tenant}/kerberos/service-principals";
        String tln = "/api/v1/{tenant}/kerberos/top-level-names";
        return List.of(
                Route.of("POST", sp, WRITERS, this::register),
                Route.of("GET", sp, READERS, this::list),
                Route.of("GET", sp + "/{id}", READERS, this::get),
                Route.of("DELETE", sp + "/{id}", WRITERS, this::remove),
                Route.of("POST", sp + "/{id}/keys", WRITERS, this::rotate),
                Route.of("GET", tln, READERS, this::topLevelNames),
                Route.of("PUT", tln, WRITERS, this::setTopLevelNames),
                Route.of("DELETE", tln, WRITERS, this::resetTopLevelNames));
    }

    private Reply register(Call c) throws ApiException {
        String tenant = c.tenantOrThrow().id();
        Register req = bind(c.body(), Register.class);
        String spn = require(req.servicePrincipalName(), "servicePrincipalName");
        try {
            String display = displayName(Optional.ofNullable(req.displayName()).orElse(spn));
            WithKeytab r = principals.register(tenant, spn, display);
            audit.record(tenant, CATEGORY, "Add service principal", c.principal().upn(), target(r.servicePrincipal()),
                    true, AuditLog.OK, "kvno 1, aes256-cts-hmac-sha1-96");
            metrics.inc("kerbridge_cloud_management_changes_total");
            return Reply.created(json(r));
        } catch (IllegalArgumentException e) {
            throw refused(c, spn, ApiException.badRequest("invalid_spn", e.getMessage()));
        } catch (ApiException e) {
            throw refused(c, spn, e);
        } catch (ServicePrincipals.SpnTakenException e) {
            throw refused(c, spn, ApiException.conflict("spn_taken", e.getMessage()));
        }
    }

    private ApiException refused(Call c, String spn, ApiException e) {
        audit.record(c.tenantOrThrow().id(), CATEGORY, "Add service principal", c.principal().upn(),
                CloudKdc.printable(spn), false, AuditLog.OK, "refused: " + e.code() + " (HTTP " + e.status() + ")");
        return e;
    }

    private static String displayName(String s) throws ApiException {
        if (s.isBlank() || s.length() > MAX_DISPLAY_NAME || s.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("invalid_field", "displayName must have 1 to " + MAX_DISPLAY_NAME
                    + " characters and no control characters");
        }
        return s;
    }

    private Reply list(Call c) {
        return Reply.ok(Map.of("value", principals.list(c.tenantOrThrow().id()).stream().map(ServicePrincipalRoutes::json)
                .toList()));
    }

    private Reply get(Call c) throws ApiException {
        return Reply.ok(json(find(c)));
    }

    private ServicePrincipal find(Call c) throws ApiException {
        return principals.find(c.tenantOrThrow().id(), c.param("id"))
                .orElseThrow(() -> ApiException.notFound("no service principal " + c.param("id")));
    }

    private Reply remove(Call c) throws ApiException {
        ServicePrincipal sp = find(c);
        if (!principals.remove(c.tenantOrThrow().id(), sp.id())) {
            throw ApiException.notFound("no service principal " + sp.id());
        }
        audit.record(c.tenantOrThrow().id(), CATEGORY, "Remove service principal", c.principal().upn(), target(sp), true,
                AuditLog.OK, null);
        metrics.inc("kerbridge_cloud_management_changes_total");
        return Reply.noContent();
    }

    private Reply rotate(Call c) throws ApiException {
        ServicePrincipal sp = find(c);
        WithKeytab r = principals.rotate(c.tenantOrThrow().id(), sp.id()).orElseThrow(() -> ApiException.conflict(
                "conflict", "the service principal changed or was removed meanwhile; retry"));
        audit.record(c.tenantOrThrow().id(), CATEGORY, "Add service principal credentials", c.principal().upn(),
                target(r.servicePrincipal()), true, AuditLog.OK, "kvno " + r.servicePrincipal().kvno()
                        + " (was " + sp.kvno() + "), aes256-cts-hmac-sha1-96");
        metrics.inc("kerbridge_cloud_management_changes_total");
        return Reply.ok(json(r));
    }

    private Reply topLevelNames(Call c) {
        return Reply.ok(topLevelJson(c.tenantOrThrow().id()));
    }

    private Reply setTopLevelNames(Call c) throws ApiException {
        SetTopLevelNames req = bind(c.body(), SetTopLevelNames.class);
        List<String> names;
        try {
            names = TopLevelNames.validate(require(req.topLevelNames(), "topLevelNames"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_top_level_name", e.getMessage());
        }
        return changeTopLevelNames(c, Optional.of(names));
    }

    private Reply resetTopLevelNames(Call c) {
        return changeTopLevelNames(c, Optional.empty());
    }

    private Reply changeTopLevelNames(Call c, Optional<List<String>> names) {
        String tenant = c.tenantOrThrow().id();
        store.setTopLevelNames(tenant, names, clock.instant());
        Map<String, Object> now = topLevelJson(tenant);
        audit.record(tenant, CloudKerberosRealm.AUDIT_CATEGORY, "Update Kerberos top-level names", c.principal().upn(),
                CloudKerberosRealm.REALM, true, AuditLog.OK, now.get("source") + ": " + now.get("value"));
        metrics.inc("kerbridge_cloud_management_changes_total");
        return Reply.ok(now);
    }

    private Map<String, Object> topLevelJson(String tenant) {
        List<String> names = CloudKerberosRealm.effectiveTopLevelNames(store, principals, tenant);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topLevelNames", names);
        m.put("source", store.topLevelNames(tenant).isPresent() ? "configured" : "default");
        m.put("value", String.join(",", names));
        return m;
    }

    private static String target(ServicePrincipal sp) {
        return sp.spn() + " (" + sp.id() + ")";
    }

    static Map<String, Object> json(ServicePrincipal sp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", sp.id());
        m.put("servicePrincipalName", sp.spn());
        m.put("displayName", sp.displayName());
        m.put("realm", CloudKerberosRealm.REALM);
        m.put("kvno", sp.kvno());
        m.put("enctypes", List.of("aes256-cts-hmac-sha1-96"));
        m.put("createdAt", sp.createdAt().toString());
        m.put("keysUpdatedAt", sp.keysUpdatedAt().toString());
        return m;
    }

    private static Map<String, Object> json(WithKeytab r) {
        Map<String, Object> m = json(r.servicePrincipal());
        m.put("keytab", Base64.getEncoder().encodeToString(r.keytab().unsafeArray()));
        return m;
    }
}
