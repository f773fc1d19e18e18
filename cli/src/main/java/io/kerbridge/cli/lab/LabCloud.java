package io.kerbridge.cli.lab;

import io.kerbridge.cli.CliError;
import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.Totp;
import io.kerbridge.kerberos.client.HttpAnchors;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The lab's administrator in the cloud: {@code admin@contoso.test}, a Global Administrator (and Hybrid Identity
 * Administrator once {@code up} has added the role) signed in with {@code kerbridge cloud login} (password + one-time
 * code from the TOTP secret in DIR/secrets) whenever the kept token has less than three minutes left.
 */
final class LabCloud {
    static final String ADMIN = "admin@" + LabDomain.CONTOSO.dns();

    private final LabLayout l;
    private final LabState state;

    LabCloud(LabLayout l, LabState state) {
        this.l = l;
        this.state = state;
    }

    String url() {
        return "https://localhost:" + state.ports().get("cloud");
    }

    java.nio.file.Path caCert() {
        return l.cloudDir().resolve("ca-cert.pem");
    }

    String tenantId() {
        return state.value("tenantId");
    }

    /** A one-time code of the TOTP secret in {@code DIR/secrets/<name>.totp}, never one used before (see LabState). */
    String totp(String name) throws IOException, InterruptedException {
        byte[] secret = Base32.decode(LabFiles.read(l.totpFile(name)));
        while (true) {
            long sec = Instant.now().getEpochSecond();
            long now = sec / Totp.STEP_SECONDS;
            // the cloud accepts the steps next to its own: the previous one early in a step, else the current or next
            long step = Math.max(state.lastTotpStep(name) + 1, sec % Totp.STEP_SECONDS <= 20 ? now - 1 : now);
            if (step <= now + 1) {
                state.totpStepUsed(name, step);
                return Totp.code(secret, step);
            }
            Thread.sleep(500);
        }
    }

    /** The administrator's token file, signed in again when needed. */
    java.nio.file.Path token() throws IOException, InterruptedException {
        if (Files.exists(l.tokenFile())) {
            try {
                JsonNode t = LabState.JSON.readTree(Files.readString(l.tokenFile()));
                if (Instant.parse(t.get("expires_on").asString()).isAfter(Instant.now().plus(Duration.ofMinutes(3)))) {
                    return l.tokenFile();
                }
            } catch (RuntimeException e) {
                // sign in again
            }
        }
        Kb.ok("signing in to the cloud as " + ADMIN, List.of("cloud", "login", "--url", url(), "--cacert", caCert().toString(),
                "--tenant", LabDomain.CONTOSO.dns(), "--user", ADMIN, "--password-file", l.passwordFile(ADMIN).toString(),
                "--totp", totp(ADMIN), "--token-file", l.tokenFile().toString()));
        return l.tokenFile();
    }

    /** A call to the management API {@code /api/v1/<tenant><path>} with the administrator's token. */
    JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        String access = LabState.JSON.readTree(Files.readString(token())).get("access_token").asString();
        try (HttpClient http = HttpClient.newBuilder().sslContext(HttpAnchors.context(List.of(caCert().toString())))
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + "/api/v1/" + tenantId() + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + access);
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(LabState.JSON.writeValueAsString(body)));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isBlank() ? LabState.JSON.createObjectNode() : LabState.JSON.readTree(r.body());
            if (r.statusCode() / 100 != 2) {
                throw new CliError("the cloud refused " + method + " " + path + ": " + json.path("error").asString("HTTP " + r.statusCode()));
            }
            return json;
        } catch (JacksonException e) {
            throw new CliError("the cloud answered " + method + " " + path + " with something that is not JSON");
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
