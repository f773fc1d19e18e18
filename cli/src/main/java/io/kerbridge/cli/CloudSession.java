package io.kerbridge.cli;

import io.kerbridge.cloud.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The cloud credential of an admin command: the token file {@code kerbridge cloud login} wrote (URL, CA, tenant,
 * bearer token), and calls to the tenant's management API that hand back status and JSON, so the caller decides
 * what a 404 means. Unreachable cloud, TLS failure, refused or expired token: one clear CliError.
 */
final class CloudSession {
    record Answer(int status, JsonNode json) {
        boolean ok() {
            return status / 100 == 2;
        }

        String reason() {
            return json != null && json.has("error") ? json.get("error").asString() + (json.has("code")
                    ? " [" + json.get("code").asString() + "]" : "") : "HTTP " + status;
        }
    }

    private final HttpClient http;
    private final String url;
    private final String tenant;
    private final String token;
    private final Path file;

    private CloudSession(HttpClient http, String url, String tenant, String token, Path file) {
        this.http = http;
        this.url = url;
        this.tenant = tenant;
        this.token = token;
        this.file = file;
    }

    static CloudSession load(Path tokenFile) throws IOException {
        Path f = tokenFile != null ? tokenFile : CloudCommand.defaultTokenFile();
        if (!Files.isReadable(f)) {
            throw new CliError("no cloud credential in " + f + "; run kerbridge cloud login as a Hybrid Identity Administrator first");
        }
        JsonNode t;
        try {
            t = Json.MAPPER.readTree(Files.readString(f));
        } catch (JacksonException e) {
            throw new CliError(f + " is not a token file from kerbridge cloud login");
        }
        for (String k : List.of("url", "cacert", "tenant", "access_token", "expires_on")) {
            if (t == null || !t.hasNonNull(k)) {
                throw new CliError(f + " lacks '" + k + "'; run kerbridge cloud login again");
            }
        }
        if (!Instant.now().isBefore(Instant.parse(t.get("expires_on").asString()))) {
            throw new CliError("the cloud token in " + f + " expired at " + t.get("expires_on").asString()
                    + "; run kerbridge cloud login again");
        }
        return new CloudSession(CloudCommand.client(Path.of(t.get("cacert").asString())), t.get("url").asString(),
                t.get("tenant").asString(), t.get("access_token").asString(), f);
    }

    /** A call under {@code /api/v1/{tenant}}; 401 and 5xx end the command. */
    Answer call(String method, String path, Object body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/api/v1/" + enc(tenant) + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
            throw new CliError("cannot connect to the cloud service at " + url);
        } catch (javax.net.ssl.SSLException e) {
            throw new CliError("TLS with the cloud service at " + url + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        JsonNode json;
        try {
            json = r.body().isBlank() ? null : Json.MAPPER.readTree(r.body());
        } catch (JacksonException e) {
            json = null;
        }
        Answer a = new Answer(r.statusCode(), json);
        if (a.status() == 401) {
            throw new CliError("the cloud refused the token in " + file + " (" + a.reason() + "); run kerbridge cloud login again");
        }
        if (a.status() >= 500) {
            throw new CliError("the cloud service failed (" + a.reason() + ")");
        }
        return a;
    }

    String url() {
        return url;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
