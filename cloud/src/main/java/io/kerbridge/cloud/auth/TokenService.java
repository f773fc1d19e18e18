package io.kerbridge.cloud.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.MasterKey;
import io.kerbridge.cloud.store.Role;
import io.kerbridge.cloud.store.User;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens for the management API: JWTs signed ES256 with the tenant's signing key (kid = the key's
 * RFC 7638 thumbprint; the private JWK stored sealed under the master key, AAD {@code signing-key:<kid>}).
 * Claims: iss, aud, tid, sub (user object id), upn, roles, amr (RFC 8176: how the user signed in, e.g.
 * {@code ["pwd","otp","mfa"]}), auth_time (OIDC: when, epoch seconds), iat, nbf, exp, jti.
 *
 * <p>Verification fails closed: the header must say ES256 with a kid of this tenant (so {@code alg=none},
 * HMAC confusion and other tenants' keys are refused before any signature check), then the signature, then
 * issuer, audience, tenant and times against the injected clock.
 */
public final class TokenService {
    public static final String AUDIENCE = "urn:kerbridge:cloud:management";
    private static final Duration SKEW = Duration.ofSeconds(30);

    /** RFC 8176 method references a password + TOTP sign-in gives. */
    public static final String AMR_PASSWORD = "pwd";
    public static final String AMR_OTP = "otp";
    public static final String AMR_MFA = "mfa";

    /** What a valid token says; {@code amr} is empty and {@code authTime} the epoch when the token has none. */
    public record Claims(String tenantId, String userId, String upn, List<String> roles, Instant expiresAt, String jti,
            List<String> amr, Instant authTime) {
        public Claims {
            amr = List.copyOf(amr);
        }
    }

    private final CloudStore store;
    private final MasterKey master;
    private final Clock clock;
    private final Duration lifetime;
    private final Map<String, List<ECKey>> keys = new ConcurrentHashMap<>();

    public TokenService(CloudStore store, MasterKey master, Clock clock, Duration lifetime) {
        this.store = store;
        this.master = master;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public static String issuer(String tenantId) {
        return "urn:kerbridge:cloud:" + tenantId;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** Makes a new signing key for a tenant and stores it sealed (at tenant creation). */
    public static CloudStore.SigningKeys.Sealed newKey(String tenantId, MasterKey master, SecureRandom random, Instant now) {
        try {
            ECKey k = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true).secureRandom(random).generate();
            byte[] sealed = master.seal(k.toJSONString().getBytes(StandardCharsets.UTF_8), "signing-key:" + k.getKeyID());
            return new CloudStore.SigningKeys.Sealed(k.getKeyID(), tenantId, sealed, now, true);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an ES256 key", e);
        }
    }

    /** A token that says nothing about how the user signed in (no amr; auth_time = now). */
    public String issue(User user, Set<Role> roles) {
        return issue(user, roles, List.of(), clock.instant());
    }

    /** A token for {@code user} who signed in at {@code authTime} with the methods {@code amr}. */
    public String issue(User user, Set<Role> roles, List<String> amr, Instant authTime) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer(user.tenantId()))
                .audience(AUDIENCE)
                .subject(user.id())
                .claim("tid", user.tenantId())
                .claim("upn", user.upn())
                .claim("roles", roles.stream().map(Role::key).sorted().toList())
                .claim("amr", List.copyOf(amr))
                .claim("auth_time", authTime.getEpochSecond())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        return sign(user.tenantId(), claims);
    }

    /** Signs {@code claims} ES256 with the tenant's current key (its kid in the header); also the PRT endpoint's id_token. */
    public String sign(String tenantId, JWTClaimsSet claims) {
        ECKey key = tenantKeys(tenantId).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("tenant " + tenantId + " has no signing key"));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    /** Verifies a bearer token for {@code tenantId}; every failure is a 401 with a stable code. */
    public Claims verify(String tenantId, String token) throws ApiException {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw invalid("the bearer token is not a signed JWT");
        }
        JWSHeader h = jwt.getHeader();
        if (!JWSAlgorithm.ES256.equals(h.getAlgorithm()) || h.getKeyID() == null) {
            throw invalid("the bearer token is not signed with a key of this tenant");
        }
        Optional<ECKey> key = tenantKeys(tenantId).stream().filter(k -> k.getKeyID().equals(h.getKeyID())).findFirst();
        if (key.isEmpty()) {
            throw invalid("the bearer token is not signed with a key of this tenant");
        }
        try {
            if (!jwt.verify(new ECDSAVerifier(key.get().toPublicJWK()))) {
                throw invalid("the bearer token's signature does not verify");
            }
        } catch (JOSEException e) {
            throw invalid("the bearer token's signature does not verify");
        }
        JWTClaimsSet c;
        try {
            c = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("the bearer token's claims are malformed");
        }
        Instant now = clock.instant();
        Object tid = c.getClaim("tid");
        if (!tenantId.equals(tid) || !issuer(tenantId).equals(c.getIssuer())) {
            throw invalid("the bearer token was issued for another tenant");
        }
        if (c.getAudience() == null || !c.getAudience().contains(AUDIENCE)) {
            throw invalid("the bearer token is not for the management API");
        }
        if (c.getExpirationTime() == null || !now.isBefore(c.getExpirationTime().toInstant())) {
            throw ApiException.unauthorized("token_expired", "the bearer token has expired; sign in again");
        }
        if (c.getNotBeforeTime() != null && now.plus(SKEW).isBefore(c.getNotBeforeTime().toInstant())) {
            throw invalid("the bearer token is not valid yet");
        }
        if (c.getSubject() == null || c.getJWTID() == null) {
            throw invalid("the bearer token lacks sub or jti");
        }
        List<String> roles;
        List<String> amr;
        Instant authTime;
        try {
            roles = Optional.ofNullable(c.getStringListClaim("roles")).orElse(List.of());
            amr = Optional.ofNullable(c.getStringListClaim("amr")).orElse(List.of());
            Long at = c.getLongClaim("auth_time");
            authTime = at == null ? Instant.EPOCH : Instant.ofEpochSecond(at);
        } catch (ParseException | java.time.DateTimeException e) {
            throw invalid("the bearer token's roles, amr or auth_time claim is malformed");
        }
        return new Claims(tenantId, c.getSubject(), String.valueOf(c.getClaim("upn")), roles,
                c.getExpirationTime().toInstant(), c.getJWTID(), amr, authTime);
    }

    private static ApiException invalid(String m) {
        return ApiException.unauthorized("invalid_token", m);
    }

    private List<ECKey> tenantKeys(String tenantId) {
        List<ECKey> cached = keys.get(tenantId);
        if (cached != null) {
            return cached;
        }
        List<ECKey> loaded = store.signingKeys().forTenant(tenantId).stream()
                .filter(CloudStore.SigningKeys.Sealed::active)
                .map(s -> {
                    try {
                        return ECKey.parse(new String(master.open(s.sealedJwk(), "signing-key:" + s.kid()), StandardCharsets.UTF_8));
                    } catch (ParseException e) {
                        throw new IllegalStateException("stored signing key " + s.kid() + " is not a JWK", e);
                    }
                }).toList();
        if (!loaded.isEmpty()) { // never cache a miss: unknown tenant ids must not grow the map
            keys.put(tenantId, loaded);
        }
        return loaded;
    }
}
