// W3C WebAuthn Level 2 §7.2 (an assertion over the PRT nonce, made in a browser with the security key), RFC 8252 §7.3
// (a native app receives the browser's answer on a loopback redirect URI: http://127.0.0.1:PORT/...).
package io.kerbridge.cli;

import com.sun.net.httpserver.HttpServer;
import io.kerbridge.cloud.http.Json;
import io.kerbridge.device.DeviceException;
import io.kerbridge.device.PasswordlessSignIn;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The security key's half of {@code kerbridge signin --security-key}: a one-shot loopback listener, the URL of the
 * cloud's sign-in page for this nonce (opened with {@code --browser CMD}, or printed for the user to open), and the
 * assertion the page posts back. A terminal has no WebAuthn; the browser talks to the key.
 */
final class SecurityKeyPrompt implements PasswordlessSignIn.SecurityKey {
    private final String cloudUrl;
    private final String tenantId;
    private final String upn;
    private final List<String> browser;
    private final Duration timeout;
    private final PrintWriter out;

    SecurityKeyPrompt(String cloudUrl, String tenantId, String upn, List<String> browser, Duration timeout, PrintWriter out) {
        this.cloudUrl = cloudUrl;
        this.tenantId = tenantId;
        this.upn = upn;
        this.browser = browser;
        this.timeout = timeout;
        this.out = out;
    }

    @Override
    public JsonNode sign(String nonce) throws DeviceException {
        CompletableFuture<String> posted = new CompletableFuture<>();
        HttpServer loopback;
        try {
            loopback = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new DeviceException("cannot listen on 127.0.0.1 for the browser's answer: " + e.getMessage(), e);
        }
        loopback.createContext("/kerbridge/fido", ex -> {
            byte[] body = ex.getRequestBody().readNBytes(64 * 1024);
            ex.sendResponseHeaders(204, -1);
            ex.close();
            if ("POST".equals(ex.getRequestMethod())) {
                posted.complete(new String(body, StandardCharsets.UTF_8));
            }
        });
        loopback.start();
        try {
            String url = cloudUrl + "/" + enc(tenantId) + "/fido/signin?nonce=" + enc(nonce) + "&username=" + enc(upn)
                    + "&redirect_uri=" + enc("http://127.0.0.1:" + loopback.getAddress().getPort() + "/kerbridge/fido");
            out.println("Use your security key in the browser: " + url);
            out.flush();
            if (!browser.isEmpty()) {
                launch(url);
            }
            return parse(posted.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            throw new DeviceException("no answer from the browser within " + timeout.toSeconds()
                    + " s; open the URL above in a browser that can use your security key, or give --browser");
        } catch (ExecutionException e) {
            throw new DeviceException("the browser's answer could not be read: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("interrupted while waiting for the browser");
        } finally {
            loopback.stop(0);
        }
    }

    private void launch(String url) throws DeviceException {
        List<String> cmd = new java.util.ArrayList<>(browser);
        cmd.add(url);
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new DeviceException("cannot start the browser '" + browser.get(0) + "': " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String body) throws DeviceException {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n == null || !n.isObject() || !n.has("credentialId")) {
                throw new DeviceException("the browser sent no security-key assertion");
            }
            return n;
        } catch (JacksonException e) {
            throw new DeviceException("the browser sent no security-key assertion (not JSON)");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
