package io.kerbridge.cloud.kerberos;

import static io.kerbridge.cloud.http.Json.bind;
import static io.kerbridge.cloud.http.Json.require;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.AuditLog;
import io.kerbridge.cloud.Metrics;
import io.kerbridge.cloud.http.Route;
import io.kerbridge.cloud.http.Route.Call;
import io.kerbridge.cloud.http.Route.Reply;
import io.kerbridge.cloud.store.Role;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.keytransport.KerberosDomain;
import io.kerbridge.kerberos.keytransport.KerberosDomainException;
import io.kerbridge.kerberos.keytransport.KeyTransportException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The Kerberos domains management API (issue 5; protocol-notes §1.3-§1.5):
 * <ul>
 * <li>{@code GET /api/v1/{tenant}/kerberos-domains/transport-key}: the tenant transport key as a JWK;</li>
 * <li>{@code GET /api/v1/{tenant}/kerberos-domains} and {@code GET …/{dnsName}}: the cloud fields of
 *     Get-AzureADKerberosServer, never a key;</li>
 * <li>{@code PUT …/{dnsName}} {@code {"rodcNumber", "keyVersion", "keyUpdatedFrom", "envelope"}}: publish or
 *     rotate the key (envelope = base64url {@code KeyEnvelope} for the tenant transport key);</li>
 * <li>{@code DELETE …/{dnsName}}.</li>
 * </ul>
 * Reads: Global or Hybrid Identity Administrators. Writes: <b>Hybrid Identity Administrators only</b>
 * (protocol-notes §1.1: the cloud credential of Set-AzureADKerberosServer is a Hybrid Identity Administrator;
 * Global Administrator is named only by older docs). A Global Administrator who must publish keys assigns
 * himself the role, which is itself audited. Audit category {@code KerberosDomain} (§1.3).
 */
public final class KerberosDomainRoutes {
    public static final String CATEGORY = "KerberosDomain";
    static final Set<Role> READERS = Set.of(Role.GLOBAL_ADMINISTRATOR, Role.HYBRID_IDENTITY_ADMINISTRATOR);
    static final Set<Role> WRITERS = Set.of(Role.HYBRID_IDENTITY_ADMINISTRATOR);
    /** An envelope is ~150 bytes; anything much larger is not one. */
    static final int MAX_ENVELOPE_CHARS = 1024;

    record SetRequest(Integer rodcNumber, Long keyVersion, String keyUpdatedFrom, String envelope) {}

    private final KerberosDomains domains;
    private final AuditLog audit;
    private final Metrics metrics;

    public KerberosDomainRoutes(KerberosDomains domains, AuditLog audit, Metrics metrics) {
        this.domains = domains;
        this.audit = audit;
        this.metrics = metrics;
    }

    public List<Route> routes() {
        String k = "/api/v1/{tenant}/kerberos-domains";
        return List.of( // transport-key before {dnsName}: the first matching template wins
                Route.of("GET", k + "/transport-key", READERS, this::transportKey),
                Route.of("GET", k, READERS, this::list),
                Route.of("GET", k + "/{dnsName}", READERS, this::get),
                Route.of("PUT", k + "/{dnsName}", WRITERS, this::set),
                Route.of("DELETE", k + "/{dnsName}", WRITERS, this::remove));
    }

    private Reply transportKey(Call c) throws ApiException {
        JsonNode jwk = io.kerbridge.cloud.http.Json.parse(domains.publicTransportKey(c.tenantOrThrow().id()).toJwk());
        return Reply.ok(jwk);
    }

    private Reply list(Call c) {
        return Reply.ok(Map.of("value", domains.list(c.tenantOrThrow().id()).stream().map(KerberosDomainRoutes::json).toList()));
    }

    private Reply get(Call c) throws ApiException {
        String dns = dnsName(c);
        return Reply.ok(json(domains.find(c.tenantOrThrow().id(), dns)
                .orElseThrow(() -> ApiException.notFound("no Kerberos domain " + dns))));
    }

    private Reply set(Call c) throws ApiException {
        String tenant = c.tenantOrThrow().id();
        String dns = dnsName(c);
        boolean exists = domains.find(tenant, dns).isPresent();
        String activity = exists ? "Update Kerberos Domain" : "Add Kerberos Domain";
        try {
            SetRequest req = bind(c.body(), SetRequest.class);
            int rodc = require(req.rodcNumber(), "rodcNumber");
            long version = require(req.keyVersion(), "keyVersion");
            String from = require(req.keyUpdatedFrom(), "keyUpdatedFrom");
            if (from.length() > 255 || !from.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                throw ApiException.badRequest("invalid_field", "keyUpdatedFrom must be a DC host name (dc1.contoso.test)");
            }
            String env = require(req.envelope(), "envelope");
            if (env.length() > MAX_ENVELOPE_CHARS) {
                throw ApiException.badRequest("invalid_envelope", "envelope is over " + MAX_ENVELOPE_CHARS + " characters");
            }
            Bytes envelope;
            try {
                envelope = Bytes.wrap(Base64.getUrlDecoder().decode(env));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_envelope", "envelope must be unpadded base64url");
            }
            KerberosDomains.SetResult r;
            try {
                r = domains.set(tenant, dns, rodc, version, from, envelope);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_field", e.getMessage());
            } catch (KeyTransportException e) {
                throw ApiException.badRequest("envelope_" + e.reason().name().toLowerCase(Locale.ROOT), e.getMessage());
            } catch (KerberosDomainException e) {
                String code = e.reason().name().toLowerCase(Locale.ROOT);
                throw switch (e.reason()) {
                    case VERSION_NOT_INCREASING, KEY_NOT_CHANGED -> ApiException.conflict(code, e.getMessage());
                    default -> ApiException.badRequest(code, e.getMessage());
                };
            }
            KerberosDomain d = r.domain();
            if (r.outcome() != KerberosDomains.Outcome.UNCHANGED) {
                audit.record(tenant, CATEGORY, r.outcome() == KerberosDomains.Outcome.ADDED ? "Add Kerberos Domain"
                        : "Update Kerberos Domain", c.principal().upn(), target(d.dnsName(), d.rodcNumber()), true,
                        AuditLog.OK, detail(d, r.outcome()));
                metrics.inc("kerbridge_cloud_management_changes_total");
            }
            return r.outcome() == KerberosDomains.Outcome.ADDED ? Reply.created(json(d)) : Reply.ok(json(d));
        } catch (ApiException e) {
            audit.record(tenant, CATEGORY, activity, c.principal().upn(), dns, false, AuditLog.OK,
                    "refused: " + e.code() + " (HTTP " + e.status() + ")");
            throw e;
        }
    }

    private Reply remove(Call c) throws ApiException {
        String tenant = c.tenantOrThrow().id();
        String dns = dnsName(c);
        Optional<KerberosDomain> d = domains.find(tenant, dns);
        if (d.isEmpty() || !domains.remove(tenant, dns)) {
            throw ApiException.notFound("no Kerberos domain " + dns);
        }
        audit.record(tenant, CATEGORY, "Remove Kerberos Domain", c.principal().upn(), target(dns, d.get().rodcNumber()), true,
                AuditLog.OK, "keyVersion " + d.get().keyVersion());
        metrics.inc("kerbridge_cloud_management_changes_total");
        return Reply.noContent();
    }

    private static String dnsName(Call c) throws ApiException {
        String dns = c.param("dnsName").toLowerCase(Locale.ROOT);
        if (dns.length() > 253 || !dns.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
            throw ApiException.badRequest("invalid_domain_name", "'" + c.param("dnsName") + "' is not a DNS domain name");
        }
        return dns;
    }

    private static String target(String dns, int rodc) {
        return dns + " (krbtgt_" + rodc + ")";
    }

    private static String detail(KerberosDomain d, KerberosDomains.Outcome o) {
        return "keyVersion " + d.keyVersion() + ", keyUpdatedFrom " + d.keyUpdatedFrom()
                + d.secondary().map(s -> ", secondary keyVersion " + s.version()).orElse("")
                + (o == KerberosDomains.Outcome.REPLACED ? ", RODC number changed: previous keys dropped" : "");
    }

    /**
     * The cloud fields of Get-AzureADKerberosServer (protocol-notes §1.4, same names), then Kerbridge additions
     * in lower camel case. Never a key.
     */
    static Map<String, Object> json(KerberosDomain d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CloudDisplayName", d.displayName());
        m.put("CloudDomainDnsName", d.dnsName());
        m.put("CloudId", d.rodcNumber());
        m.put("CloudKeyVersion", d.keyVersion());
        m.put("CloudKeyUpdatedOn", d.keyUpdatedOn().toString());
        m.put("CloudTrustDisplay", null);
        m.put("keyUpdatedFrom", d.keyUpdatedFrom());
        m.put("kvno", d.kvno());
        m.put("secondaryKeyVersion", d.secondary().map(KerberosDomain.DomainKey::version).orElse(null));
        return m;
    }
}
