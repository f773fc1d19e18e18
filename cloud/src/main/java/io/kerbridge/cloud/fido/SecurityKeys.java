// W3C WebAuthn Level 2 §7.1 and §7.2; protocol-notes §2.1 (FIDO2 sign-in yields the same PRT and partial TGT as
// Hello). The one object CloudService wires.
package io.kerbridge.cloud.fido;

import com.webauthn4j.converter.util.ObjectConverter;
import io.kerbridge.cloud.AuditLog;
import io.kerbridge.cloud.Metrics;
import io.kerbridge.cloud.auth.TokenService;
import io.kerbridge.cloud.http.Route;
import io.kerbridge.cloud.store.SqlCloudStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.function.IntSupplier;

/** FIDO2 security keys: the routes and pages, and the {@link Fido2Assertions} the PRT endpoint uses. */
public final class SecurityKeys {
    private final List<Route> routes;
    private final FidoAssertionVerifier assertions;

    private SecurityKeys(List<Route> routes, FidoAssertionVerifier assertions) {
        this.routes = routes;
        this.assertions = assertions;
    }

    /** {@code hostNames}: the service's names (cloud.json); {@code port}: its HTTPS port, read once it listens. */
    public static SecurityKeys create(SqlCloudStore store, TokenService tokens, AuditLog audit, Metrics metrics,
            Clock clock, SecureRandom random, List<String> hostNames, IntSupplier port) {
        ObjectConverter converter = new ObjectConverter();
        FidoCredentialStore keys = new SqlFidoCredentialStore(store.database());
        RelyingParty rp = new RelyingParty(hostNames, port);
        FidoRegistration registration = new FidoRegistration(keys, rp, clock, random, converter);
        FidoAssertionVerifier assertions = new FidoAssertionVerifier(keys, store.users(), rp, clock, converter);
        FidoRoutes routes = new FidoRoutes(store, keys, new SignedInUser(tokens, store), rp, registration, assertions,
                audit, metrics, FidoPages.load());
        return new SecurityKeys(routes.routes(), assertions);
    }

    public List<Route> routes() {
        return routes;
    }

    public Fido2Assertions assertions() {
        return assertions;
    }
}
