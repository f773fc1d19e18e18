package io.kerbridge.cli;

import io.kerbridge.cloud.http.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The group half of a sync run: on-premises security groups (RID 1000 and up; AD's built-in and critical groups
 * such as Domain Admins are not synced, as Entra Connect leaves them out) with their user members as SIDs, upserted
 * with {@code PUT /api/v1/{tenant}/synced-groups/{sid}}; a group gone on-premises is deleted in the cloud.
 * Runs after the users, so that members resolve to the users just synced.
 */
final class GroupSync {
    /** One on-premises group with its member SIDs, as read from the DC admin API. */
    record DcGroup(String sid, String name, String description, List<String> memberSids) {}

    record Summary(int total, int added, int updated, int deleted, int unchanged, int failed) {
        String line() {
            return total + " groups: " + added + " added, " + updated + " updated, " + deleted + " deleted, " + unchanged
                    + " unchanged" + (failed > 0 ? ", " + failed + " failed" : "");
        }

        Map<String, Object> json() {
            return Map.of("total", total, "added", added, "updated", updated, "deleted", deleted, "unchanged", unchanged,
                    "failed", failed);
        }
    }

    static boolean inScope(String sid) {
        return SyncAgent.rid(sid) >= 1000;
    }

    static Map<String, Object> map(DcGroup g, String domain) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("displayName", g.name());
        m.put("description", g.description() == null || g.description().isBlank() ? null : g.description());
        m.put("onPremisesSamAccountName", g.name());
        m.put("onPremisesDomainName", domain);
        m.put("members", g.memberSids().stream().map(s -> s.toUpperCase(Locale.ROOT)).sorted().toList());
        return m;
    }

    static Summary run(List<DcGroup> dcGroups, String domain, SyncAgent.Cloud cloud, SyncState state, PrintWriter err)
            throws IOException {
        Map<String, Map<String, Object>> wanted = new LinkedHashMap<>();
        for (DcGroup g : dcGroups) {
            if (inScope(g.sid())) {
                wanted.put(g.sid().toUpperCase(Locale.ROOT), map(g, domain));
            }
        }
        int added = 0;
        int updated = 0;
        int deleted = 0;
        int unchanged = 0;
        int failed = 0;
        for (Map.Entry<String, Map<String, Object>> e : wanted.entrySet()) {
            SyncState.Entry prev = state.groups().get(e.getKey());
            if (prev != null && prev.hash().equals(SyncState.hash(e.getValue()))) {
                unchanged++;
                continue;
            }
            int status = send(cloud, "PUT", e.getKey(), e.getValue(), err);
            if (status < 0) {
                failed++;
            } else {
                state.putGroup(e.getKey(), e.getValue());
                if (status == 201) {
                    added++;
                } else {
                    updated++;
                }
            }
        }
        for (String sid : new ArrayList<>(state.groups().keySet())) {
            if (!wanted.containsKey(sid)) {
                int status = send(cloud, "DELETE", sid, null, err);
                if (status < 0) {
                    failed++;
                } else {
                    state.groups().remove(sid);
                    deleted++;
                }
            }
        }
        return new Summary(wanted.size(), added, updated, deleted, unchanged, failed);
    }

    /** 200/201/204 (404 on DELETE: already gone) or -1 for a refusal of this one group; fatal errors end the run. */
    private static int send(SyncAgent.Cloud cloud, String method, String sid, Map<String, Object> body, PrintWriter err)
            throws IOException {
        String url = cloud.url() + "/api/v1/" + enc(cloud.tenant()) + "/synced-groups/" + enc(sid);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + cloud.token());
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = SyncAgent.exchange(cloud, b.build());
        int status = r.statusCode();
        if (status == 200 || status == 201 || status == 204 || (status == 404 && body == null)) {
            return status;
        }
        SyncAgent.failIfFatal(cloud, r);
        if (err != null) {
            err.println("warning: group " + (body == null ? sid : body.get("displayName") + " (" + sid + ")") + " not synced: "
                    + SyncAgent.reason(r.body(), status));
            err.flush();
        }
        return -1;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private GroupSync() {}
}
