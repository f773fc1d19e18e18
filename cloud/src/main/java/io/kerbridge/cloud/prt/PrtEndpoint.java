// protocol-notes §3.2 (steps 1-5, 7), §3.2a (the two clients: nonce at /common (R) or /{tenant} (H), body parsed
// as a form whatever the Content-Type, tgt=True|true, windows_api_version 2.2 (R) or 2.0 (H), HTTP 200 JSON),
// §2.1 (status codes in the sign-in log), §2.2 (tgt_ad / tgt_cloud).
package io.kerbridge.cloud.prt;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.AuditLog;
import io.kerbridge.cloud.Metrics;
import io.kerbridge.cloud.auth.TokenService;
import io.kerbridge.cloud.device.DeviceCertificates;
import io.kerbridge.cloud.device.DevicePolicies;
import io.kerbridge.cloud.fido.Fido2Assertions;
import io.kerbridge.cloud.http.Route;
import io.kerbridge.cloud.http.Route.Call;
import io.kerbridge.cloud.http.Route.Reply;
import io.kerbridge.cloud.kerberos.KerberosDomains;
import io.kerbridge.cloud.kerberos.TgtMinter;
import io.kerbridge.cloud.realm.CloudRealm;
import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.MasterKey;
import io.kerbridge.cloud.store.Tenant;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Entra-style token endpoint ({@code POST /common/oauth2/token}, {@code POST /{tenant}/oauth2/token}; public,
 * form-encoded): {@code grant_type=srv_challenge} gives a nonce; {@code grant_type=jwt-bearer} with an RS256
 * {@code request} signed by the device key is a PRT sign-in, with an HS256 {@code request} signed by a
 * session-key-derived key a PRT refresh. Every sign-in or refresh attempt writes one sign-in log event.
 */
public final class PrtEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger("kerbridge.audit.cloud");
    public static final String SIGN_IN_ACTIVITY = "PRT sign-in";
    public static final String REFRESH_ACTIVITY = "PRT refresh";
    static final Set<String> API_VERSIONS = Set.of("2.0", "2.2");

    private final PrtRequestVerifier signIns;
    private final PrtRefreshVerifier refreshes;
    private final PrtReplies replies;
    private final Nonces nonces;
    private final AuditLog audit;
    private final Metrics metrics;

    public PrtEndpoint(PrtRequestVerifier signIns, PrtRefreshVerifier refreshes, PrtReplies replies, Nonces nonces,
            AuditLog audit, Metrics metrics) {
        this.signIns = signIns;
        this.refreshes = refreshes;
        this.replies = replies;
        this.nonces = nonces;
        this.audit = audit;
        this.metrics = metrics;
    }

    /** Wires the endpoint from the service's parts; {@code realm} and {@code fido} are optional features. */
    public static PrtEndpoint create(CloudStore store, DeviceCertificates certificates, KerberosDomains kerberosDomains,
            TokenService tokens, MasterKey master, AuditLog audit, Metrics metrics, DevicePolicies policies,
            Optional<CloudRealm> realm, Optional<Fido2Assertions> fido, Clock clock, SecureRandom random) {
        Nonces nonces = new Nonces(clock, random);
        PrtTokens prts = new PrtTokens(master, clock);
        PartialTgtIssuer partial = new PartialTgtIssuer(kerberosDomains, new TgtMinter(random), clock);
        PrtReplies replies = new PrtReplies(tokens, prts, new SessionJwe(random), partial, policies, realm, clock);
        return new PrtEndpoint(new PrtRequestVerifier(store, certificates, nonces, fido, clock),
                new PrtRefreshVerifier(store, prts, nonces, clock), replies, nonces, audit, metrics);
    }

    /** {@code /common} first: routes match in list order. */
    public List<Route> routes() {
        return List.of(Route.raw("POST", "/common/oauth2/token", Set.of(), c -> token(c, Optional.empty())),
                Route.raw("POST", "/{tenant}/oauth2/token", Set.of(), c -> token(c, c.tenant())));
    }

    private Reply token(Call c, Optional<Tenant> tenant) throws ApiException {
        FormBody form = FormBody.parse(c.raw());
        String grant = form.require("grant_type");
        if (grant.equals("srv_challenge")) {
            return Reply.ok(Map.of("Nonce", nonces.issue()));
        }
        if (!grant.equals(PrtRequestVerifier.JWT_BEARER)) {
            throw PrtError.UNSUPPORTED_GRANT_TYPE.with("The grant type '" + FormBody.clip(grant) + "' is not supported here.");
        }
        String version = form.require("windows_api_version");
        if (!API_VERSIONS.contains(version)) {
            throw PrtError.UNSUPPORTED_API_VERSION.with("windows_api_version must be 2.0 or 2.2.");
        }
        CompactJws request = CompactJws.parse(form.require("request"), PrtError.MALFORMED_JWT, "request");
        boolean tgt = form.get("tgt").map(v -> v.toLowerCase(Locale.ROOT).equals("true")).orElse(false);
        boolean clientInfo = form.get("client_info").map(v -> v.equals("1")).orElse(false);
        if (request.alg().orElse("").equals("HS256")) {
            return refresh(tenant, request, tgt, clientInfo);
        }
        return signIn(tenant, request, tgt, clientInfo);
    }

    private Reply signIn(Optional<Tenant> tenant, CompactJws request, boolean tgt, boolean clientInfo) throws ApiException {
        Attempt attempt = new Attempt(tenant);
        try {
            SignIn s = signIns.verify(tenant, request, attempt);
            PrtReplies.Issued issued = replies.signIn(s, tgt, clientInfo);
            succeeded(SIGN_IN_ACTIVITY, attempt, issued);
            return Reply.ok(issued.body());
        } catch (ApiException e) {
            failed(SIGN_IN_ACTIVITY, attempt, e);
            throw e;
        }
    }

    private Reply refresh(Optional<Tenant> tenant, CompactJws request, boolean tgt, boolean clientInfo) throws ApiException {
        Attempt attempt = new Attempt(tenant);
        try {
            PrtRefreshVerifier.Refresh r = refreshes.verify(tenant, request, attempt);
            PrtReplies.Issued issued = replies.refresh(r.signIn(), r.prt(), tgt, clientInfo);
            succeeded(REFRESH_ACTIVITY, attempt, issued);
            byte[] sealed = replies.sealForDevice(issued.body(), r.prt().sessionKey()).getBytes(StandardCharsets.US_ASCII);
            return Reply.bytes(200, "application/jose", sealed);
        } catch (ApiException e) {
            failed(REFRESH_ACTIVITY, attempt, e);
            throw e;
        }
    }

    /** Success: statusCode = tgt_ad's Kerberos status (§2.1; 0 when no TGT was asked for), detail = every code. */
    private void succeeded(String activity, Attempt a, PrtReplies.Issued issued) {
        int status = issued.tgtAd().map(o -> o.status().code()).orElse(AuditLog.OK);
        String detail = issued.tgtAd().isEmpty() ? "tgt not requested"
                : "tgt_ad=" + issued.tgtAd().get().status().code()
                        + issued.tgtCloud().map(o -> " tgt_cloud=" + o.status().code()).orElse("");
        record(activity, a, true, status, detail);
        metrics.inc("kerbridge_cloud_prt_requests_total", "result", "ok");
    }

    private void failed(String activity, Attempt a, ApiException e) {
        int status = e instanceof OAuthException o ? o.error().aadsts() : e.status();
        record(activity, a, false, status, e.code() + ": " + e.getMessage());
        metrics.inc("kerbridge_cloud_prt_requests_total", "result", e.code());
    }

    private void record(String activity, Attempt a, boolean success, int status, String detail) {
        if (a.tenant().isPresent()) {
            audit.record(a.tenant().get().id(), AuditLog.SIGN_IN, activity, a.actor(), a.target(), success, status, detail);
        } else { // on /common before the device named its tenant: there is no tenant log to write to
            LOG.info("{} tenant=? {} actor={} target={} result={} status={} ({})", AuditLog.SIGN_IN, activity, a.actor(),
                    a.target(), success ? "success" : "failure", status, detail);
        }
    }
}
