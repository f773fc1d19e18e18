package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Headless Debian Chromium (chromedriver) with a CTAP2 virtual security key (resident keys, user verification), trusting
 * the cloud's TLS key by its SPKI hash (WebAuthn is off on pages with certificate errors), for the FIDO2 pages.
 */
final class ChromiumWithSecurityKey implements AutoCloseable {
    private final ChromeDriver driver;

    private ChromiumWithSecurityKey(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Chromium that trusts the cloud on {@code https://localhost:cloudPort} (certificate issued by {@code caCert}). */
    static ChromiumWithSecurityKey start(Path profile, int cloudPort, Path caCert) throws Exception {
        java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder").setLevel(java.util.logging.Level.OFF);
        HttpResponse<Void> r = CloudCommand.client(caCert).send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + cloudPort + "/healthz")).build(), HttpResponse.BodyHandlers.discarding());
        String spki = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(r.sslSession().orElseThrow().getPeerCertificates()[0].getPublicKey().getEncoded()));
        Files.createDirectories(profile);
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--no-default-browser-check", "--user-data-dir=" + profile, "--ignore-certificate-errors-spki-list=" + spki);
        ChromeDriver d = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort().build(), o);
        ((HasVirtualAuthenticator) d).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2).setTransport(VirtualAuthenticatorOptions.Transport.USB)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true).setIsUserConsenting(true));
        return new ChromiumWithSecurityKey(d);
    }

    /** Registers a security key on the cloud's page; asserts it worked. */
    void register(String pageUrl, String upn, String password, String code) throws InterruptedException {
        driver.get(pageUrl);
        driver.findElement(By.id("upn")).sendKeys(upn);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("code")).sendKeys(code);
        driver.findElement(By.id("register")).click();
        assertThat(await("result")).as(driver.findElement(By.id("result")).getText()).isEqualTo("ok");
    }

    /** Opens a sign-in page URL and waits until the assertion is made and handed to the loopback redirect. */
    void open(String signInUrl) throws InterruptedException {
        driver.get(signInUrl);
        assertThat(await("status")).as(driver.findElement(By.id("status")).getText()).isEqualTo("ok");
        assertThat(await("redirect")).isEqualTo("sent");
    }

    /** What {@link #signInWithCommand} saw: the sign-in page the command printed, and how the command ended. */
    record CommandSignIn(String pageUrl, int exitCode, String out, String err) {}

    /**
     * Runs {@code kerbridge} with {@code signinArgs} (a {@code signin … --security-key}) in this JVM, opens the sign-in
     * page it prints in this browser, and waits for the command to end.
     */
    CommandSignIn signInWithCommand(String... signinArgs) throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        var cl = Kerbridge.newCommandLine();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        var done = java.util.concurrent.CompletableFuture.supplyAsync(() -> cl.execute(signinArgs));
        java.util.regex.Pattern page = java.util.regex.Pattern.compile("browser: (https://\\S+)");
        String url = null;
        for (int i = 0; i < 400 && url == null; i++) {
            var m = page.matcher(out.toString());
            url = m.find() ? m.group(1) : null;
            Thread.sleep(50);
        }
        assertThat(url).as(out + "" + err).isNotNull();
        open(url);
        int exit = done.get(90, java.util.concurrent.TimeUnit.SECONDS);
        return new CommandSignIn(url, exit, out.toString(), err.toString());
    }

    private String await(String id) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            String s = driver.findElement(By.id(id)).getAttribute("data-status");
            if (s != null && !s.equals("idle") && !s.equals("busy")) {
                return s;
            }
            Thread.sleep(50);
        }
        return "timeout: " + driver.findElement(By.id(id)).getText();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
