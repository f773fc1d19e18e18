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
}
