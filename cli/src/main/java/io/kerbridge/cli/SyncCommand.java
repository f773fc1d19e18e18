package io.kerbridge.cli;

import io.kerbridge.cloud.http.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** {@code kerbridge sync}: the sync agent (the Entra Connect role), on-premises users into a cloud tenant. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Sync the DC's users and groups into a cloud tenant (incremental; safe to re-run).",
                "Reads users and groups through the DC admin API with your TGT (a Domain Admin's), upserts each",
                "changed user with its on-premises SID, sAMAccountName, domain and password-expiry state, and",
                "disables in the cloud every user disabled or deleted on-premises; then upserts each changed group",
                "with its user members and deletes groups deleted on-premises. Computers, krbtgt, Guest,",
                "Administrator and other built-in accounts and groups (RID < 1000, e.g. Domain Admins) are not",
                "synced. Sign in first with kerbridge cloud login."})
final class SyncCommand implements java.util.concurrent.Callable<Integer> {
    enum ProgressMode { auto, bar, plain, none }

    @Spec
    CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Option(names = "--cloud", paramLabel = "URL", description = "The cloud service (default: the one in the token file)")
    String cloudUrl;

    @Option(names = "--cloud-cacert", paramLabel = "FILE", description = "The tenant CA certificate (default: the one in the token file)")
    Path cloudCaCert;

    @Option(names = "--tenant", paramLabel = "ID", description = "Tenant id or verified domain (default: the one in the token file)")
    String tenant;

    @Option(names = "--token-file", paramLabel = "FILE", description = "From kerbridge cloud login (default ~/.kerbridge/cloud-token.json)")
    Path tokenFile;

    @Option(names = "--state", paramLabel = "FILE", description = "Sync state, 0600 JSON (default ~/.kerbridge/sync-<tenant>.json)")
    Path stateFile;

    @Option(names = "--domain", paramLabel = "DNS",
            description = "onPremisesDomainName to send (default: the DC's DNS domain name, e.g. contoso.test)")
    String domain;

    @Option(names = "--max-deletes", defaultValue = "500", paramLabel = "N",
            description = "Refuse to run when more than N synced users are gone on-premises (accidental-delete guard; default 500)")
    int maxDeletes;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a bar when stderr is a terminal, else plain counts), bar, plain or none")
    ProgressMode progress;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path tf = tokenFile != null ? tokenFile : CloudCommand.defaultTokenFile();
        JsonNode token = readToken(tf);
        String url = cloudUrl != null ? stripSlash(cloudUrl) : token.get("url").asString();
        if (!url.startsWith("https://")) {
            throw new CliError("the cloud service URL must be https://...");
        }
        Path ca = cloudCaCert != null ? cloudCaCert : Path.of(token.get("cacert").asString());
        String t = tenant != null ? tenant : token.get("tenant").asString();
        SyncAgent.Cloud cloud = new SyncAgent.Cloud(CloudCommand.client(ca), url, t, token.get("access_token").asString(),
                tf.toString());
        SyncState state = SyncState.load(stateFile != null ? stateFile : SyncState.defaultFile(t), url, t);

        List<JsonNode> users = new ArrayList<>();
        List<GroupSync.DcGroup> groups = new ArrayList<>();
        Map<String, String> passwordHashes = Map.of();
        String dom;
        try (AdminClient dc = admin.connect()) {
            JsonNode d = dc.call("GET", "/api/v1/domain", null);
            dom = (domain != null ? domain : d.path("dnsName").asString("")).toLowerCase(Locale.ROOT);
            if (dom.isBlank()) {
                throw new CliError("the DC did not say its domain name; give --domain");
            }
            JsonNode list = dc.call("GET", "/api/v1/users", null);
            if (list == null || !list.isArray()) {
                throw new CliError("the DC's user list is not a JSON array");
            }
            list.forEach(users::add);
            groups = readGroups(dc);
            passwordHashes = readPasswordHashes(dc, users, dom, state, err);
        } catch (java.net.http.HttpConnectTimeoutException e) {
            throw new CliError("cannot connect to the DC admin API (" + e.getMessage() + ")");
        }
        boolean bar = switch (progress) {
            case bar -> true;
            case auto -> stderrIsTerminal();
            default -> false;
        };
        PrintWriter progressOut = progress == ProgressMode.none ? null : err;
        SyncAgent.Summary s = SyncAgent.run(users, dom, cloud, state, maxDeletes, bar, progressOut, passwordHashes);
        GroupSync.Summary g;
        try {
            g = GroupSync.run(groups, dom, cloud, state, progressOut);
        } finally {
            state.save();
        }
        if (admin.json) {
            Map<String, Object> j = new java.util.LinkedHashMap<>(s.json());
            j.put("groups", g.json());
            Output.json(out, Json.MAPPER.valueToTree(j));
        } else {
            out.println(s.line() + "; " + g.line());
        }
        out.flush();
        return s.failed() > 0 || g.failed() > 0 ? 1 : 0;
    }

    /**
     * Password hash sync: for each in-scope user that is new or whose password changed since the last run, the DC's
     * verifier of the current aes256 key ({@code POST /api/v1/users/{name}/password-hash-sync}, Domain Admins).
     */
    private static Map<String, String> readPasswordHashes(AdminClient dc, List<JsonNode> users, String domain,
            SyncState state, PrintWriter err) throws IOException {
        Map<String, String> out = new java.util.HashMap<>();
        for (JsonNode u : users) {
            String sid = u.path("sid").asString("").toUpperCase(Locale.ROOT);
            if (!SyncAgent.inScope(u) || !SyncAgent.needsPasswordHash(sid, SyncAgent.map(u, domain), state)) {
                continue;
            }
            JsonNode r;
            try {
                r = dc.call("POST", "/api/v1/users/" + java.net.URLEncoder.encode(u.path("name").asString(),
                        java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20") + "/password-hash-sync", null);
            } catch (CliError e) { // e.g. an account without an aes256 key: synced without a cloud password
                err.println("warning: no password hash for " + u.path("name").asString() + ": " + e.getMessage());
                continue;
            }
            if (r != null && r.hasNonNull("passwordHashSync")) {
                out.put(sid, r.get("passwordHashSync").asString());
            }
        }
        return out;
    }

    /** The DC's groups with their direct members (SIDs of users; nested groups are not expanded). */
    private static List<GroupSync.DcGroup> readGroups(AdminClient dc) throws IOException {
        JsonNode list = dc.call("GET", "/api/v1/groups", null);
        if (list == null || !list.isArray()) {
            throw new CliError("the DC's group list is not a JSON array");
        }
        List<GroupSync.DcGroup> out = new ArrayList<>();
        for (JsonNode g : list) {
            String sid = g.path("sid").asString("");
            if (!GroupSync.inScope(sid)) {
                continue;
            }
            String name = g.path("name").asString();
            JsonNode members = dc.call("GET", "/api/v1/groups/" + java.net.URLEncoder.encode(name,
                    java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20") + "/members", null);
            List<String> sids = new ArrayList<>();
            if (members != null && members.isArray()) {
                members.forEach(m -> sids.add(m.path("sid").asString()));
            }
            out.add(new GroupSync.DcGroup(sid, name, g.path("description").asString(""), sids));
        }
        return out;
    }

    private static JsonNode readToken(Path f) throws IOException {
        if (!Files.isReadable(f)) {
            throw new CliError("no cloud token in " + f + "; run kerbridge cloud login first");
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
        Instant exp;
        try {
            exp = Instant.parse(t.get("expires_on").asString());
        } catch (DateTimeParseException e) {
            throw new CliError(f + " has no valid expiry; run kerbridge cloud login again");
        }
        if (!Instant.now().isBefore(exp)) {
            throw new CliError("the cloud token in " + f + " expired at " + exp + "; run kerbridge cloud login again");
        }
        return t;
    }

    private static String stripSlash(String u) {
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    /** Java 22+ says whether the console is a terminal; on 21 a console exists only for one. */
    private static boolean stderrIsTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
