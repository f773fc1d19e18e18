// protocol-notes §3.2 step 7 (refresh: request signed HS256 with a key derived from the session key, header ctx
// = 24 random bytes, kdf_ver 2; the answer is a JWE under a session-key-derived key with fresh tgt_ad/tgt_cloud),
// §3.2a "Refresh" (key = KDF(sk, SHA-256(ctx ‖ payload bytes)); payload grant_type=refresh_token,
// refresh_token, request_nonce), §2.2 (KDF v1 / v2).
package io.kerbridge.cloud.prt;

import io.kerbridge.cloud.device.Device;
import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The checks of a PRT refresh, in order: header ctx and kdf_ver → the PRT opens (ours, unexpired) and is for
 * this tenant → HS256 signature with the key derived from the PRT's session key (proof of the session key)
 * → grant_type {@code refresh_token} → nonce (consumed) → device still registered and enabled → user still
 * there, enabled, password not expired.
 */
public final class PrtRefreshVerifier {
    public static final String REFRESH_TOKEN = "refresh_token";
    static final int MIN_CTX_BYTES = 16;
    static final int MAX_CTX_BYTES = 64;

    /** A verified refresh: the PRT presented and the sign-in it stands for. */
    public record Refresh(PrtTokens.Prt prt, SignIn signIn) {}

    private final CloudStore store;
    private final PrtTokens prts;
    private final Nonces nonces;
    private final Clock clock;

    public PrtRefreshVerifier(CloudStore store, PrtTokens prts, Nonces nonces, Clock clock) {
        this.store = store;
        this.prts = prts;
        this.nonces = nonces;
        this.clock = clock;
    }

    Refresh verify(Optional<Tenant> routeTenant, CompactJws request, Attempt attempt) throws OAuthException {
        byte[] ctx = ctx(request);
        int kdfVersion = kdfVersion(request);
        PrtTokens.Prt prt = prts.open(PrtRequestVerifier.requiredClaim(request, REFRESH_TOKEN, PrtError.MALFORMED_JWT, "request"));
        attempt.deviceId(prt.deviceId());
        Tenant tenant = tenantOf(prt, routeTenant);
        attempt.tenant(tenant);
        sessionKeySignature(request, prt, ctx, kdfVersion);
        PrtRequestVerifier.grantType(request, REFRESH_TOKEN);
        nonces.consume(PrtRequestVerifier.requiredClaim(request, "request_nonce", PrtError.MALFORMED_JWT, "request"));
        Device device = AccountChecks.registeredDevice(store.devices(), tenant.id(), prt.deviceId());
        AccountChecks.deviceEnabled(device);
        User user = store.users().find(tenant.id(), prt.userId()).filter(u -> u.id().equals(prt.userId()))
                .orElseThrow(() -> PrtError.USER_NOT_FOUND.with("The PRT's user no longer exists in the tenant's directory."));
        attempt.upn(user.upn());
        AccountChecks.userEnabled(user);
        AccountChecks.passwordNotExpired(user, clock.instant());
        String clientId = request.claim("client_id").filter(s -> !s.isBlank()).orElse(PrtRequestVerifier.DEFAULT_CLIENT_ID);
        return new Refresh(prt, new SignIn(tenant, device, user, prt.amr(), clientId));
    }

    /** Header ctx: standard base64 (R pads it), 16..64 bytes (Windows and R use 24). */
    private static byte[] ctx(CompactJws request) throws OAuthException {
        String text = request.headerText("ctx").orElseThrow(
                () -> PrtError.MALFORMED_JWT.with("The refresh request JWT's header has no ctx."));
        byte[] ctx;
        try {
            ctx = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw PrtError.MALFORMED_JWT.with("The refresh request JWT's ctx is not base64.");
        }
        if (ctx.length < MIN_CTX_BYTES || ctx.length > MAX_CTX_BYTES) {
            throw PrtError.MALFORMED_JWT.with("The refresh request JWT's ctx must be " + MIN_CTX_BYTES + ".." + MAX_CTX_BYTES + " bytes.");
        }
        return ctx;
    }

    /** kdf_ver 2 (R, Windows): context = SHA-256(ctx ‖ payload); absent or 1: context = ctx. */
    private static int kdfVersion(CompactJws request) throws OAuthException {
        JsonNode v = request.header().get("kdf_ver");
        if (v == null) {
            return 1;
        }
        String s = v.isIntegralNumber() ? Long.toString(v.asLong()) : v.isString() ? v.asString() : "";
        if (s.equals("1") || s.equals("2")) {
            return Integer.parseInt(s);
        }
        throw PrtError.MALFORMED_JWT.with("The refresh request JWT's kdf_ver must be 1 or 2.");
    }

    private Tenant tenantOf(PrtTokens.Prt prt, Optional<Tenant> routeTenant) throws OAuthException {
        Optional<Tenant> t = routeTenant.isPresent() ? routeTenant : store.tenants().find(prt.tenantId());
        if (t.isEmpty() || !t.get().id().equals(prt.tenantId())) {
            throw PrtError.INVALID_REFRESH_TOKEN.with("The refresh token was not issued by this tenant.");
        }
        return t.get();
    }

    private static void sessionKeySignature(CompactJws request, PrtTokens.Prt prt, byte[] ctx, int kdfVersion)
            throws OAuthException {
        byte[] key = kdfVersion == 2 ? SessionKeyKdf.v2(prt.sessionKey(), ctx, request.payloadBytes())
                : SessionKeyKdf.v1(prt.sessionKey(), ctx);
        try {
            if (!request.verifyHs256(key)) {
                throw PrtError.INVALID_SESSION_KEY_SIGNATURE.with("The refresh request's signature does not verify with"
                        + " the PRT session key (KDF v" + kdfVersion + ").");
            }
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }
}
