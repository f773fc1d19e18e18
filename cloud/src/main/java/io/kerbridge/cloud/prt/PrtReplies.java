// protocol-notes §3.2a "Reply" (HTTP 200 JSON: token_type "pop", refresh_token, refresh_token_expires_in as a
// number, expires_in/ext_expires_in/expires_on as strings, session_key_jwe, id_token with name/oid/tid,
// client_info = b64url({"uid","utid"}), tgt_ad/tgt_cloud as JSON strings holding clientKey, keyType,
// messageBuffer, realm, sn, cn, sessionKeyType, accountType, error; kerberos_top_level_names a string),
// §2.2 (tgt_* fields; keyType 0 = no ticket), §3.4 (CloudKerberosTicketRetrievalEnabled), §5.1 (cloud TGT).
package io.kerbridge.cloud.prt;

import com.nimbusds.jwt.JWTClaimsSet;
import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.auth.TokenService;
import io.kerbridge.cloud.device.BcryptRsaKeyBlob;
import io.kerbridge.cloud.device.DevicePolicies;
import io.kerbridge.cloud.http.Json;
import io.kerbridge.cloud.kerberos.TgtMinter;
import io.kerbridge.cloud.realm.CloudRealm;
import io.kerbridge.cloud.store.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the token endpoint's answers from a verified {@link SignIn}: the fields both R and H read, with the
 * types they insist on. {@code accountType} (a u32 H requires; no client interprets it) is ours: 1 for the
 * on-premises partial TGT, 2 for the cloud TGT, 0 when no ticket is present. {@code sn}/{@code cn} are the
 * ticket's server and client names without realm ({@code krbtgt/CONTOSO.TEST}, {@code alice}).
 */
public final class PrtReplies {
    public static final Duration ID_TOKEN_LIFETIME = Duration.ofHours(1);
    static final int ACCOUNT_TYPE_NONE = 0;
    static final int ACCOUNT_TYPE_ON_PREMISES = 1;
    static final int ACCOUNT_TYPE_CLOUD = 2;

    /** An answer and what the sign-in log records of it. */
    public record Issued(Map<String, Object> body, Optional<TgtOutcome> tgtAd, Optional<TgtOutcome> tgtCloud) {}

    private final TokenService tokens;
    private final PrtTokens prts;
    private final SessionJwe jwe;
    private final PartialTgtIssuer partialTgts;
    private final DevicePolicies policies;
    private final Optional<CloudRealm> realm;
    private final Clock clock;

    public PrtReplies(TokenService tokens, PrtTokens prts, SessionJwe jwe, PartialTgtIssuer partialTgts,
            DevicePolicies policies, Optional<CloudRealm> realm, Clock clock) {
        this.tokens = tokens;
        this.prts = prts;
        this.jwe = jwe;
        this.partialTgts = partialTgts;
        this.policies = policies;
        this.realm = realm;
        this.clock = clock;
    }

    /** The answer to a PRT sign-in: a new session key, wrapped to the device's transport key. */
    public Issued signIn(SignIn s, boolean tgt, boolean clientInfo) throws OAuthException {
        byte[] sessionKey = jwe.newSessionKey();
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token_type", "pop");
            PrtTokens.Prt prt = prts.newPrt(s.tenant().id(), s.user().id(), s.device().id(), sessionKey, s.amr());
            tokenFields(body, s, prt, clientInfo);
            try {
                body.put("session_key_jwe", jwe.sessionKeyJwe(BcryptRsaKeyBlob.decode(s.device().transportKeyBlob()), sessionKey));
            } catch (ApiException e) {
                throw PrtError.DEVICE_TRANSPORT_KEY_INVALID.with("The device's registered transport key is unusable; register the device again.");
            }
            return withTgts(body, s, sessionKey, tgt);
        } finally {
            Arrays.fill(sessionKey, (byte) 0);
        }
    }

    /** The answer to a PRT refresh: a renewed PRT under the same session key, and fresh TGTs. */
    public Issued refresh(SignIn s, PrtTokens.Prt old, boolean tgt, boolean clientInfo) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "pop");
        PrtTokens.Prt prt = prts.newPrt(s.tenant().id(), s.user().id(), s.device().id(), old.sessionKey(), old.amr());
        tokenFields(body, s, prt, clientInfo);
        return withTgts(body, s, old.sessionKey(), tgt);
    }

    /** The refresh answer as sent: the JSON under the session key (KDF v1 on the JWE's own ctx). */
    public String sealForDevice(Map<String, Object> body, byte[] sessionKey) {
        return jwe.encryptUnderSessionKey(sessionKey, Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }

    private void tokenFields(Map<String, Object> body, SignIn s, PrtTokens.Prt prt, boolean clientInfo) {
        long prtSeconds = Duration.between(clock.instant(), prt.expiresAt()).toSeconds();
        body.put("expires_in", Long.toString(prtSeconds));
        body.put("ext_expires_in", Long.toString(prtSeconds));
        body.put("expires_on", Long.toString(prt.expiresAt().getEpochSecond()));
        body.put("refresh_token", prts.seal(prt));
        body.put("refresh_token_expires_in", prtSeconds);
        body.put("id_token", idToken(s));
        if (clientInfo) {
            String json = Json.MAPPER.writeValueAsString(Map.of("uid", s.user().id(), "utid", s.tenant().id()));
            body.put("client_info", Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private String idToken(SignIn s) {
        Instant now = clock.instant();
        User u = s.user();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(TokenService.issuer(s.tenant().id())).audience(s.clientId())
                .subject(u.id()).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ID_TOKEN_LIFETIME))).jwtID(UUID.randomUUID().toString())
                .claim("oid", u.id()).claim("tid", s.tenant().id()).claim("name", u.displayName()).claim("upn", u.upn())
                .claim("unique_name", u.upn()).claim("amr", s.amr()).claim("deviceid", s.device().id())
                .build();
        return tokens.sign(s.tenant().id(), claims);
    }

    private Issued withTgts(Map<String, Object> body, SignIn s, byte[] sessionKey, boolean tgt) {
        if (!tgt) {
            return new Issued(body, Optional.empty(), Optional.empty());
        }
        TgtOutcome ad = partialTgts.issue(s.tenant().id(), s.user());
        body.put("tgt_ad", tgtJson(ad, sessionKey, ACCOUNT_TYPE_ON_PREMISES));
        Optional<TgtOutcome> cloud = Optional.empty();
        DevicePolicies.Effective policy = policies.effective(s.tenant().id(), s.device(), Optional.of(s.user().id()));
        if (policy.cloudKerberosTicketRetrievalEnabled() && realm.isPresent()) {
            cloud = Optional.of(realm.get().issueTgt(s.tenant(), s.user())
                    .map(m -> TgtOutcome.issued(KerberosStatus.SUCCESS_GENERATED_CLOUD_TGT, m))
                    .orElseGet(() -> TgtOutcome.refused(KerberosStatus.CLOUD_TGT_NOT_ISSUED,
                            "the cloud realm issues no TGT for this user (not synced from Active Directory)")));
            body.put("tgt_cloud", tgtJson(cloud.get(), sessionKey, ACCOUNT_TYPE_CLOUD));
            body.put("kerberos_top_level_names", realm.get().topLevelNames(s.tenant()));
        }
        return new Issued(body, Optional.of(ad), cloud);
    }

    /** One tgt_* field: a JSON string (R crashes on a nested object), clientKey under the session key. */
    String tgtJson(TgtOutcome o, byte[] sessionKey, int accountType) {
        Map<String, Object> t = new LinkedHashMap<>();
        if (o.minted().isPresent()) {
            TgtMinter.Minted m = o.minted().get();
            t.put("clientKey", jwe.encryptUnderSessionKey(sessionKey, m.clientKey().unsafeBytes()));
            t.put("keyType", m.clientKey().type().value());
            t.put("messageBuffer", Base64.getEncoder().encodeToString(m.asRep().unsafeArray()));
            t.put("realm", m.realm());
            t.put("sn", String.join("/", m.server().components())); // raw names (an enterprise UPN keeps its @)
            t.put("cn", String.join("/", m.client().components()));
            t.put("sessionKeyType", m.sessionKey().type().value());
            t.put("accountType", accountType);
        } else {
            t.put("clientKey", "");
            t.put("keyType", 0);
            t.put("messageBuffer", "");
            t.put("realm", "");
            t.put("sn", "");
            t.put("cn", "");
            t.put("sessionKeyType", 0);
            t.put("accountType", ACCOUNT_TYPE_NONE);
            t.put("error", o.error().orElse(o.status().entraName()));
        }
        return Json.MAPPER.writeValueAsString(t);
    }
}
