// protocol-notes §5.1 (cloud TGT: realm KERBEROS.MICROSOFTONLINE.COM, only for identities synced from AD, 10 h,
// AES-256 only, a PAC with the user's SID), §5.2 (KKDCP endpoint /<tenant>/kerberos), §5.3 (service principals,
// kerberos_top_level_names), §2.2 (tgt_cloud carries the AS-REP under a random clientKey), §7.2 (cloud realm).
package io.kerbridge.cloud.realm;

import io.kerbridge.cloud.AuditLog;
import io.kerbridge.cloud.Metrics;
import io.kerbridge.cloud.kerberos.TgtMinter;
import io.kerbridge.cloud.store.MasterKey;
import io.kerbridge.cloud.store.SqlCloudStore;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import io.kerbridge.cloud.http.Route;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacException;
import io.kerbridge.kerberos.pac.PacSigner;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tenants' cloud Kerberos realm: the {@link CloudRealm} the PRT endpoint calls, the KKDCP endpoint and the
 * service principal API. Decisions:
 * <ul>
 * <li><b>Client name</b>: NT-ENTERPRISE (10) with the UPN as its one component ({@code alice@contoso.test@
 *     KERBEROS.MICROSOFTONLINE.COM}). The realm is shared by all of a tenant's on-premises domains, whose
 *     sAMAccountNames may collide; the UPN is unique in the tenant, and Windows shows the cloud realm credential
 *     as {@code KERBEROS.MICROSOFTONLINE.COM\<upn>} (third-party klist/Get-SmbConnection output [3P]).</li>
 * <li><b>Eligibility</b>: enabled users synced from AD (onPremisesSecurityIdentifier present, §2.1, §5.1);
 *     anyone else gets no cloud TGT (empty).</li>
 * <li><b>TGT</b>: 10 h ({@link #TGT_LIFETIME}, §5.1), flags as the partial TGT's (TgtMinter), renew-till = endtime:
 *     the device gets a fresh cloud TGT with each PRT refresh, and this KDC does not renew.</li>
 * </ul>
 */
public final class CloudKerberosRealm implements CloudRealm {
    public static final Duration TGT_LIFETIME = Duration.ofHours(10);
    /** Audit category of the realm key and the top-level names. */
    public static final String AUDIT_CATEGORY = "KerberosRealm";

    private final RealmStore store;
    private final RealmKeys keys;
    private final ServicePrincipals principals;
    private final TgtMinter minter;
    private final Clock clock;
    private final List<Route> routes;

    private CloudKerberosRealm(RealmStore store, RealmKeys keys, ServicePrincipals principals, TgtMinter minter,
            Clock clock, List<Route> routes) {
        this.store = store;
        this.keys = keys;
        this.principals = principals;
        this.minter = minter;
        this.clock = clock;
        this.routes = routes;
    }

    public static CloudKerberosRealm create(SqlCloudStore cloud, MasterKey master, AuditLog audit, Metrics metrics,
            Clock clock, SecureRandom random) {
        RealmStore store = new SqlRealmStore(cloud.database());
        RealmKeys keys = new RealmKeys(store, master, audit, clock, random);
        ServicePrincipals principals = new ServicePrincipals(store, master, clock, random);
        CloudKdc kdc = new CloudKdc(new TgtReader(keys), new ClientAuthorization(cloud.users()), principals,
                new ServiceTicketIssuer(random), metrics, clock);
        List<Route> routes = new ArrayList<>(new ServicePrincipalRoutes(principals, store, audit, metrics, clock).routes());
        routes.add(new KkdcpRoute(kdc).route());
        return new CloudKerberosRealm(store, keys, principals, new TgtMinter(random), clock, List.copyOf(routes));
    }

    /** The management API routes and {@code POST /{tenant}/kerberos}. */
    public List<Route> routes() {
        return routes;
    }

    @Override
    public Optional<TgtMinter.Minted> issueTgt(Tenant tenant, User user) {
        if (!user.tenantId().equals(tenant.id()) || !user.enabled() || user.onPremisesSecurityIdentifier().isEmpty()) {
            return Optional.empty();
        }
        Instant auth = clock.instant().truncatedTo(ChronoUnit.SECONDS); // KerberosTime has whole seconds
        Pac pac;
        try {
            pac = CloudPac.build(user, auth);
        } catch (IllegalArgumentException e) { // a stored SID that is not an account SID
            return Optional.empty();
        }
        RealmKeys.RealmKey k = keys.current(tenant.id());
        return Optional.of(minter.mint(new TgtMinter.Request(REALM, clientName(user), k.key(), k.kvno(), auth,
                TGT_LIFETIME, TGT_LIFETIME, Optional.of(t -> signed(pac, k)))));
    }

    /** NT-ENTERPRISE {@code <upn>} (see the class comment). */
    public static PrincipalName clientName(User user) {
        return PrincipalName.of(NameType.NT_ENTERPRISE, user.upn());
    }

    /** Server and KDC signatures both with the realm key: the ticket is for the realm's krbtgt (§2.3). */
    private static Bytes signed(Pac pac, RealmKeys.RealmKey k) {
        try {
            return PacSigner.sign(pac, k.key(), k.key()).encode();
        } catch (PacException e) {
            throw new IllegalStateException("cannot sign the cloud TGT PAC: " + e.reason(), e);
        }
    }

    @Override
    public String topLevelNames(Tenant tenant) {
        return String.join(",", effectiveTopLevelNames(store, principals, tenant.id()));
    }

    static List<String> effectiveTopLevelNames(RealmStore store, ServicePrincipals principals, String tenantId) {
        return store.topLevelNames(tenantId).orElseGet(() -> TopLevelNames.defaults(
                principals.list(tenantId).stream().map(ServicePrincipals.ServicePrincipal::spn).toList()));
    }

    /** The service principals, in-process (the management API is the usual way). */
    public ServicePrincipals servicePrincipals() {
        return principals;
    }

    /** The realm keys, for tests in this package. */
    RealmKeys keys() {
        return keys;
    }
}
