package io.kerbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kerbridge.cloud.FidoTestService.Res;
import io.kerbridge.cloud.FidoTestService.TestUser;
import io.kerbridge.cloud.SoftAuthenticator.Alg;
import io.kerbridge.cloud.fido.Fido2Assertions;
import io.kerbridge.cloud.http.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Security keys over HTTPS without a browser (W3C WebAuthn Level 2 §7.1, §7.2): a software authenticator
 * registers ES256 and RS256 keys, then each check of registration and of {@link Fido2Assertions#verify} is
 * broken on its own and must fail with its own code; malformed input is always a 400.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityKeysApiTest {
    static final String RP = "localhost";

    FidoTestService svc;
    TestUser alice;
    TestUser bob;
    String aliceToken;
    String origin;
    Fido2Assertions assertions;
    final SecureRandom random = new SecureRandom();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final List<String> secrets = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        svc = new FidoTestService(tmp.resolve("cloud"));
        alice = svc.createUser("alice@contoso.test", "Alice-Passw0rd!");
        bob = svc.createUser("bob@contoso.test", "Bobby-Passw0rd!");
        aliceToken = svc.token(alice);
        secrets.add(aliceToken);
        origin = svc.origin;
        assertions = svc.service.fido2Assertions();
    }

    @AfterAll
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        if (svc != null) {
            svc.close();
        }
    }

    byte[] randomId() {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return id;
    }

    String nonce() {
        return SoftAuthenticator.b64u(randomId());
    }

    JsonNode options(String token) throws Exception {
        Res r = svc.post("/fido/registration/options", token, Map.of());
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.json();
    }

    Res register(String token, ObjectNode credential, String name) throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("credential", credential);
        body.put("displayName", name);
        return svc.call("POST", svc.api + "/fido/registration", token, body.toString());
    }

    /** A software key of {@code user}, registered through the API. */
    SoftAuthenticator registered(Alg alg, String token) throws Exception {
        SoftAuthenticator k = new SoftAuthenticator(alg, randomId());
        Res r = register(token, k.create(options(token), origin), alg + " key");
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return k;
    }

    static void refused(ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOf(ApiException.class).hasFieldOrPropertyWithValue("code", code)
                .hasFieldOrPropertyWithValue("status", status);
    }

    @Test
    void creationOptionsFollowTheRelyingPartyPolicy() throws Exception {
        JsonNode o = options(aliceToken);
        assertThat(o.get("rp").get("id").asString()).isEqualTo(RP);
        assertThat(Base64.getUrlDecoder().decode(o.get("user").get("id").asString()))
                .isEqualTo(alice.id().getBytes(StandardCharsets.UTF_8));
        assertThat(o.get("user").get("name").asString()).isEqualTo(alice.upn());
        assertThat(Base64.getUrlDecoder().decode(o.get("challenge").asString())).hasSize(32);
        assertThat(o.get("pubKeyCredParams")).isEqualTo(Json.MAPPER.readTree(
                "[{\"type\":\"public-key\",\"alg\":-7},{\"type\":\"public-key\",\"alg\":-257}]"));
        assertThat(o.get("authenticatorSelection").get("residentKey").asString()).isEqualTo("preferred");
        assertThat(o.get("authenticatorSelection").get("userVerification").asString()).isEqualTo("required");
        assertThat(o.get("attestation").asString()).isEqualTo("none");
        assertThat(options(aliceToken).get("challenge").asString()).isNotEqualTo(o.get("challenge").asString());
    }

    @Test
    void registrationNeedsATokenAndAHostName() throws Exception {
        assertThat(svc.post("/fido/registration/options", null, Map.of()).code()).isEqualTo("missing_token");
        assertThat(svc.post("/fido/registration/options", "not-a-jwt", Map.of()).code()).isEqualTo("invalid_token");
        Res ip = svc.call("POST", "https://127.0.0.1:" + svc.service.port() + "/api/v1/" + svc.init.tenantId()
                + "/fido/registration/options", aliceToken, "{}");
        assertThat(ip.status()).isEqualTo(400);
        assertThat(ip.code()).isEqualTo("bad_rp_id");
    }

    @Test
    void registersEs256AndRs256KeysAndExcludesThemNextTime() throws Exception {
        String token = svc.token(bob);
        SoftAuthenticator es = registered(Alg.ES256, token);
        SoftAuthenticator rs = registered(Alg.RS256, token);
        JsonNode keys = svc.call("GET", svc.api + "/users/me/fido/keys", token, null).json().get("value");
        assertThat(keys.findValuesAsString("id")).containsExactlyInAnyOrder(es.id(), rs.id());
        assertThat(keys.get(0).get("aaguid").asString()).isEqualTo("5a5a5a5a-5a5a-5a5a-5a5a-5a5a5a5a5a5a");
        assertThat(keys.get(0).get("transports").toString()).isEqualTo("[\"usb\"]");
        assertThat(options(token).get("excludeCredentials").findValuesAsString("id"))
                .containsExactlyInAnyOrder(es.id(), rs.id());
        assertThat(assertions.verify(svc.tenant(), "rs256-nonce-0123456789", rs.get(RP, "rs256-nonce-0123456789", origin)))
                .isEqualTo(bob.id());
    }

    @Test
    void registrationChecksChallengeOriginUserVerificationAndUniqueness() throws Exception {
        SoftAuthenticator k = new SoftAuthenticator(Alg.ES256, randomId());
        JsonNode o = options(aliceToken);
        ObjectNode cred = k.create(o, origin);
        // another user cannot use alice's challenge, and a challenge is used up by any attempt (§7.1 step 8)
        assertThat(register(svc.token(bob), cred, "x").code()).isEqualTo("wrong_challenge");
        assertThat(register(aliceToken, cred, "x").code()).isEqualTo("wrong_challenge");
        assertThat(register(aliceToken, k.create(options(aliceToken), "https://evil.example"), "x").code())
                .isEqualTo("wrong_origin");
        assertThat(register(aliceToken, k.create(options(aliceToken), origin, SoftAuthenticator.UP), "x").code())
                .isEqualTo("user_not_verified");
        assertThat(register(aliceToken, k.create(options(aliceToken), origin), "x").status()).isEqualTo(201);
        Res again = register(aliceToken, k.create(options(aliceToken), origin), "x");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("credential_in_use");
        Res audit = svc.call("GET", svc.api + "/audit?category=UserManagement", svc.adminToken(), null);
        assertThat(audit.raw()).contains("Register security key", "wrong_origin", "user_not_verified");
    }

    @Test
    void malformedRegistrationsAre400s() throws Exception {
        SoftAuthenticator k = new SoftAuthenticator(Alg.ES256, randomId());
        ObjectNode good = k.create(options(aliceToken), origin);
        ObjectNode badB64 = good.deepCopy();
        ((ObjectNode) badB64.get("response")).put("attestationObject", "not base64!");
        ObjectNode badCbor = good.deepCopy();
        ((ObjectNode) badCbor.get("response")).put("attestationObject", SoftAuthenticator.b64u(new byte[] {(byte) 0xBF, 1, 2}));
        ObjectNode badJson = good.deepCopy();
        ((ObjectNode) badJson.get("response")).put("clientDataJSON", SoftAuthenticator.b64u("{not json".getBytes()));
        ObjectNode idMismatch = good.deepCopy().put("id", SoftAuthenticator.b64u(randomId()));
        for (ObjectNode bad : List.of(badB64, badCbor, badJson, idMismatch)) {
            Res r = register(aliceToken, bad, "x");
            assertThat(r.status()).as(r.raw()).isEqualTo(400);
            assertThat(r.code()).as(r.raw()).isEqualTo("malformed_credential");
        }
        assertThat(svc.call("POST", svc.api + "/fido/registration", aliceToken, "{\"displayName\":\"x\"}").code())
                .isEqualTo("malformed_credential");
        assertThat(svc.call("POST", svc.api + "/fido/registration", aliceToken, "[1,2]").code()).isEqualTo("invalid_body");
        assertThat(register(aliceToken, good, "x".repeat(65)).code()).isEqualTo("invalid_display_name");
    }

    @Test
    void assertionsVerifyAndEachBrokenStepHasItsOwnCode() throws Exception {
        SoftAuthenticator k = registered(Alg.ES256, aliceToken);
        String n = nonce();
        ObjectNode ok = k.get(RP, n, origin);
        secrets.add(ok.get("signature").asString());
        assertThat(assertions.verify(svc.tenant(), n, ok)).isEqualTo(alice.id());
        byte[] nb = n.getBytes(StandardCharsets.UTF_8);
        byte uvUp = SoftAuthenticator.UP | SoftAuthenticator.UV;
        refused(() -> assertions.verify(svc.tenant(), n, ok), 401, "counter_regression"); // replay
        refused(() -> assertions.verify(svc.tenant(), n, k.get(RP, nb, origin, uvUp, 1, null)), 401, "counter_regression");
        refused(() -> assertions.verify(svc.tenant(), nonce(), k.get(RP, n, origin)), 401, "wrong_challenge");
        refused(() -> assertions.verify(svc.tenant(), n, k.get(RP, n, "https://evil.example")), 401, "wrong_origin");
        refused(() -> assertions.verify(svc.tenant(), n, k.get("login.contoso.test", n, origin)), 401, "wrong_rp_id");
        refused(() -> assertions.verify(svc.tenant(), n, k.get(RP, nb, origin, SoftAuthenticator.UP, ++k.counter, null)), 401,
                "user_not_verified");
        refused(() -> assertions.verify(svc.tenant(), n, k.get(RP, nb, origin, uvUp, ++k.counter,
                bob.id().getBytes(StandardCharsets.UTF_8))), 401, "user_handle_mismatch");
        ObjectNode forged = k.get(RP, n, origin);
        forged.put("signature", new SoftAuthenticator(Alg.ES256, randomId()).get(RP, n, origin).get("signature").asString());
        refused(() -> assertions.verify(svc.tenant(), n, forged), 401, "bad_signature");
        SoftAuthenticator stranger = new SoftAuthenticator(Alg.ES256, randomId());
        refused(() -> assertions.verify(svc.tenant(), n, stranger.get(RP, n, origin)), 401, "unknown_credential");
        // after all those failures the key still works, with its own user handle, and the counter moved on
        assertThat(assertions.verify(svc.tenant(), n, k.get(RP, nb, origin, uvUp, ++k.counter,
                alice.id().getBytes(StandardCharsets.UTF_8)))).isEqualTo(alice.id());
    }

    @Test
    void malformedAssertionsAre400s() throws Exception {
        SoftAuthenticator k = registered(Alg.ES256, aliceToken);
        String n = nonce();
        ObjectNode good = k.get(RP, n, origin);
        List<ObjectNode> bad = new ArrayList<>();
        bad.add(good.deepCopy().put("signature", "a+b/c="));                                          // not base64url
        bad.add(good.deepCopy().put("credentialId", "***"));
        bad.add(good.deepCopy().put("authenticatorData", SoftAuthenticator.b64u(new byte[] {1, 2, 3}))); // too short
        byte[] authData = Base64.getUrlDecoder().decode(good.get("authenticatorData").asString());
        authData[32] |= (byte) 0x80; // ED flag: a CBOR extensions map follows, but it is cut off after its header
        byte[] truncated = java.util.Arrays.copyOf(authData, authData.length + 2);
        truncated[authData.length] = (byte) 0xA1; // map(1)
        truncated[authData.length + 1] = 0x63; // text(3), with no bytes
        bad.add(good.deepCopy().put("authenticatorData", SoftAuthenticator.b64u(truncated)));
        bad.add(good.deepCopy().put("clientDataJSON", SoftAuthenticator.b64u("{\"type\":".getBytes())));
        ObjectNode missing = good.deepCopy();
        missing.remove("signature");
        bad.add(missing);
        bad.add(good.deepCopy().put("clientDataJSON", 42));
        for (ObjectNode a : bad) {
            assertThatThrownBy(() -> assertions.verify(svc.tenant(), n, a)).as(a.toString())
                    .hasFieldOrPropertyWithValue("code", "malformed_assertion").hasFieldOrPropertyWithValue("status", 400);
        }
        refused(() -> assertions.verify(svc.tenant(), n, Json.MAPPER.readTree("[]")), 400, "malformed_assertion");
        refused(() -> assertions.verify(svc.tenant(), n, null), 400, "malformed_assertion");
        refused(() -> assertions.verify(svc.tenant(), "", good), 400, "missing_nonce");
        // none of the refusals consumed the counter: the good assertion still verifies
        assertThat(assertions.verify(svc.tenant(), n, good)).isEqualTo(alice.id());
    }

    @Test
    void requestOptionsCarryTheNonceAndTheNamedUsersKeys() throws Exception {
        TestUser carol = svc.createUser("carol@contoso.test", "Carol-Passw0rd!");
        SoftAuthenticator k = registered(Alg.ES256, svc.token(carol));
        String n = nonce();
        Res named = svc.post("/fido/assertion/options", null, Map.of("nonce", n, "username", carol.upn()));
        assertThat(named.status()).as(named.raw()).isEqualTo(200);
        assertThat(named.json().get("challenge").asString()).isEqualTo(SoftAuthenticator.b64u(n.getBytes(StandardCharsets.UTF_8)));
        assertThat(named.json().get("rpId").asString()).isEqualTo(RP);
        assertThat(named.json().get("userVerification").asString()).isEqualTo("required");
        assertThat(named.json().get("allowCredentials").findValuesAsString("id")).containsExactly(k.id());
        for (Map<String, String> anonymous : List.of(Map.of("nonce", n), Map.of("nonce", n, "username", "nobody@contoso.test"))) {
            assertThat(svc.post("/fido/assertion/options", null, anonymous).json().get("allowCredentials")).isEmpty();
        }
        assertThat(svc.post("/fido/assertion/options", null, Map.of("nonce", "short")).code()).isEqualTo("bad_nonce");
        assertThat(svc.post("/fido/assertion/options", null, Map.of("username", carol.upn())).code()).isEqualTo("missing_field");
    }

    @Test
    void onlyTheOwnerOrAGlobalAdministratorManagesKeys() throws Exception {
        TestUser dave = svc.createUser("dave@contoso.test", "Davey-Passw0rd!");
        String daveToken = svc.token(dave);
        SoftAuthenticator k = registered(Alg.ES256, daveToken);
        String bobToken = svc.token(bob);
        String keys = svc.api + "/users/" + dave.id() + "/fido/keys";
        assertThat(svc.call("GET", keys, bobToken, null).status()).isEqualTo(403);
        assertThat(svc.call("DELETE", keys + "/" + k.id(), bobToken, null).status()).isEqualTo(403);
        assertThat(svc.call("GET", svc.api + "/users/" + dave.upn() + "/fido/keys", daveToken, null).json().get("value"))
                .hasSize(1);
        String admin = svc.adminToken();
        assertThat(svc.call("GET", keys, admin, null).json().get("value").findValuesAsString("id")).containsExactly(k.id());
        assertThat(svc.call("DELETE", keys + "/" + k.id(), admin, null).status()).isEqualTo(204);
        assertThat(svc.call("DELETE", keys + "/" + k.id(), admin, null).status()).isEqualTo(404);
        assertThat(svc.call("GET", svc.api + "/users/nobody@contoso.test/fido/keys", admin, null).status()).isEqualTo(404);
        String n = nonce();
        refused(() -> assertions.verify(svc.tenant(), n, k.get(RP, n, origin)), 401, "unknown_credential");
        assertThat(svc.call("GET", svc.api + "/audit?category=UserManagement", admin, null).raw())
                .contains("Delete security key", dave.upn());
    }

    @Test
    void pagesAreServedPerTenant() throws Exception {
        Res reg = svc.call("GET", svc.origin + "/" + svc.init.tenantId() + "/fido/register", null, null);
        assertThat(reg.status()).isEqualTo(200);
        assertThat(reg.raw()).contains("id=\"result\"", "navigator.credentials.create");
        Res signin = svc.call("GET", svc.origin + "/contoso.test/fido/signin?nonce=abc", null, null);
        assertThat(signin.status()).isEqualTo(200);
        assertThat(signin.raw()).contains("<pre id=\"assertion\">", "navigator.credentials.get").doesNotContain("abc");
        assertThat(svc.call("GET", svc.origin + "/no-such-tenant/fido/signin", null, null).status()).isEqualTo(404);
    }

    @Test
    void theLogHoldsNoTokensOrSignatures() throws Exception {
        registered(Alg.ES256, aliceToken);
        assertThat(secrets).isNotEmpty();
        for (ILoggingEvent e : List.copyOf(logs.list)) {
            for (String s : secrets) {
                assertThat(e.getFormattedMessage()).doesNotContain(s);
            }
        }
    }
}
