package io.kerbridge.cli;

import io.kerbridge.cloud.CloudException;
import io.kerbridge.cloud.CloudInit;
import io.kerbridge.cloud.CloudService;
import io.kerbridge.cloud.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** {@code kerbridge cloud init|start|login|log}: the cloud identity service (the Entra ID role). */
@Command(name = "cloud", mixinStandardHelpOptions = true,
        description = {"Create and run the cloud identity service; sign in to it as an administrator; read its log."})
final class CloudCommand {
    @Spec
    CommandSpec spec;

    static Path defaultTokenFile() {
        return Path.of(System.getProperty("user.home"), ".kerbridge", "cloud-token.json");
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create a data directory with a tenant CA, a tenant and its first Global Administrator.")
    int init(@Option(names = "--dir", required = true, paramLabel = "DIR", description = "Data directory (created, mode 0700)") Path dir,
            @Option(names = "--tenant-domain", required = true, paramLabel = "DNS", description = "The tenant's initial verified domain") String domain,
            @Option(names = "--domain", paramLabel = "DNS", description = "A further verified domain (repeatable)") List<String> extra,
            @Option(names = "--display-name", paramLabel = "NAME") String displayName,
            @Option(names = "--admin", required = true, paramLabel = "UPN", description = "The first Global Administrator, e.g. admin@contoso.test") String admin,
            @Option(names = "--admin-password-file", paramLabel = "FILE", description = "Its password (prompted if absent)") Path pwFile,
            @Option(names = "--listen", defaultValue = "127.0.0.1", paramLabel = "ADDR") String listen,
            @Option(names = "--port", defaultValue = "9443", paramLabel = "PORT") int port,
            @Option(names = "--host", paramLabel = "NAME", description = "A host name for the TLS certificate (repeatable; default login.<domain>, localhost, 127.0.0.1)") List<String> hosts,
            @Option(names = "--database-url", paramLabel = "JDBC", description = "Keep the data in PostgreSQL (jdbc:postgresql://HOST:PORT/DB) instead of the embedded database, for several nodes") String dbUrl,
            @Option(names = "--database-user", paramLabel = "USER", description = "PostgreSQL user (with --database-url)") String dbUser,
            @Option(names = "--database-password-file", paramLabel = "FILE", description = "File with that user's password (copied into DIR, mode 0600)") Path dbPw)
            throws IOException {
        if (dbUrl != null && (dbUser == null || dbPw == null)) {
            throw new CliError("--database-url needs --database-user and --database-password-file");
        }
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql://")) {
            throw new CliError("--database-url must be jdbc:postgresql://HOST:PORT/DB");
        }
        try {
            CloudInit.Result r = CloudInit.init(new CloudInit.Spec(dir, domain, extra == null ? List.of() : extra, displayName,
                    admin, DcCommand.secret(pwFile, "administrator password"), listen, port, hosts == null ? List.of() : hosts,
                    dbUrl == null ? null : new CloudInit.Postgres(dbUrl, dbUser, dbPw)), Clock.systemUTC(), new SecureRandom());
            PrintWriter out = spec.commandLine().getOut();
            out.println("Created tenant " + r.tenantId() + " (" + domain + ") in " + dir);
            out.println("  Global Administrator: " + r.adminUpn());
            out.println("  CA certificate for clients: " + r.caCertificate());
            out.println("Enrol this one-time-password secret in an authenticator app now; it is not shown again:");
            out.println("  secret: " + r.totpSecretBase32());
            out.println("  uri:    " + r.otpauthUri());
            out.println("Start it with: kerbridge cloud start --dir " + dir);
            return 0;
        } catch (CloudException e) {
            throw new CliError(e.getMessage());
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Run the cloud service in DIR until interrupted.")
    int start(@Option(names = "--dir", required = true, paramLabel = "DIR") Path dir,
            @Option(names = "--port", paramLabel = "PORT", description = "Override the configured port") Integer port)
            throws IOException, InterruptedException {
        try (UntilStopped until = new UntilStopped(); CloudService s = CloudService.start(dir, port, Clock.systemUTC(), new SecureRandom())) {
            spec.commandLine().getOut().println("Cloud service listening on port " + s.port() + " (HTTPS); Ctrl-C stops it");
            spec.commandLine().getOut().flush();
            until.await();
            return 0;
        } catch (CloudException e) {
            throw new CliError(e.getMessage());
        }
    }

    @Command(name = "login", mixinStandardHelpOptions = true,
            description = "Sign in with password and one-time code; keeps the bearer token in a 0600 file.")
    int login(@Option(names = "--url", required = true, paramLabel = "URL", description = "e.g. https://localhost:9443") String url,
            @Option(names = "--cacert", required = true, paramLabel = "FILE", description = "The tenant CA certificate (ca-cert.pem)") Path caCert,
            @Option(names = "--tenant", required = true, paramLabel = "ID", description = "Tenant id or verified domain") String tenant,
            @Option(names = "--user", required = true, paramLabel = "UPN") String user,
            @Option(names = "--password-file", paramLabel = "FILE", description = "Password (prompted if absent)") Path pwFile,
            @Option(names = "--totp", required = true, paramLabel = "CODE", description = "The 6-digit code from the authenticator") String totp,
            @Option(names = "--token-file", paramLabel = "FILE", description = "Where to keep the token (default ~/.kerbridge/cloud-token.json)") Path tokenFile)
            throws IOException, InterruptedException {
        char[] pw = DcCommand.secret(pwFile, "password");
        Map<String, String> req = Map.of("username", user, "password", new String(pw), "totp", totp);
        JsonNode res = send(client(caCert), "POST", base(url) + "/api/v1/" + enc(tenant) + "/admin/login", null,
                Json.MAPPER.writeValueAsString(req));
        Map<String, Object> saved = new LinkedHashMap<>();
        saved.put("url", base(url));
        saved.put("cacert", caCert.toAbsolutePath().toString());
        saved.put("tenant", res.get("tenant_id").asString());
        saved.put("user", user);
        saved.put("access_token", res.get("access_token").asString());
        saved.put("expires_on", res.get("expires_on").asString());
        Path f = tokenFile != null ? tokenFile : defaultTokenFile();
        writePrivate(f, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(saved));
        spec.commandLine().getOut().println("Signed in as " + user + " (roles " + res.get("roles") + "); token valid until "
                + res.get("expires_on").asString() + ", kept in " + f);
        return 0;
    }

    @Command(name = "log", mixinStandardHelpOptions = true, description = "Show the tenant's sign-in and audit log (newest first).")
    int log(@Option(names = "--token-file", paramLabel = "FILE", description = "From kerbridge cloud login (default ~/.kerbridge/cloud-token.json)") Path tokenFile,
            @Option(names = "--category", paramLabel = "CAT", description = "SignIn, UserManagement, GroupManagement or RoleManagement") String category,
            @Option(names = "--limit", defaultValue = "50", paramLabel = "N") int limit,
            @Option(names = "--json", description = "Print the raw JSON") boolean json)
            throws IOException, InterruptedException {
        Path f = tokenFile != null ? tokenFile : defaultTokenFile();
        if (!Files.isReadable(f)) {
            throw new CliError("no token in " + f + "; run kerbridge cloud login first");
        }
        JsonNode t;
        try {
            t = Json.MAPPER.readTree(Files.readString(f));
        } catch (JacksonException e) {
            throw new CliError(f + " is not a token file from kerbridge cloud login");
        }
        for (String k : List.of("url", "cacert", "tenant", "access_token", "expires_on")) {
            if (!t.hasNonNull(k)) {
                throw new CliError(f + " lacks '" + k + "'; run kerbridge cloud login again");
            }
        }
        if (!Instant.now().isBefore(Instant.parse(t.get("expires_on").asString()))) {
            throw new CliError("the token in " + f + " expired at " + t.get("expires_on").asString() + "; run kerbridge cloud login again");
        }
        String q = "?limit=" + limit + (category != null ? "&category=" + enc(category) : "");
        JsonNode res = send(client(Path.of(t.get("cacert").asString())), "GET",
                t.get("url").asString() + "/api/v1/" + enc(t.get("tenant").asString()) + "/audit" + q,
                t.get("access_token").asString(), null);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(res));
            return 0;
        }
        out.printf("%-24s %-16s %-36s %-28s %-28s %-8s %7s  %s%n", "TIME", "CATEGORY", "ACTIVITY", "ACTOR", "TARGET", "RESULT",
                "STATUS", "DETAIL");
        for (JsonNode e : res.get("value")) {
            out.printf("%-24s %-16s %-36s %-28s %-28s %-8s %7d  %s%n", e.get("time").asString(), e.get("category").asString(),
                    e.get("activity").asString(), e.get("actor").asString(), e.get("target").asString(),
                    e.get("result").asString(), e.get("statusCode").asInt(),
                    e.get("detail").isNull() ? "" : e.get("detail").asString());
        }
        return 0;
    }

    private static String base(String url) {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        if (!u.startsWith("https://")) {
            throw new CliError("the cloud service URL must be https://...");
        }
        return u;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static HttpClient client(Path caCert) throws IOException {
        if (!Files.isReadable(caCert)) {
            throw new CliError("cannot read the CA certificate " + caCert);
        }
        try (InputStream in = Files.newInputStream(caCert)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
        } catch (GeneralSecurityException e) {
            throw new CliError(caCert + " is not a PEM certificate: " + e.getMessage());
        }
    }

    static JsonNode send(HttpClient http, String method, String url, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (javax.net.ssl.SSLException e) {
            throw new CliError("TLS with " + url + " failed (right --cacert?): " + e.getMessage());
        } catch (java.net.ConnectException e) {
            throw new CliError("cannot connect to " + url);
        }
        JsonNode json;
        try {
            json = r.body().isBlank() ? null : Json.MAPPER.readTree(r.body());
        } catch (JacksonException e) {
            throw new CliError(url + " answered " + r.statusCode() + " with a non-JSON body");
        }
        if (r.statusCode() / 100 != 2) {
            String msg = json != null && json.has("error") ? json.get("error").asString() : "HTTP " + r.statusCode();
            String code = json != null && json.has("code") ? " (" + json.get("code").asString() + ")" : "";
            throw new CliError(msg + code);
        }
        return json;
    }

    static void writePrivate(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".token", ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
