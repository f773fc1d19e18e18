// W3C WebAuthn Level 2 §7.1 (registration) and §7.2 (assertion) over HTTP: option endpoints, the registration
// endpoint, a user's keys, and the two browser pages that run navigator.credentials.create/get; protocol-notes §2.1.
package io.kerbridge.cloud.fido;

import static io.kerbridge.cloud.http.Json.bind;
import static io.kerbridge.cloud.http.Json.require;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.AuditLog;
import io.kerbridge.cloud.Metrics;
import io.kerbridge.cloud.http.Route;
import io.kerbridge.cloud.http.Route.Call;
import io.kerbridge.cloud.http.Route.Reply;
import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.Role;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The security-key endpoints (OpenAPI in {@code openapi.json}). Registration and key management need a bearer
 * token of the user (any role; another user's keys need Global Administrator); assertion options and the pages
 * are public. Audit: "Register security key" (success and failure), "Delete security key".
 */
final class FidoRoutes {
    static final String ACTIVITY_REGISTER = "Register security key";
    static final String ACTIVITY_DELETE = "Delete security key";
    private static final String HTML = "text/html; charset=utf-8";

    record RegisterRequest(JsonNode credential, String displayName) {}

    record AssertionOptionsRequest(String nonce, String username) {}

    private final CloudStore store;
    private final FidoCredentialStore keys;
    private final SignedInUser signedIn;
    private final RelyingParty rp;
    private final FidoRegistration registration;
    private final FidoAssertionVerifier assertions;
    private final AuditLog audit;
    private final Metrics metrics;
    private final FidoPages pages;

    FidoRoutes(CloudStore store, FidoCredentialStore keys, SignedInUser signedIn, RelyingParty rp,
            FidoRegistration registration, FidoAssertionVerifier assertions, AuditLog audit, Metrics metrics,
            FidoPages pages) {
        this.store = store;
        this.keys = keys;
        this.signedIn = signedIn;
        this.rp = rp;
        this.registration = registration;
        this.assertions = assertions;
        this.audit = audit;
        this.metrics = metrics;
        this.pages = pages;
    }

    List<Route> routes() {
        String t = "/api/v1/{tenant}";
        return List.of(
                Route.of("POST", t + "/fido/registration/options", Set.of(), this::registrationOptions),
                Route.of("POST", t + "/fido/registration", Set.of(), this::register),
                Route.of("GET", t + "/users/{userId}/fido/keys", Set.of(), this::listKeys),
                Route.of("DELETE", t + "/users/{userId}/fido/keys/{credentialId}", Set.of(), this::deleteKey),
                Route.of("POST", t + "/fido/assertion/options", Set.of(), this::assertionOptions),
                Route.of("GET", "/{tenant}/fido/register", Set.of(), c -> Reply.bytes(200, HTML, pages.register())),
                Route.of("GET", "/{tenant}/fido/signin", Set.of(), c -> Reply.bytes(200, HTML, pages.signin())));
    }

    private Reply registrationOptions(Call c) throws ApiException {
        SignedInUser.Caller me = signedIn.require(c);
        String rpId = rp.rpIdFor(c.header("host"));
        return Reply.ok(registration.options(c.tenantOrThrow(), me.user(), rpId));
    }

    private Reply register(Call c) throws ApiException {
        SignedInUser.Caller me = signedIn.require(c);
        Tenant tenant = c.tenantOrThrow();
        RegisterRequest req = bind(c.body(), RegisterRequest.class);
        try {
            FidoCredential k = registration.finish(tenant, me.user(), WebAuthnJson.registration(req.credential()),
                    Optional.ofNullable(req.displayName()));
            audit.record(tenant.id(), AuditLog.USERS, ACTIVITY_REGISTER, me.user().upn(), me.user().upn(), true,
                    AuditLog.OK, "aaguid " + k.aaguid());
            metrics.inc("kerbridge_cloud_fido_registrations_total", "result", "success");
            return Reply.created(keyJson(k));
        } catch (ApiException e) {
            audit.record(tenant.id(), AuditLog.USERS, ACTIVITY_REGISTER, me.user().upn(), me.user().upn(), false,
                    e.status(), e.code());
            metrics.inc("kerbridge_cloud_fido_registrations_total", "result", e.code());
            throw e;
        }
    }

    private Reply listKeys(Call c) throws ApiException {
        User owner = owner(c, signedIn.require(c));
        return Reply.ok(Map.of("value", keys.forUser(owner.tenantId(), owner.id()).stream().map(FidoRoutes::keyJson).toList()));
    }

    private Reply deleteKey(Call c) throws ApiException {
        SignedInUser.Caller me = signedIn.require(c);
        User owner = owner(c, me);
        if (!keys.delete(owner.tenantId(), owner.id(), c.param("credentialId"))) {
            throw ApiException.notFound("no such security key of " + owner.upn());
        }
        audit.change(owner.tenantId(), AuditLog.USERS, ACTIVITY_DELETE, me.user().upn(), owner.upn());
        return Reply.noContent();
    }

    /** The user named by {userId} ("me", an id or a UPN): oneself, or anyone for a Global Administrator. */
    private User owner(Call c, SignedInUser.Caller me) throws ApiException {
        String ref = c.param("userId");
        boolean self = ref.equals("me") || ref.equals(me.user().id()) || ref.equalsIgnoreCase(me.user().upn());
        if (self) {
            return me.user();
        }
        if (!me.principal().roles().contains(Role.GLOBAL_ADMINISTRATOR)) {
            throw ApiException.forbidden("only a Global Administrator may manage another user's security keys");
        }
        return store.users().find(me.principal().tenantId(), ref)
                .orElseThrow(() -> ApiException.notFound("no such user: " + ref));
    }

    private Reply assertionOptions(Call c) throws ApiException {
        AssertionOptionsRequest req = bind(c.body(), AssertionOptionsRequest.class);
        String nonce = require(req.nonce(), "nonce");
        String rpId = rp.rpIdFor(c.header("host"));
        return Reply.ok(assertions.requestOptions(c.tenantOrThrow(), rpId, nonce,
                Optional.ofNullable(req.username()).filter(u -> !u.isBlank())));
    }

    static Map<String, Object> keyJson(FidoCredential k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.credentialId());
        m.put("userId", k.userId());
        m.put("displayName", k.displayName());
        m.put("aaguid", k.aaguid());
        m.put("rpId", k.rpId());
        m.put("transports", k.transports());
        m.put("signCount", k.signCount());
        m.put("userVerified", k.uvInitialized());
        m.put("backupEligible", k.backupEligible());
        m.put("createdAt", k.createdAt().toString());
        m.put("lastUsedAt", k.lastUsedAt().map(Object::toString).orElse(null));
        return m;
    }
}
