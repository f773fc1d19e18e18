// protocol-notes §3.2 step 5 (refresh_token = the PRT), step 7 (refresh with a request signed by a key derived
// from the session key), §3.2a ("Refresh"). RFC 7516 (JWE), RFC 7518 §4.5 (dir) and §5.3 (A256GCM).
package io.kerbridge.cloud.prt;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import io.kerbridge.cloud.store.MasterKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;

/**
 * The PRT ({@code refresh_token}) as an opaque, self-contained token: a JWE (dir, A256GCM) under a key derived
 * from the master key, holding tenant, user, device, session key, sign-in method and times. Nothing is stored
 * per PRT; a refresh re-checks device, user and password, so disabling either ends the PRT's use. Only this
 * service can read or make one; holding it is not enough to refresh (that needs the session key too).
 */
public final class PrtTokens {
    public static final Duration LIFETIME = Duration.ofDays(14);
    private static final String KEY_LABEL = "prt-token-v1";
    private static final String KID = "prt-v1";

    /** What a PRT says. {@code sessionKey} is the 32-byte PRT session key. */
    public record Prt(String tenantId, String userId, String deviceId, byte[] sessionKey, List<String> amr,
            Instant issuedAt, Instant expiresAt) {}

    private final SecretKeySpec key;
    private final Clock clock;

    public PrtTokens(MasterKey master, Clock clock) {
        char[] hex = master.derive(KEY_LABEL);
        this.key = new SecretKeySpec(HexFormat.of().parseHex(new String(hex)), "AES");
        java.util.Arrays.fill(hex, '0');
        this.clock = clock;
    }

    /** A new PRT for this sign-in, valid {@link #LIFETIME} from now. */
    public Prt newPrt(String tenantId, String userId, String deviceId, byte[] sessionKey, List<String> amr) {
        Instant now = clock.instant();
        return new Prt(tenantId, userId, deviceId, sessionKey.clone(), List.copyOf(amr), now, now.plus(LIFETIME));
    }

    public String seal(Prt p) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .jwtID(UUID.randomUUID().toString())
                .claim("tid", p.tenantId())
                .claim("uid", p.userId())
                .claim("did", p.deviceId())
                .claim("sk", Base64.getUrlEncoder().withoutPadding().encodeToString(p.sessionKey()))
                .claim("amr", p.amr())
                .issueTime(Date.from(p.issuedAt()))
                .expirationTime(Date.from(p.expiresAt()))
                .build();
        EncryptedJWT jwt = new EncryptedJWT(new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM).keyID(KID)
                .build(), claims);
        try {
            jwt.encrypt(new DirectEncrypter(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot seal a PRT", e);
        }
        return jwt.serialize();
    }

    /** Opens a PRT made by this service: {@code invalid_refresh_token} or {@code refresh_token_expired} otherwise. */
    public Prt open(String token) throws OAuthException {
        JWTClaimsSet c;
        try {
            EncryptedJWT jwt = EncryptedJWT.parse(token);
            if (!KID.equals(jwt.getHeader().getKeyID()) || !JWEAlgorithm.DIR.equals(jwt.getHeader().getAlgorithm())
                    || !EncryptionMethod.A256GCM.equals(jwt.getHeader().getEncryptionMethod())) {
                throw invalid();
            }
            jwt.decrypt(new DirectDecrypter(key));
            c = jwt.getJWTClaimsSet();
            Prt p = new Prt(c.getStringClaim("tid"), c.getStringClaim("uid"), c.getStringClaim("did"),
                    Base64.getUrlDecoder().decode(c.getStringClaim("sk")), List.copyOf(c.getStringListClaim("amr")),
                    c.getIssueTime().toInstant(), c.getExpirationTime().toInstant());
            if (p.sessionKey().length != SessionJwe.SESSION_KEY_BYTES) {
                throw invalid();
            }
            if (!clock.instant().isBefore(p.expiresAt())) {
                throw PrtError.REFRESH_TOKEN_EXPIRED.with("The refresh token (PRT) has expired; sign in again.");
            }
            return p;
        } catch (ParseException | JOSEException | RuntimeException e) {
            throw invalid();
        }
    }

    private static OAuthException invalid() {
        return PrtError.INVALID_REFRESH_TOKEN.with("The refresh token is not a PRT issued by this service.");
    }
}
