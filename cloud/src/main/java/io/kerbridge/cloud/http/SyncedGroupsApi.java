package io.kerbridge.cloud.http;

import static io.kerbridge.cloud.http.Json.bind;
import static io.kerbridge.cloud.http.Json.require;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.AuditLog;
import io.kerbridge.cloud.Metrics;
import io.kerbridge.cloud.http.Route.Call;
import io.kerbridge.cloud.http.Route.Reply;
import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.Group;
import io.kerbridge.cloud.store.User;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The sync agent's group calls (the Entra Connect role): {@code PUT /api/v1/{tenant}/synced-groups/{sid}} upserts an
 * on-premises security group with its members given as on-premises SIDs (members not synced as users are reported,
 * not stored), and {@code DELETE} removes a group deleted on-premises. Same roles as the synced-user upsert.
 */
public final class SyncedGroupsApi {
    static final String SID = "S-1-[0-9]+(-[0-9]+){1,14}";
    static final int MAX_MEMBERS = 5000;

    record SyncedGroup(String displayName, String description, String onPremisesSamAccountName,
            String onPremisesDomainName, List<String> members) {}

    private final CloudStore store;
    private final AuditLog audit;
    private final Metrics metrics;
    private final Clock clock;

    public SyncedGroupsApi(CloudStore store, AuditLog audit, Metrics metrics, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    public List<Route> routes() {
        String t = "/api/v1/{tenant}/synced-groups/{sid}";
        return List.of(Route.of("PUT", t, ManagementApi.SYNC, this::upsert), Route.of("DELETE", t, ManagementApi.SYNC, this::delete));
    }

    private Reply upsert(Call c) throws ApiException {
        String sid = sid(c);
        SyncedGroup req = bind(c.body(), SyncedGroup.class);
        String name = require(req.displayName(), "displayName");
        String sam = require(req.onPremisesSamAccountName(), "onPremisesSamAccountName");
        String domain = require(req.onPremisesDomainName(), "onPremisesDomainName").toLowerCase(Locale.ROOT);
        if (name.length() > 256 || sam.length() > 256 || domain.length() > 253) {
            throw ApiException.badRequest("invalid_field", "displayName, onPremisesSamAccountName or onPremisesDomainName is too long");
        }
        List<String> memberSids = req.members() == null ? List.of() : req.members();
        if (memberSids.size() > MAX_MEMBERS) {
            throw ApiException.badRequest("too_many_members", "at most " + MAX_MEMBERS + " members per call");
        }
        String tenantId = c.tenantOrThrow().id();
        Set<String> memberIds = new LinkedHashSet<>();
        List<String> unresolved = new ArrayList<>();
        for (String m : memberSids) {
            String s = m == null ? "" : m.toUpperCase(Locale.ROOT);
            if (!s.matches(SID)) {
                throw ApiException.badRequest("invalid_sid", "member '" + m + "' is not a security identifier");
            }
            store.users().findBySid(tenantId, s).map(User::id).ifPresentOrElse(memberIds::add, () -> unresolved.add(s));
        }
        Optional<Group> existing = store.groups().findBySid(tenantId, sid);
        Optional<Group> byName = store.groups().find(tenantId, name);
        if (byName.isPresent() && existing.map(e -> !e.id().equals(byName.get().id())).orElse(true)) {
            throw ApiException.conflict("name_in_use", "another group is already named " + name);
        }
        Group g = new Group(existing.map(Group::id).orElse(UUID.randomUUID().toString()), tenantId, name,
                Optional.ofNullable(req.description()).filter(d -> !d.isBlank()),
                existing.map(Group::createdAt).orElse(clock.instant()), Optional.of(new Group.OnPremises(sid, sam, domain)));
        if (existing.isEmpty()) {
            store.groups().insert(g);
        } else if (!existing.get().equals(g)) {
            store.groups().update(g);
        }
        Set<String> before = new LinkedHashSet<>(existing.map(e -> store.groups().members(e.id())).orElse(List.of()));
        boolean membersChanged = !before.equals(memberIds);
        if (membersChanged) {
            store.groups().setMembers(g.id(), memberIds);
        }
        if (existing.isEmpty() || !existing.get().equals(g) || membersChanged) {
            audit.change(tenantId, AuditLog.GROUPS, existing.isEmpty() ? "Add group (synced)" : "Update group (synced)",
                    c.principal().upn(), name + " " + sid + " members=" + memberIds.size());
            metrics.inc("kerbridge_cloud_management_changes_total");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", g.id());
        out.put("displayName", g.displayName());
        out.put("onPremisesSecurityIdentifier", sid);
        out.put("members", memberIds.size());
        out.put("unresolvedMembers", unresolved);
        return existing.isEmpty() ? Reply.created(out) : Reply.ok(out);
    }

    private Reply delete(Call c) throws ApiException {
        String sid = sid(c);
        Group g = store.groups().findBySid(c.tenantOrThrow().id(), sid)
                .orElseThrow(() -> ApiException.notFound("no synced group with SID " + sid));
        store.groups().delete(g.id());
        audit.change(c.tenantOrThrow().id(), AuditLog.GROUPS, "Delete group (synced)", c.principal().upn(),
                g.displayName() + " " + sid);
        return Reply.noContent();
    }

    private static String sid(Call c) throws ApiException {
        String sid = c.param("sid").toUpperCase(Locale.ROOT);
        if (!sid.matches(SID)) {
            throw ApiException.badRequest("invalid_sid", "'" + c.param("sid") + "' is not a security identifier (S-1-5-21-...)");
        }
        return sid;
    }
}
