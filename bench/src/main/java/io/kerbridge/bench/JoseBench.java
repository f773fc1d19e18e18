package io.kerbridge.bench;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.kerbridge.cloud.http.Json;
import io.kerbridge.cloud.prt.CompactJws;
import io.kerbridge.cloud.prt.PrtError;
import io.kerbridge.cloud.prt.SessionJwe;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JOSE and X.509 pieces of one PRT sign-in (protocol-notes §3.2, §3.2a), each as the cloud's PRT endpoint does it
 * ({@link CompactJws}, {@link SessionJwe} from the {@code cloud} module; nimbus-jose-jwt for the id_token and the PRT):
 * <ul>
 *   <li>{@code helloAssertionVerify}: parse a Hello assertion (RS256, RSA-2048) and verify its signature; the device's
 *       outer request costs the same, so a sign-in pays this twice;</li>
 *   <li>{@code deviceCertificateVerify}: parse the x5c device certificate and verify it against the tenant CA
 *       (ECDSA P-256 / SHA-256) and its validity, as {@code DeviceCertificates.verify};</li>
 *   <li>{@code sessionKeyJwe}: session_key_jwe (RSA-OAEP-SHA1 to the 2048-bit transport key, A256GCM of nothing);</li>
 *   <li>{@code clientKeyJwe}: tgt_ad's clientKey under KDF(session key, ctx), AES-256-CBC;</li>
 *   <li>{@code idTokenSign}: the id_token, ES256 over the PRT reply's claims;</li>
 *   <li>{@code prtSeal}: the refresh token, dir/A256GCM JWE of the PRT claims;</li>
 *   <li>{@code clientRs256Sign}: what the client pays per signature (RSA-2048 private key), twice per sign-in.</li>
 * </ul>
 * Setup checks that the assertion and the certificate verify.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class JoseBench {
    SecureRandom random = new SecureRandom();
    KeyPair hello;
    String assertion;
    byte[] deviceCert;
    PublicKey caKey;
    RSAPublicKey transportKey;
    SessionJwe jwe;
    byte[] sessionKey = new byte[32];
    byte[] clientKey = new byte[32];
    ECKey signingKey;
    SecretKeySpec prtKey;
    byte[] signingInput;

    @Setup
    public void setup() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        hello = rsa.generateKeyPair();
        transportKey = (RSAPublicKey) rsa.generateKeyPair().getPublic();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "RS256");
        h.put("kid", "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=");
        h.put("typ", "JWT");
        h.put("use", "ngc");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("iss", "alice@example.test");
        p.put("aud", "common");
        p.put("iat", 1_790_000_000L);
        p.put("exp", 1_790_000_600L);
        p.put("request_nonce", "AwABAAAAAAACAOz_BAD0_8pWuGfLEnpXp3ZcL2zqr0L4u7WZ7BqXNq4");
        p.put("scope", "openid aza ugs");
        Base64.Encoder b64u = Base64.getUrlEncoder().withoutPadding();
        String input = b64u.encodeToString(Json.MAPPER.writeValueAsBytes(h)) + "."
                + b64u.encodeToString(Json.MAPPER.writeValueAsBytes(p));
        signingInput = input.getBytes(StandardCharsets.US_ASCII);
        assertion = input + "." + b64u.encodeToString(clientRs256Sign());
        if (!helloAssertionVerify()) {
            throw new IllegalStateException("the assertion does not verify");
        }
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ca = ec.generateKeyPair();
        caKey = ca.getPublic();
        Instant now = Instant.now();
        deviceCert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=Kerbridge tenant CA"), BigInteger.valueOf(12345), Date.from(now.minusSeconds(300)),
                Date.from(now.plusSeconds(86400 * 365)), new X500Name("CN=" + UUID.randomUUID()),
                rsa.generateKeyPair().getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(ca.getPrivate()))).getEncoded();
        deviceCertificateVerify();
        jwe = new SessionJwe(random);
        random.nextBytes(sessionKey);
        random.nextBytes(clientKey);
        signingKey = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        byte[] k = new byte[32];
        random.nextBytes(k);
        prtKey = new SecretKeySpec(k, "AES");
    }

    @Benchmark
    public boolean helloAssertionVerify() throws Exception {
        return CompactJws.parse(assertion, PrtError.MALFORMED_ASSERTION, "assertion").verifyRs256(hello.getPublic());
    }

    @Benchmark
    public X509Certificate deviceCertificateVerify() throws Exception {
        X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(deviceCert));
        c.verify(caKey);
        c.checkValidity();
        return c;
    }

    @Benchmark
    public String sessionKeyJwe() {
        return jwe.sessionKeyJwe(transportKey, sessionKey);
    }

    @Benchmark
    public String clientKeyJwe() {
        return jwe.encryptUnderSessionKey(sessionKey, clientKey);
    }

    @Benchmark
    public String idTokenSign() throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://login.example.test/t/v2.0")
                .audience("29d9ed98-a469-4536-ade2-f981bc1d605e").subject("u1").issueTime(Date.from(now))
                .notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
                .jwtID(UUID.randomUUID().toString()).claim("oid", "u1").claim("tid", "t1").claim("name", "Alice")
                .claim("upn", "alice@example.test").claim("unique_name", "alice@example.test")
                .claim("amr", List.of("rsa", "mfa")).claim("deviceid", "d1").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new ECDSASigner(signingKey));
        return jwt.serialize();
    }

    @Benchmark
    public String prtSeal() throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("tid", "t1")
                .claim("uid", "u1").claim("did", "d1")
                .claim("sk", Base64.getUrlEncoder().withoutPadding().encodeToString(sessionKey))
                .claim("amr", List.of("rsa", "mfa")).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(14 * 86400))).build();
        EncryptedJWT jwt = new EncryptedJWT(new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
                .keyID("prt-v1").build(), claims);
        jwt.encrypt(new DirectEncrypter(prtKey));
        return jwt.serialize();
    }

    @Benchmark
    public byte[] clientRs256Sign() throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(hello.getPrivate());
        s.update(signingInput);
        return s.sign();
    }
}
