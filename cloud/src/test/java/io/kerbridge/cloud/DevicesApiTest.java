package io.kerbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.Totp;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Device registration, administration, device authentication and TOTP enrolment on a real service over TLS
 * (protocol-notes §3.1, §3.2a).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevicesApiTest extends DeviceApiFixture {
    String admin;
    String[] alice;
    String[] bob;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        startService(tmp);
        admin = adminToken();
        alice = createUser(admin, "alice@contoso.test");
        bob = createUser(admin, "bob@contoso.test");
    }

    @AfterAll
    void stop() {
        stopService();
        assertNoSecretsLogged();
    }

    String aliceToken() throws Exception {
        return token("alice@contoso.test", USER_PW, alice[1]);
    }

    @Test
    void signInTokensSayMultiFactorAndWhen() throws Exception {
        String t = aliceToken();
        var claims = SignedJWT.parse(t).getJWTClaimsSet();
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "otp", "mfa");
        assertThat(claims.getLongClaim("auth_time")).isEqualTo(clock.instant().getEpochSecond());
    }

    @Test
    void aUserRegistersADeviceAndGetsACertificateFromTheTenantCa() throws Exception {
        KeyPair dk = rsa(2048);
        KeyPair tk = rsa(2048);
        Res r = registerRaw(aliceToken(), "ALICE-LAPTOP", csr(dk, "SHA256withRSA"), blob((RSAPublicKey) tk.getPublic()));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        String id = r.json().get("deviceId").asString();
        assertThat(r.json().get("tenantId").asString()).isEqualTo(tenantId);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate cert = (X509Certificate) cf.generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(r.json().get("certificate").asString())));
        X509Certificate caInReply = (X509Certificate) cf.generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(r.json().get("caCertificate").asString())));
        assertThat(caInReply).isEqualTo(ca);
        cert.verify(ca.getPublicKey()); // chains to ca-cert.pem
        cert.checkValidity(Date.from(clock.instant()));
        assertThat(cert.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=" + id));
        assertThat(cert.getPublicKey()).isEqualTo(dk.getPublic());
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2"); // client authentication

        Res got = call("GET", base() + "/devices/" + id, admin, null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("displayName").asString()).isEqualTo("ALICE-LAPTOP");
        assertThat(got.json().get("ownerUserId").asString()).isEqualTo(alice[0]);
        assertThat(got.json().get("accountEnabled").asBoolean()).isTrue();
        assertThat(got.json().get("osVersion").asString()).isEqualTo("10.0.26100.2605");
        assertThat(auditActivities(admin, "Device")).contains("Register device | ALICE-LAPTOP (" + id + ")");
    }

    @Test
    void registrationRefusalsHaveCodesAndCreateNothing() throws Exception {
        String t = aliceToken();
        int before = call("GET", base() + "/devices", admin, null).json().get("value").size();
        KeyPair dk = rsa(2048);
        byte[] goodCsr = csr(dk, "SHA256withRSA");
        byte[] goodBlob = blob((RSAPublicKey) rsa(2048).getPublic());

        Res noToken = call("POST", base() + "/devices", null, json(map("displayName", "X", "csr", b64(goodCsr),
                "transportKey", b64(goodBlob))));
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.code()).isEqualTo("missing_token");

        byte[] badSig = goodCsr.clone();
        badSig[badSig.length - 1] ^= 0x01; // last byte of the signature BIT STRING
        expect(registerRaw(t, "X", badSig, goodBlob), 400, "csr_signature_invalid");
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        expect(registerRaw(t, "X", csr(ec.generateKeyPair(), "SHA256withECDSA"), goodBlob), 400, "unsupported_device_key");
        expect(registerRaw(t, "X", csr(rsa(1024), "SHA256withRSA"), goodBlob), 400, "unsupported_device_key");
        expect(registerRaw(t, "X", csr(dk, "SHA1withRSA"), goodBlob), 400, "unsupported_csr_algorithm");
        expect(registerRaw(t, "X", "not a csr".getBytes(StandardCharsets.US_ASCII), goodBlob), 400, "invalid_csr");

        // transport keys: too small, an EC key blob, a truncated blob
        expect(registerRaw(t, "X", goodCsr, blob((RSAPublicKey) rsa(1024).getPublic())), 400, "invalid_key_blob");
        byte[] eck1 = ByteBuffer.allocate(8 + 64).order(ByteOrder.LITTLE_ENDIAN).put("ECK1".getBytes(StandardCharsets.US_ASCII))
                .putInt(32).put(new byte[64]).array(); // BCRYPT_ECCKEY_BLOB of a P-256 public key
        expect(registerRaw(t, "X", goodCsr, eck1), 400, "invalid_key_blob");
        expect(registerRaw(t, "X", goodCsr, Arrays.copyOf(goodBlob, goodBlob.length - 1)), 400, "invalid_key_blob");

        expect(call("POST", base() + "/devices", t, json(map("displayName", "X", "csr", "@@@", "transportKey", b64(goodBlob)))),
                400, "invalid_base64");
        expect(call("POST", base() + "/devices", t, json(map("displayName", "X", "csr", b64(goodCsr), "transportKey",
                b64(goodBlob), "deviceKey", "x"))), 400, "unknown_field");
        expect(call("POST", base() + "/devices", t, json(map("csr", b64(goodCsr), "transportKey", b64(goodBlob)))), 400,
                "missing_field");
        expect(call("POST", base() + "/devices", t, "{\"displayName\": \"X\", "), 400, "malformed_json");
        expect(call("POST", base() + "/devices", t, json(map("displayName", "X", "csr", "A".repeat(70 * 1024),
                "transportKey", b64(goodBlob)))), 413, "body_too_large");

        assertThat(call("GET", base() + "/devices", admin, null).json().get("value").size()).isEqualTo(before);
    }

    @Test
    void adminsListDisableAndDeleteDevicesOthersAreRefused() throws Exception {
        Dev d = register(aliceToken(), "ALICE-DESKTOP");
        String bobToken = token("bob@contoso.test", USER_PW, bob[1]);
        assertThat(call("GET", base() + "/devices", bobToken, null).status()).isEqualTo(403);
        assertThat(call("PATCH", base() + "/devices/" + d.id(), bobToken, json(map("accountEnabled", false))).status())
                .isEqualTo(403);
        assertThat(call("DELETE", base() + "/devices/" + d.id(), bobToken, null).status()).isEqualTo(403);

        Res list = call("GET", base() + "/devices", admin, null);
        assertThat(list.json().get("value").findValuesAsString("deviceId")).contains(d.id());
        assertThat(devicePolicy(d.id(), "Device " + proof(d)).status()).isEqualTo(200);

        Res off = call("PATCH", base() + "/devices/" + d.id(), admin, json(map("accountEnabled", false)));
        assertThat(off.status()).as(off.raw()).isEqualTo(200);
        assertThat(off.json().get("accountEnabled").asBoolean()).isFalse();
        expect(devicePolicy(d.id(), "Device " + proof(d)), 403, "device_disabled");
        expect(call("PATCH", base() + "/devices/" + d.id(), admin, json(map("enabled", true))), 400, "unknown_field");
        assertThat(call("PATCH", base() + "/devices/" + d.id(), admin, json(map("accountEnabled", true))).status()).isEqualTo(200);
        assertThat(devicePolicy(d.id(), "Device " + proof(d)).status()).isEqualTo(200);

        assertThat(call("DELETE", base() + "/devices/" + d.id(), admin, null).status()).isEqualTo(204);
        assertThat(call("GET", base() + "/devices/" + d.id(), admin, null).status()).isEqualTo(404);
        assertThat(call("DELETE", base() + "/devices/" + d.id(), admin, null).status()).isEqualTo(404);
        expect(devicePolicy(d.id(), "Device " + proof(d)), 401, "unknown_device");
        assertThat(auditActivities(admin, "Device")).contains("Disable device | ALICE-DESKTOP (" + d.id() + ")",
                "Enable device | ALICE-DESKTOP (" + d.id() + ")", "Delete device | ALICE-DESKTOP (" + d.id() + ")");
    }

    @Test
    void deviceProofChecksEachHaveTheirOwnCode() throws Exception {
        Dev d = register(aliceToken(), "PROOF-PC");
        Dev other = register(aliceToken(), "OTHER-PC");
        long now = clock.instant().getEpochSecond();
        var key = d.deviceKey().getPrivate();
        // both x5c forms are accepted (ROADtools sends a string, libhimmelblau an array)
        Res ok = devicePolicy(d.id(), "Device " + proof(key, d.certificate(), false, "RS256", tenantId, now, now + 60));
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(ok.json().get("deviceId").asString()).isEqualTo(d.id());
        assertThat(devicePolicy(d.id(), "device " + proof(key, d.certificate(), true, "RS256", tenantId, now, now + 60)).status())
                .isEqualTo(200);

        expect(devicePolicy(d.id(), null), 401, "missing_device_proof");
        expect(devicePolicy(d.id(), "Bearer " + proof(d)), 401, "missing_device_proof");
        expect(devicePolicy(d.id(), "Device not.a-jws"), 401, "malformed_device_proof");
        expect(devicePolicy(d.id(), "Device " + proof(key, "junk".getBytes(), true, "RS256", tenantId, now, now + 60)), 401,
                "invalid_device_certificate");
        expect(devicePolicy(d.id(), "Device " + proof(key, selfSigned(d), true, "RS256", tenantId, now, now + 60)), 401,
                "invalid_device_certificate");
        expect(devicePolicy(d.id(), "Device " + proof(other.deviceKey().getPrivate(), d.certificate(), true, "RS256", tenantId,
                now, now + 60)), 401, "invalid_device_signature");
        expect(devicePolicy(d.id(), "Device " + proof(key, d.certificate(), true, "PS256", tenantId, now, now + 60)), 401,
                "invalid_device_signature");
        expect(devicePolicy(d.id(), "Device " + proof(key, d.certificate(), true, "RS256", "common", now, now + 60)), 401,
                "wrong_audience");
        expect(devicePolicy(d.id(), "Device " + proof(key, d.certificate(), true, "RS256", tenantId, now, now + 601)), 401,
                "device_proof_lifetime");
        expect(devicePolicy(d.id(), "Device " + proof(key, d.certificate(), true, "RS256", tenantId, now - 600, now - 61)), 401,
                "device_proof_expired");
        expect(devicePolicy(d.id(), "Device " + proof(key, d.certificate(), true, "RS256", tenantId, now + 120, now + 300)),
                401, "device_proof_not_yet_valid");
        // a certificate of the CA for this device id, but not the registered one
        byte[] reissued = service.devices().certificates().issue(d.id(), other.deviceKey().getPublic());
        expect(devicePolicy(d.id(), "Device " + proof(other.deviceKey().getPrivate(), reissued, true, "RS256", tenantId, now,
                now + 60)), 401, "device_certificate_mismatch");
        // a valid proof of another device may not read this device's policy
        expect(devicePolicy(d.id(), "Device " + proof(other)), 403, "device_mismatch");
    }

    @Test
    void anAdminEnrolsASecondFactorAndTheUserSignsInWithIt() throws Exception {
        String[] carol = createUser(admin, "carol@contoso.test");
        String bobToken = token("bob@contoso.test", USER_PW, bob[1]);
        assertThat(call("POST", base() + "/users/" + carol[0] + "/totp", bobToken, null).status()).isEqualTo(403);

        Res e = call("POST", base() + "/users/carol@contoso.test/totp", admin, null);
        assertThat(e.status()).as(e.raw()).isEqualTo(201);
        String secret = e.json().get("secret").asString();
        assertThat(secret).isNotEqualTo(carol[1]);
        assertThat(Base32.decode(secret)).hasSize(Totp.SECRET_BYTES);
        assertThat(e.json().get("uri").asString()).startsWith("otpauth://totp/").contains("secret=" + secret);
        // the old secret no longer works, the new one does
        Res old = login("carol@contoso.test", USER_PW, carol[1]);
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.code()).isEqualTo("invalid_totp");
        Res ok = login("carol@contoso.test", USER_PW, secret);
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(ok.json().get("user_id").asString()).isEqualTo(carol[0]);

        // a synced user (no second factor yet) can be enrolled too
        Res synced = call("PUT", base() + "/synced-users/S-1-5-21-1-2-3-1105", admin, json(map("userPrincipalName",
                "dave@contoso.test", "onPremisesSamAccountName", "dave", "onPremisesDomainName", "contoso.test")));
        assertThat(synced.status()).as(synced.raw()).isEqualTo(201);
        assertThat(call("POST", base() + "/users/" + synced.json().get("id").asString() + "/totp", admin, null).status())
                .isEqualTo(201);
        expect(call("POST", base() + "/users/nobody@contoso.test/totp", admin, null), 404, "not_found");
        expect(call("POST", base() + "/users/" + carol[0] + "/totp", admin, json(map("secret", "AAAA"))), 400, "invalid_body");
        assertThat(auditActivities(admin, "UserManagement")).contains("Register authentication method | carol@contoso.test (totp)",
                "Register authentication method | dave@contoso.test (totp)");
    }

    @Test
    void theDevicePolicyInterfaceIsExposedForThePrtEndpoint() throws Exception {
        Dev d = register(aliceToken(), "POLICY-PC");
        var device = service.devices().authenticator().authenticate(
                new io.kerbridge.cloud.store.Tenant(tenantId, "Contoso", List.of("contoso.test"), clock.instant()),
                "Device " + proof(d));
        assertThat(service.devicePolicies().effective(tenantId, device, Optional.of(alice[0])))
                .isEqualTo(io.kerbridge.cloud.device.DevicePolicies.Effective.NONE);
    }

    @Test
    void openApiDescribesEveryDeviceRoute() throws Exception {
        JsonNode paths = call("GET", root() + "/openapi.json", null, null).json().get("paths");
        List<io.kerbridge.cloud.http.Route> routes = new java.util.ArrayList<>(service.devices().routes());
        for (io.kerbridge.cloud.http.Route r : routes) {
            assertThat(paths.path(r.template()).has(r.method().toLowerCase(java.util.Locale.ROOT)))
                    .as(r.method() + " " + r.template()).isTrue();
        }
        assertThat(paths.path("/api/v1/{tenant}/users/{id}/totp").has("post")).isTrue();
    }

    X509Certificate selfSignedCert(Dev d) throws Exception {
        var b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + d.id()), java.math.BigInteger.TEN,
                Date.from(clock.instant().minus(Duration.ofDays(1))), Date.from(clock.instant().plus(Duration.ofDays(1))),
                new X500Name("CN=" + d.id()), d.deviceKey().getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(d.deviceKey().getPrivate())));
    }

    byte[] selfSigned(Dev d) throws Exception {
        return selfSignedCert(d).getEncoded();
    }

    static void expect(Res r, int status, String code) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.code()).as(r.raw()).isEqualTo(code);
    }
}
