// W3C WebAuthn Level 2 §7.1 step 1 context: a key is registered to an account the Relying Party has already
// authenticated (here: a management-API bearer token from password + TOTP sign-in).
package io.kerbridge.cloud.fido;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.auth.Principal;
import io.kerbridge.cloud.auth.TokenService;
import io.kerbridge.cloud.http.Route;
import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.User;
import java.util.Optional;

/**
 * "Any signed-in user" for the self-service security-key routes: the same checks {@code CloudServer} runs for
 * role-protected routes (bearer token of this tenant, user still exists and is enabled), without requiring a role.
 */
final class SignedInUser {
    private final TokenService tokens;
    private final CloudStore store;

    SignedInUser(TokenService tokens, CloudStore store) {
        this.tokens = tokens;
        this.store = store;
    }

    /** The caller and their user record; 401 without a valid token. */
    record Caller(Principal principal, User user) {}

    Caller require(Route.Call c) throws ApiException {
        String auth = c.header("authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.length() <= 7) {
            throw ApiException.unauthorized("missing_token", "sign in and send 'Authorization: Bearer <token>'");
        }
        String tenantId = c.tenantOrThrow().id();
        TokenService.Claims claims = tokens.verify(tenantId, auth.substring(7).strip());
        Optional<User> user = store.users().find(tenantId, claims.userId()).filter(u -> u.id().equals(claims.userId()));
        if (user.isEmpty() || !user.get().enabled()) {
            throw ApiException.unauthorized("invalid_token", "the token's user no longer exists or is disabled");
        }
        User u = user.get();
        return new Caller(new Principal(tenantId, u.id(), u.upn(), store.roles().of(u.id())), u);
    }
}
