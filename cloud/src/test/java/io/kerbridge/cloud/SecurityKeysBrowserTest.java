package io.kerbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.kerbridge.cloud.fido.Fido2Assertions;
import io.kerbridge.cloud.http.Json;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real browser registers a security key and signs a PRT nonce with it (W3C WebAuthn Level 2 §7.1, §7.2):
 * headless Debian Chromium driven by chromedriver, with a CTAP2 virtual authenticator (resident keys, user
 * verification), against the service on https://localhost. Chromium trusts the service's TLS key through
 * {@code --ignore-certificate-errors-spki-list} (WebAuthn is disabled on pages with certificate errors).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityKeysBrowserTest {
    static final Duration PAGE_WAIT = Duration.ofSeconds(20);
    /** Selenium looks for a CDP binding matching Chromium's version; this test uses WebDriver commands only. */
    static final java.util.logging.Logger CDP_FINDER =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    FidoTestService svc;
    FidoTestService.TestUser alice;
    ChromeDriver driver;
    VirtualAuthenticator authenticator;
    Fido2Assertions assertions;
    String credentialId;
    String firstAssertion;
    String firstNonce;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        svc = new FidoTestService(tmp.resolve("cloud"));
        alice = svc.createUser("alice@contoso.test", "Alice-Passw0rd!");
        assertions = svc.service.fido2Assertions();
        CDP_FINDER.setLevel(java.util.logging.Level.OFF);
        Path profile = Files.createDirectories(tmp.resolve("chromium-profile"));
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--no-default-browser-check", "--user-data-dir=" + profile,
                "--ignore-certificate-errors-spki-list=" + svc.tlsSpkiSha256());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        authenticator = ((HasVirtualAuthenticator) driver).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.USB)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (svc != null) {
            svc.close();
        }
    }

    /** Waits until the element's data-status leaves "idle"/"busy"; returns it. */
    String awaitStatus(String id) throws InterruptedException {
        long deadline = System.nanoTime() + PAGE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String s = driver.findElement(By.id(id)).getAttribute("data-status");
            if (s != null && !s.equals("idle") && !s.equals("busy")) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("#" + id + " still busy after " + PAGE_WAIT + ": " + driver.findElement(By.id(id)).getText());
    }

    String signInPage(String nonce, String username, String redirect) {
        StringBuilder url = new StringBuilder(svc.origin + "/" + svc.init.tenantId() + "/fido/signin?nonce="
                + URLEncoder.encode(nonce, StandardCharsets.UTF_8));
        if (username != null) {
            url.append("&username=").append(URLEncoder.encode(username, StandardCharsets.UTF_8));
        }
        if (redirect != null) {
            url.append("&redirect_uri=").append(URLEncoder.encode(redirect, StandardCharsets.UTF_8));
        }
        return url.toString();
    }

    static String nonce() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Test
    @Order(1)
    void registersASecurityKeyThroughThePage() throws Exception {
        driver.get(svc.origin + "/" + svc.init.tenantId() + "/fido/register");
        driver.findElement(By.id("upn")).sendKeys(alice.upn());
        driver.findElement(By.id("password")).sendKeys(alice.password());
        driver.findElement(By.id("code")).sendKeys(svc.nextTotp(alice.totpSecret()));
        driver.findElement(By.id("name")).clear();
        driver.findElement(By.id("name")).sendKeys("Alice's key");
        driver.findElement(By.id("register")).click();
        String status = awaitStatus("result");
        String text = driver.findElement(By.id("result")).getText();
        assertThat(status).as(text).isEqualTo("ok");
        JsonNode key = Json.MAPPER.readTree(text).get("key");
        credentialId = key.get("id").asString();
        assertThat(key.get("userId").asString()).isEqualTo(alice.id());
        assertThat(key.get("rpId").asString()).isEqualTo("localhost");
        assertThat(key.get("displayName").asString()).isEqualTo("Alice's key");
        assertThat(key.get("userVerified").asBoolean()).isTrue();
        // the virtual authenticator holds it as a resident (discoverable) credential for RP ID localhost
        assertThat(authenticator.getCredentials()).singleElement().satisfies(c -> {
            assertThat(c.isResidentCredential()).isTrue();
            assertThat(c.getRpId()).isEqualTo("localhost");
            assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(c.getId())).isEqualTo(credentialId);
        });
        // the user's key list and the audit log say so too
        FidoTestService.Res list = svc.call("GET", svc.api + "/users/me/fido/keys", svc.token(alice), null);
        assertThat(list.json().get("value")).hasSize(1);
        FidoTestService.Res audit = svc.call("GET", svc.api + "/audit?category=UserManagement", svc.adminToken(), null);
        assertThat(audit.raw()).contains("Register security key", alice.upn());
    }

    @Test
    @Order(2)
    void signsTheNonceWithUsernameAndPostsToTheLoopbackRedirect() throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        HttpServer loopback = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        loopback.createContext("/callback", ex -> {
            received.complete(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        loopback.start();
        try {
            firstNonce = nonce();
            String redirect = "http://127.0.0.1:" + loopback.getAddress().getPort() + "/callback";
            driver.get(signInPage(firstNonce, alice.upn(), redirect));
            assertThat(awaitStatus("status")).as(driver.findElement(By.id("status")).getText()).isEqualTo("ok");
            firstAssertion = driver.findElement(By.id("assertion")).getText();
            assertThat(awaitStatus("redirect")).isEqualTo("sent");
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(firstAssertion);
        } finally {
            loopback.stop(0);
        }
        JsonNode a = Json.MAPPER.readTree(firstAssertion);
        assertThat(a.propertyNames()).containsExactlyInAnyOrder("credentialId", "clientDataJSON", "authenticatorData",
                "signature", "userHandle");
        assertThat(a.get("credentialId").asString()).isEqualTo(credentialId);
        assertThat(assertions.verify(svc.tenant(), firstNonce, a)).isEqualTo(alice.id());
    }

    @Test
    @Order(3)
    void refusesAnotherNonceATamperedSignatureAndAReplay() throws Exception {
        JsonNode a = Json.MAPPER.readTree(firstAssertion);
        assertThatThrownBy(() -> assertions.verify(svc.tenant(), nonce(), a))
                .hasFieldOrPropertyWithValue("code", "wrong_challenge").hasFieldOrPropertyWithValue("status", 401);
        ObjectNode tampered = (ObjectNode) a.deepCopy();
        byte[] sig = Base64.getUrlDecoder().decode(a.get("signature").asString());
        sig[sig.length - 5] ^= 0x01;
        tampered.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(sig));
        assertThatThrownBy(() -> assertions.verify(svc.tenant(), firstNonce, tampered))
                .hasFieldOrPropertyWithValue("code", "bad_signature");
        // Chromium's virtual authenticator counts signatures, so the replay is caught by the counter (§7.2 step 22)
        assertThat(authenticator.getCredentials().get(0).getSignCount()).isPositive();
        assertThatThrownBy(() -> assertions.verify(svc.tenant(), firstNonce, a))
                .hasFieldOrPropertyWithValue("code", "counter_regression");
    }

    @Test
    @Order(4)
    void signsWithADiscoverableCredentialWithoutUsername() throws Exception {
        String nonce = nonce();
        driver.get(signInPage(nonce, null, null));
        assertThat(awaitStatus("status")).as(driver.findElement(By.id("status")).getText()).isEqualTo("ok");
        JsonNode a = Json.MAPPER.readTree(driver.findElement(By.id("assertion")).getText());
        assertThat(Base64.getUrlDecoder().decode(a.get("userHandle").asString()))
                .isEqualTo(alice.id().getBytes(StandardCharsets.UTF_8));
        assertThat(assertions.verify(svc.tenant(), nonce, a)).isEqualTo(alice.id());
        JsonNode key = svc.call("GET", svc.api + "/users/me/fido/keys", svc.token(alice), null).json().get("value").get(0);
        assertThat(key.get("signCount").asLong()).isEqualTo(authenticator.getCredentials().get(0).getSignCount());
        assertThat(key.get("lastUsedAt").isNull()).isFalse();
    }

    @Test
    @Order(5)
    void aRedirectOutsideLoopbackIsRefused() throws Exception {
        driver.get(signInPage(nonce(), alice.upn(), "https://evil.example/collect"));
        assertThat(awaitStatus("status")).isEqualTo("ok");
        assertThat(driver.findElement(By.id("assertion")).getText()).isNotEmpty();
        assertThat(awaitStatus("redirect")).isEqualTo("refused");
    }

    /**
     * The whole FIDO2 sign-in: a device registered by alice asks the PRT endpoint for a nonce, the browser's security
     * key signs it on the sign-in page, and the device sends the assertion (claim {@code webauthn}) in its
     * device-signed token request — the cloud answers with a PRT, the session key for the device's transport key,
     * and tgt_ad (alice is cloud-only here, so it says why there is no partial TGT: status 26).
     */
    @Test
    @Order(6)
    void aSecurityKeySignInThroughThePrtEndpointGetsAPrt() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        java.security.KeyPair deviceKey = g.generateKeyPair();
        java.security.KeyPair transportKey = g.generateKeyPair();
        FidoTestService.Res reg = svc.call("POST", svc.api + "/devices", svc.token(alice), Json.MAPPER.writeValueAsString(
                java.util.Map.of("displayName", "ALICE-KIOSK", "csr", Base64.getEncoder().encodeToString(
                        DeviceApiFixture.csr(deviceKey, "SHA256withRSA")), "transportKey", Base64.getEncoder().encodeToString(
                        DeviceApiFixture.blob((java.security.interfaces.RSAPublicKey) transportKey.getPublic())))));
        assertThat(reg.status()).as(reg.raw()).isEqualTo(201);
        String cert = reg.json().get("certificate").asString();

        String nonce = post("/common/oauth2/token", "grant_type=srv_challenge").get("Nonce").asString();
        driver.get(signInPage(nonce, alice.upn(), null));
        assertThat(awaitStatus("status")).isEqualTo("ok");
        JsonNode assertion = Json.MAPPER.readTree(driver.findElement(By.id("assertion")).getText());

        java.util.Map<String, Object> header = java.util.Map.of("alg", "RS256", "typ", "JWT", "x5c", java.util.List.of(cert));
        java.util.Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("client_id", "38aa3b87-a06d-4817-b275-7a316988d93b");
        payload.put("request_nonce", nonce);
        payload.put("scope", "openid aza ugs");
        payload.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        payload.put("username", alice.upn());
        payload.put("webauthn", assertion);
        String input = b64url(Json.MAPPER.writeValueAsBytes(header)) + "." + b64url(Json.MAPPER.writeValueAsBytes(payload));
        java.security.Signature sig = java.security.Signature.getInstance("SHA256withRSA");
        sig.initSign(deviceKey.getPrivate());
        sig.update(input.getBytes(StandardCharsets.US_ASCII));
        JsonNode prt = post("/" + svc.init.tenantId() + "/oauth2/token", "windows_api_version=2.2&grant_type="
                + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8) + "&request="
                + input + "." + b64url(sig.sign()) + "&client_info=1&tgt=true");
        assertThat(prt.get("token_type").asString()).isEqualTo("pop");
        assertThat(prt.get("refresh_token").asString()).isNotBlank();
        assertThat(prt.get("session_key_jwe").asString().split("\\.")).hasSize(5);
        JsonNode tgtAd = Json.MAPPER.readTree(prt.get("tgt_ad").asString());
        assertThat(tgtAd.get("keyType").asInt()).isZero(); // cloud-only user: no partial TGT (26), but signed in
        assertThat(tgtAd.get("error").asString()).isNotBlank();
        FidoTestService.Res log = svc.call("GET", svc.api + "/audit?category=SignIn", svc.adminToken(), null);
        assertThat(log.raw()).contains(alice.upn(), "tgt_ad=26");
    }

    JsonNode post(String path, String form) throws Exception {
        java.net.http.HttpResponse<String> r = svc.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(svc.origin + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    static String b64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
