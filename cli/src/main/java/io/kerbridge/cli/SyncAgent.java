package io.kerbridge.cli;

import io.kerbridge.cloud.http.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One sync run (the Entra Connect role): on-premises users as the DC admin API lists them, mapped to the
 * cloud's synced-user upsert ({@code PUT /api/v1/{tenant}/synced-users/{sid}}), incremental against a
 * {@link SyncState}. Users gone from the DC since the last run are disabled in the cloud (never deleted).
 */
final class SyncAgent {
    /** Accounts never synced, whatever their RID (AD's critical system objects and RODC krbtgt_NNNNN accounts). */
    static final Set<String> SYSTEM_NAMES = Set.of("krbtgt", "guest", "administrator", "defaultaccount", "wdagutilityaccount");

    record Summary(int total, int added, int updated, int disabled, int unchanged, int failed, int skipped) {
        String line() {
            return "Synced " + total + " users: " + added + " added, " + updated + " updated, " + disabled + " disabled, "
                    + unchanged + " unchanged" + (failed > 0 ? ", " + failed + " failed" : "");
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("total", total);
            m.put("added", added);
            m.put("updated", updated);
            m.put("disabled", disabled);
            m.put("unchanged", unchanged);
            m.put("failed", failed);
            m.put("skipped", skipped);
            return m;
        }
    }

    /** Where the cloud is and how to authenticate to it. */
    record Cloud(HttpClient http, String url, String tenant, String token, String tokenFile) {}

    /** Progress on stderr: a redrawn bar on a terminal, otherwise a plain count every so often. */
    static final class Progress {
        private final PrintWriter err;
        private final boolean bar;
        private final int total;

        Progress(PrintWriter err, boolean bar, int total) {
            this.err = err;
            this.bar = bar;
            this.total = total;
        }

        void at(int done) {
            if (err == null) {
                return;
            }
            if (bar) {
                int width = 30;
                int filled = total == 0 ? width : done * width / total;
                err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " users");
                if (done == total) {
                    err.println();
                }
                err.flush();
            } else if (done > 0 && (done == total || done % Math.max(100, total / 10) == 0)) {
                err.println("sync: " + done + "/" + total + " users processed");
                err.flush();
            }
        }
    }

    /** Whether a DC user is in sync scope: users only (no computers, no trust accounts), no built-in/system account. */
    static boolean inScope(JsonNode u) {
        String name = u.path("name").asString("");
        String type = u.path("type").asString("user");
        if (!"user".equals(type) || name.isEmpty() || name.endsWith("$")) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (SYSTEM_NAMES.contains(lower) || lower.startsWith("krbtgt_")) {
            return false;
        }
        return rid(u.path("sid").asString("")) >= 1000;
    }

    static long rid(String sid) {
        int dash = sid.lastIndexOf('-');
        try {
            return dash < 0 ? -1 : Long.parseLong(sid.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The synced-user upsert body for one DC user (see the cloud's SyncedUser schema). */
    static Map<String, Object> map(JsonNode u, String domain) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userPrincipalName", u.path("upn").asString());
        String display = u.path("displayName").asString("");
        m.put("displayName", display.isBlank() ? u.path("name").asString() : display);
        m.put("onPremisesSamAccountName", u.path("name").asString());
        m.put("onPremisesDomainName", domain);
        m.put("accountEnabled", u.path("enabled").asBoolean(true));
        m.put("passwordLastSet", text(u, "passwordLastSet"));
        m.put("passwordExpiresOn", text(u, "passwordExpires"));
        // "must change at next logon" (pwdLastSet = 0) is an expired password; an expiry date that passes is
        // judged by the cloud from passwordExpiresOn, so the body (and its hash) does not change with time.
        m.put("passwordExpired", u.path("mustChangePassword").asBoolean(false));
        return m;
    }

    private static String text(JsonNode u, String field) {
        JsonNode n = u.get(field);
        return n == null || n.isNull() ? null : n.asString();
    }

    /** Runs one sync of {@code dcUsers} (the admin API's user list) against the cloud. */
    static Summary run(List<JsonNode> dcUsers, String domain, Cloud cloud, SyncState state, int maxDeletes,
            boolean bar, PrintWriter err) throws IOException {
        return run(dcUsers, domain, cloud, state, maxDeletes, bar, err, Map.of());
    }

    /**
     * Whether a user's password hash must be (re)sent: a user not synced before, or whose password was set since
     * (passwordLastSet changed). The verifier itself is never kept in the state file.
     */
    static boolean needsPasswordHash(String sid, Map<String, Object> body, SyncState state) {
        SyncState.Entry prev = state.users().get(sid);
        return prev == null || prev.deleted()
                || !java.util.Objects.equals(prev.user().get("passwordLastSet"), body.get("passwordLastSet"));
    }

    /** {@code passwordHashes}: password hash sync verifiers by SID, sent with the upsert of those users. */
    static Summary run(List<JsonNode> dcUsers, String domain, Cloud cloud, SyncState state, int maxDeletes,
            boolean bar, PrintWriter err, Map<String, String> passwordHashes) throws IOException {
        List<JsonNode> scope = dcUsers.stream().filter(SyncAgent::inScope).toList();
        int skipped = dcUsers.size() - scope.size();
        Map<String, Map<String, Object>> wanted = new LinkedHashMap<>();
        for (JsonNode u : scope) {
            wanted.put(u.path("sid").asString().toUpperCase(Locale.ROOT), map(u, domain));
        }
        // users we synced before that the DC no longer has: disable them with their last known attributes
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, SyncState.Entry> e : state.users().entrySet()) {
            if (!wanted.containsKey(e.getKey())) {
                gone.add(e.getKey());
            }
        }
        long newlyGone = gone.stream().filter(sid -> !state.users().get(sid).deleted()).count();
        if (newlyGone > maxDeletes) {
            throw new CliError(newlyGone + " synced users are gone from the DC and would be disabled in the cloud, more than "
                    + maxDeletes + " (--max-deletes); check the DC, then re-run with --max-deletes " + newlyGone);
        }
        int total = wanted.size() + gone.size();
        int added = 0;
        int updated = 0;
        int disabled = 0;
        int unchanged = 0;
        int failed = 0;
        int done = 0;
        Progress progress = new Progress(err, bar, total);
        progress.at(0);
        try {
            for (Map.Entry<String, Map<String, Object>> e : wanted.entrySet()) {
                String sid = e.getKey();
                Map<String, Object> body = e.getValue();
                SyncState.Entry prev = state.users().get(sid);
                if (prev != null && !prev.deleted() && prev.hash().equals(SyncState.hash(body))) {
                    unchanged++;
                } else {
                    Map<String, Object> sent = body;
                    if (passwordHashes.containsKey(sid)) {
                        sent = new LinkedHashMap<>(body);
                        sent.put("passwordHashSync", passwordHashes.get(sid));
                    }
                    int status = put(cloud, sid, sent, err);
                    if (status < 0) {
                        failed++;
                    } else {
                        boolean wasEnabled = prev == null || Boolean.TRUE.equals(prev.user().get("accountEnabled"));
                        if (status == 201) {
                            added++;
                        } else if (!Boolean.TRUE.equals(body.get("accountEnabled")) && wasEnabled && prev != null) {
                            disabled++;
                        } else {
                            updated++;
                        }
                        state.put(sid, body, false);
                    }
                }
                progress.at(++done);
            }
            for (String sid : gone) {
                SyncState.Entry prev = state.users().get(sid);
                if (prev.deleted()) {
                    unchanged++;
                } else {
                    Map<String, Object> body = new LinkedHashMap<>(prev.user());
                    body.put("accountEnabled", false);
                    if (put(cloud, sid, body, err) < 0) {
                        failed++;
                    } else {
                        disabled++;
                        state.put(sid, body, true);
                    }
                }
                progress.at(++done);
            }
        } finally {
            state.save();
        }
        return new Summary(total, added, updated, disabled, unchanged, failed, skipped);
    }

    /**
     * One upsert; returns the HTTP status (201 created, 200 updated), or -1 when the cloud refused this one user
     * (reported on {@code err}). A refused token, a missing role or an unreachable cloud ends the run (CliError).
     */
    static int put(Cloud cloud, String sid, Map<String, Object> body, PrintWriter err) throws IOException {
        String url = cloud.url() + "/api/v1/" + enc(cloud.tenant()) + "/synced-users/" + enc(sid);
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + cloud.token()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))).build();
        HttpResponse<String> r = exchange(cloud, req);
        int status = r.statusCode();
        if (status == 200 || status == 201) {
            return status;
        }
        failIfFatal(cloud, r);
        if (err != null) {
            err.println("warning: " + body.get("userPrincipalName") + " (" + sid + ") not synced: " + reason(r.body(), status));
            err.flush();
        }
        return -1;
    }

    /** Sends one call to the cloud; an unreachable cloud or a TLS failure ends the run. */
    static HttpResponse<String> exchange(Cloud cloud, HttpRequest req) throws IOException {
        try {
            return cloud.http().send(req, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
            throw new CliError("cannot connect to the cloud service at " + cloud.url());
        } catch (javax.net.ssl.SSLException e) {
            throw new CliError("TLS with the cloud service at " + cloud.url() + " failed (right --cloud-cacert?): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** A refused token, a missing role, an unknown tenant or a cloud failure ends the run (CliError). */
    static void failIfFatal(Cloud cloud, HttpResponse<String> r) {
        int status = r.statusCode();
        String reason = reason(r.body(), status);
        if (status == 401) {
            throw new CliError("the cloud refused the token in " + cloud.tokenFile() + " (" + reason
                    + "); run kerbridge cloud login again");
        }
        if (status == 403) {
            throw new CliError("the signed-in user may not sync users (" + reason
                    + "); sign in as a Global Administrator or Hybrid Identity Administrator");
        }
        if (status == 404 && reason.contains("tenant")) {
            throw new CliError(reason);
        }
        if (status >= 500) {
            throw new CliError("the cloud service failed (" + reason + ")");
        }
    }

    static String reason(String raw, int status) {
        try {
            JsonNode n = raw == null || raw.isBlank() ? null : Json.MAPPER.readTree(raw);
            if (n != null && n.has("error")) {
                return n.get("error").asString() + (n.has("code") ? " [" + n.get("code").asString() + "]" : "");
            }
        } catch (JacksonException e) {
            // fall through
        }
        return "HTTP " + status;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private SyncAgent() {}
}
