package io.kerbridge.cloud.http;

import static io.kerbridge.cloud.http.Json.bind;
import static io.kerbridge.cloud.http.Json.require;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.AuditLog;
import io.kerbridge.cloud.Metrics;
import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.PasswordHash;
import io.kerbridge.cloud.auth.SignIn;
import io.kerbridge.cloud.auth.Totp;
import io.kerbridge.cloud.http.Route.Call;
import io.kerbridge.cloud.http.Route.Reply;
import io.kerbridge.cloud.store.AuditEvent;
import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.Group;
import io.kerbridge.cloud.store.MasterKey;
import io.kerbridge.cloud.store.Role;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The management API (OpenAPI description in {@code openapi.json}): sign-in, tenant, users (cloud-only and
 * synced), groups and membership, role assignments, the sign-in and audit log. Directory reads need Global
 * Administrator or Hybrid Identity Administrator; the synced-user upsert (the sync agent's call) too; every
 * other write and the audit log need Global Administrator.
 */
public final class ManagementApi {
    static final Set<Role> ADMINS = Set.of(Role.GLOBAL_ADMINISTRATOR);
    static final Set<Role> READERS = Set.of(Role.GLOBAL_ADMINISTRATOR, Role.HYBRID_IDENTITY_ADMINISTRATOR);
    static final Set<Role> SYNC = Set.of(Role.GLOBAL_ADMINISTRATOR, Role.HYBRID_IDENTITY_ADMINISTRATOR);
    private static final String SID = "S-1-[0-9]+(-[0-9]+){1,14}";
    public static final int MIN_PASSWORD = 8;

    record LoginRequest(String username, String password, String totp) {}

    record CreateUser(String userPrincipalName, String displayName, String password, Boolean accountEnabled) {}

    record UpdateUser(String displayName, Boolean accountEnabled) {}

    record SyncedUser(String userPrincipalName, String displayName, String onPremisesSamAccountName,
            String onPremisesDomainName, Boolean accountEnabled, String passwordLastSet, String passwordExpiresOn,
            Boolean passwordExpired, String passwordHashSync) {}

    record CreateGroup(String displayName, String description) {}

    private final CloudStore store;
    private final MasterKey master;
    private final SignIn signIn;
    private final AuditLog audit;
    private final Metrics metrics;
    private final Clock clock;
    private final SecureRandom random;

    public ManagementApi(CloudStore store, MasterKey master, SignIn signIn, AuditLog audit, Metrics metrics, Clock clock,
            SecureRandom random) {
        this.store = store;
        this.master = master;
        this.signIn = signIn;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.random = random;
    }

    public List<Route> routes() {
        String t = "/api/v1/{tenant}";
        return List.of(
                Route.of("POST", t + "/admin/login", Set.of(), this::login),
                Route.of("GET", t, READERS, c -> Reply.ok(tenantJson(c.tenantOrThrow()))),
                Route.of("GET", t + "/users", READERS, this::listUsers),
                Route.of("POST", t + "/users", ADMINS, this::createUser),
                Route.of("GET", t + "/users/{id}", READERS, c -> Reply.ok(userJson(user(c, c.param("id"))))),
                Route.of("PATCH", t + "/users/{id}", ADMINS, this::updateUser),
                Route.of("POST", t + "/users/{id}/totp", ADMINS, this::enrollTotp),
                Route.of("PUT", t + "/synced-users/{sid}", SYNC, this::upsertSynced),
                Route.of("GET", t + "/groups", READERS, this::listGroups),
                Route.of("POST", t + "/groups", ADMINS, this::createGroup),
                Route.of("GET", t + "/groups/{id}", READERS, c -> Reply.ok(groupJson(group(c, c.param("id")), true))),
                Route.of("PUT", t + "/groups/{id}/members/{userId}", ADMINS, c -> groupMember(c, true)),
                Route.of("DELETE", t + "/groups/{id}/members/{userId}", ADMINS, c -> groupMember(c, false)),
                Route.of("GET", t + "/roles", READERS, this::listRoles),
                Route.of("PUT", t + "/roles/{role}/members/{userId}", ADMINS, c -> roleMember(c, true)),
                Route.of("DELETE", t + "/roles/{role}/members/{userId}", ADMINS, c -> roleMember(c, false)),
                Route.of("GET", t + "/audit", ADMINS, this::queryAudit));
    }

    // ---- sign-in

    private Reply login(Call c) throws ApiException {
        LoginRequest req = bind(c.body(), LoginRequest.class);
        require(req.username(), "username");
        require(req.password(), "password");
        SignIn.Issued issued = signIn.signIn(c.tenantOrThrow(), req.username(), req.password().toCharArray(), req.totp());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token_type", "Bearer");
        out.put("access_token", issued.token());
        out.put("expires_in", java.time.Duration.between(clock.instant(), issued.expiresAt()).toSeconds());
        out.put("expires_on", issued.expiresAt().toString());
        out.put("tenant_id", c.tenantOrThrow().id());
        out.put("user_id", issued.user().id());
        out.put("roles", issued.roles().stream().map(Role::key).sorted().toList());
        return Reply.ok(out);
    }

    // ---- users

    private Reply listUsers(Call c) {
        String source = c.query().get("source");
        return Reply.ok(Map.of("value", store.users().list(c.tenantOrThrow().id()).stream()
                .filter(u -> source == null || u.source().wire().equals(source)).map(this::userJson).toList()));
    }

    private Reply createUser(Call c) throws ApiException {
        CreateUser req = bind(c.body(), CreateUser.class);
        Tenant tenant = c.tenantOrThrow();
        String upn = checkUpn(tenant, require(req.userPrincipalName(), "userPrincipalName"));
        String password = require(req.password(), "password");
        if (password.length() < MIN_PASSWORD) {
            throw ApiException.badRequest("weak_password", "the password must have at least " + MIN_PASSWORD + " characters");
        }
        if (store.users().find(tenant.id(), upn).isPresent()) {
            throw ApiException.conflict("upn_in_use", "a user " + upn + " already exists");
        }
        Instant now = clock.instant();
        User u = new User(UUID.randomUUID().toString(), tenant.id(), upn,
                Optional.ofNullable(req.displayName()).filter(s -> !s.isBlank()).orElse(upn), User.Source.CLOUD,
                req.accountEnabled() == null || req.accountEnabled(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(now), Optional.empty(), false, now, now);
        byte[] secret = new byte[Totp.SECRET_BYTES];
        random.nextBytes(secret);
        store.users().insert(u, Optional.of(PasswordHash.hash(password.toCharArray(), random)),
                Optional.of(master.seal(secret, "totp:" + u.id())));
        changed(c, AuditLog.USERS, "Add user", upn);
        Map<String, Object> out = userJson(u);
        out.put("totpEnrollment", Map.of("secret", Base32.encode(secret), "uri", Totp.uri("Kerbridge " + tenant.domains().get(0), upn, secret)));
        return Reply.created(out);
    }

    private Reply updateUser(Call c) throws ApiException {
        UpdateUser req = bind(c.body(), UpdateUser.class);
        User u = user(c, c.param("id"));
        User n = new User(u.id(), u.tenantId(), u.upn(), req.displayName() != null ? req.displayName() : u.displayName(),
                u.source(), req.accountEnabled() != null ? req.accountEnabled() : u.enabled(), u.onPremisesSamAccountName(),
                u.onPremisesDomainName(), u.onPremisesSecurityIdentifier(), u.passwordLastSet(), u.passwordExpiresOn(),
                u.passwordExpired(), u.createdAt(), clock.instant());
        if (!n.sameContent(u)) {
            if (u.enabled() && !n.enabled() && c.principal().userId().equals(u.id())) {
                throw ApiException.conflict("self_disable", "you cannot disable your own account");
            }
            store.users().update(n);
            changed(c, AuditLog.USERS, u.enabled() && !n.enabled() ? "Disable account"
                    : !u.enabled() && n.enabled() ? "Enable account" : "Update user", u.upn());
        }
        return Reply.ok(userJson(n));
    }

    /**
     * Enrols (or replaces) a user's TOTP second factor, e.g. for a synced user, who has none: a fresh secret,
     * sealed like at user creation, returned once. Codes of the previous secret stop working at once.
     */
    private Reply enrollTotp(Call c) throws ApiException {
        if (c.body() != null && !(c.body().isObject() && c.body().isEmpty())) {
            throw ApiException.badRequest("invalid_body", "this call takes no request body");
        }
        User u = user(c, c.param("id"));
        byte[] secret = new byte[Totp.SECRET_BYTES];
        random.nextBytes(secret);
        if (!store.users().replaceTotp(u.id(), master.seal(secret, "totp:" + u.id()))) {
            throw ApiException.notFound("no such user: " + c.param("id"));
        }
        changed(c, AuditLog.USERS, "Register authentication method", u.upn() + " (totp)");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", u.id());
        out.put("userPrincipalName", u.upn());
        out.put("method", "totp");
        out.put("secret", Base32.encode(secret));
        out.put("uri", Totp.uri("Kerbridge " + c.tenantOrThrow().domains().get(0), u.upn(), secret));
        return Reply.created(out);
    }

    /** Idempotent upsert of a user synced from an on-premises domain, keyed by its SID. */
    private Reply upsertSynced(Call c) throws ApiException {
        String sid = c.param("sid").toUpperCase(Locale.ROOT);
        if (!sid.matches(SID)) {
            throw ApiException.badRequest("invalid_sid", "'" + c.param("sid") + "' is not a security identifier (S-1-5-21-...)");
        }
        SyncedUser req = bind(c.body(), SyncedUser.class);
        Tenant tenant = c.tenantOrThrow();
        String upn = checkUpn(tenant, require(req.userPrincipalName(), "userPrincipalName"));
        String sam = require(req.onPremisesSamAccountName(), "onPremisesSamAccountName");
        String domain = require(req.onPremisesDomainName(), "onPremisesDomainName").toLowerCase(Locale.ROOT);
        Optional<Instant> lastSet = time(req.passwordLastSet(), "passwordLastSet");
        Optional<Instant> expires = time(req.passwordExpiresOn(), "passwordExpiresOn");
        Instant now = clock.instant();
        boolean expired = Boolean.TRUE.equals(req.passwordExpired()) || expires.map(e -> !now.isBefore(e)).orElse(false);
        if (req.passwordHashSync() != null && !io.kerbridge.kerberos.phs.PasswordHashSync.wellFormed(req.passwordHashSync())) {
            throw ApiException.badRequest("invalid_password_hash", "passwordHashSync is not a kerberos-phs verifier");
        }
        Optional<User> existing = store.users().findBySid(tenant.id(), sid);
        Optional<User> byUpn = store.users().find(tenant.id(), upn);
        if (byUpn.isPresent() && existing.map(e -> !e.id().equals(byUpn.get().id())).orElse(true)) {
            throw ApiException.conflict("upn_in_use", "another user already has the UPN " + upn);
        }
        String id = existing.map(User::id).orElse(UUID.randomUUID().toString());
        User n = new User(id, tenant.id(), upn, Optional.ofNullable(req.displayName()).filter(s -> !s.isBlank()).orElse(sam),
                User.Source.SYNCED, req.accountEnabled() == null || req.accountEnabled(), Optional.of(sam), Optional.of(domain),
                Optional.of(sid), lastSet, expires, expired, existing.map(User::createdAt).orElse(now), now);
        Optional<String> phs = Optional.ofNullable(req.passwordHashSync());
        if (existing.isEmpty()) {
            store.users().insert(n, phs, Optional.empty());
            changed(c, AuditLog.USERS, "Add user (synced)", upn + " " + sid);
            return Reply.created(userJson(n));
        }
        User old = existing.get();
        if (phs.isPresent()) {
            store.users().setPasswordHash(old.id(), phs.get());
            changed(c, AuditLog.USERS, "Update password hash (synced)", upn + " " + sid);
        }
        if (old.sameContent(n)) {
            return Reply.ok(userJson(old));
        }
        store.users().update(n);
        changed(c, AuditLog.USERS, old.enabled() && !n.enabled() ? "Disable account (synced)" : "Update user (synced)",
                upn + " " + sid);
        return Reply.ok(userJson(n));
    }

    private String checkUpn(Tenant tenant, String upn) throws ApiException {
        int at = upn.lastIndexOf('@');
        if (at <= 0 || at == upn.length() - 1 || upn.length() > 256 || !upn.matches("[^\\s@]+@[A-Za-z0-9.-]+")) {
            throw ApiException.badRequest("invalid_upn", "'" + upn + "' is not a user principal name (name@domain)");
        }
        String domain = upn.substring(at + 1).toLowerCase(Locale.ROOT);
        if (!tenant.domains().contains(domain)) {
            throw ApiException.badRequest("unverified_domain", "the domain " + domain + " is not a verified domain of the tenant "
                    + tenant.domains());
        }
        return upn.substring(0, at) + "@" + domain;
    }

    private static Optional<Instant> time(String s, String field) throws ApiException {
        if (s == null || s.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_field", "field '" + field + "' must be an ISO-8601 instant (2026-01-31T12:00:00Z)");
        }
    }

    private User user(Call c, String idOrUpn) throws ApiException {
        return store.users().find(c.tenantOrThrow().id(), idOrUpn)
                .orElseThrow(() -> ApiException.notFound("no such user: " + idOrUpn));
    }

    Map<String, Object> userJson(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("userPrincipalName", u.upn());
        m.put("displayName", u.displayName());
        m.put("source", u.source().wire());
        m.put("accountEnabled", u.enabled());
        m.put("onPremisesSyncEnabled", u.source() == User.Source.SYNCED);
        m.put("onPremisesSamAccountName", u.onPremisesSamAccountName().orElse(null));
        m.put("onPremisesDomainName", u.onPremisesDomainName().orElse(null));
        m.put("onPremisesSecurityIdentifier", u.onPremisesSecurityIdentifier().orElse(null));
        Map<String, Object> pw = new LinkedHashMap<>();
        pw.put("lastSetOn", u.passwordLastSet().map(Instant::toString).orElse(null));
        pw.put("expiresOn", u.passwordExpiresOn().map(Instant::toString).orElse(null));
        pw.put("expired", u.passwordExpired() || u.passwordExpiresOn().map(e -> !clock.instant().isBefore(e)).orElse(false));
        m.put("passwordPolicy", pw);
        m.put("roles", store.roles().of(u.id()).stream().map(Role::key).sorted().toList());
        m.put("createdOn", u.createdAt().toString());
        m.put("updatedOn", u.updatedAt().toString());
        return m;
    }

    // ---- groups

    private Reply listGroups(Call c) {
        return Reply.ok(Map.of("value", store.groups().list(c.tenantOrThrow().id()).stream().map(g -> groupJson(g, false)).toList()));
    }

    private Reply createGroup(Call c) throws ApiException {
        CreateGroup req = bind(c.body(), CreateGroup.class);
        String name = require(req.displayName(), "displayName");
        if (name.length() > 256) {
            throw ApiException.badRequest("invalid_field", "displayName is over 256 characters");
        }
        if (store.groups().find(c.tenantOrThrow().id(), name).isPresent()) {
            throw ApiException.conflict("name_in_use", "a group " + name + " already exists");
        }
        Group g = new Group(UUID.randomUUID().toString(), c.tenantOrThrow().id(), name, Optional.ofNullable(req.description()),
                clock.instant());
        store.groups().insert(g);
        changed(c, AuditLog.GROUPS, "Add group", name);
        return Reply.created(groupJson(g, true));
    }

    private Reply groupMember(Call c, boolean add) throws ApiException {
        Group g = group(c, c.param("id"));
        if (g.synced()) {
            throw ApiException.conflict("synced_object", g.displayName() + " is synced from the on-premises domain "
                    + g.onPremises().get().domainName() + "; change its members there and let the sync agent copy them");
        }
        User u = user(c, c.param("userId"));
        boolean changed = add ? store.groups().addMember(g.id(), u.id()) : store.groups().removeMember(g.id(), u.id());
        if (!add && !changed) {
            throw ApiException.notFound(u.upn() + " is not a member of " + g.displayName());
        }
        if (changed) {
            changed(c, AuditLog.GROUPS, add ? "Add member to group" : "Remove member from group", g.displayName() + " <- " + u.upn());
        }
        return Reply.ok(groupJson(g, true));
    }

    private Group group(Call c, String idOrName) throws ApiException {
        return store.groups().find(c.tenantOrThrow().id(), idOrName)
                .orElseThrow(() -> ApiException.notFound("no such group: " + idOrName));
    }

    private Map<String, Object> groupJson(Group g, boolean members) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id());
        m.put("displayName", g.displayName());
        m.put("description", g.description().orElse(null));
        m.put("createdOn", g.createdAt().toString());
        m.put("source", g.synced() ? "synced" : "cloud");
        g.onPremises().ifPresent(o -> {
            m.put("onPremisesSecurityIdentifier", o.securityIdentifier());
            m.put("onPremisesSamAccountName", o.samAccountName());
            m.put("onPremisesDomainName", o.domainName());
        });
        if (members) {
            m.put("members", store.groups().members(g.id()));
        }
        return m;
    }

    // ---- roles

    private Reply listRoles(Call c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Role r : Role.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.key());
            m.put("displayName", r.displayName());
            m.put("templateId", r.templateId());
            m.put("members", store.roles().holders(c.tenantOrThrow().id(), r));
            out.add(m);
        }
        return Reply.ok(Map.of("value", out));
    }

    private Reply roleMember(Call c, boolean add) throws ApiException {
        Role role = Role.parse(c.param("role")).orElseThrow(() -> ApiException.notFound("no such role: " + c.param("role")));
        User u = user(c, c.param("userId"));
        if (add) {
            if (store.roles().assign(u.id(), role)) {
                changed(c, AuditLog.ROLES, "Add member to role", role.displayName() + " <- " + u.upn());
            }
        } else {
            if (role == Role.GLOBAL_ADMINISTRATOR && store.roles().holders(u.tenantId(), role).equals(List.of(u.id()))) {
                throw ApiException.conflict("last_global_admin", "cannot remove the last Global Administrator");
            }
            if (!store.roles().unassign(u.id(), role)) {
                throw ApiException.notFound(u.upn() + " does not hold " + role.displayName());
            }
            changed(c, AuditLog.ROLES, "Remove member from role", role.displayName() + " <- " + u.upn());
        }
        return Reply.ok(Map.of("role", role.key(), "members", store.roles().holders(u.tenantId(), role)));
    }

    // ---- audit

    private Reply queryAudit(Call c) throws ApiException {
        int limit = intParam(c, "limit", 100, 1, 1000);
        long before = c.query().containsKey("before") ? intParam(c, "before", 0, 1, Integer.MAX_VALUE) : Long.MAX_VALUE;
        List<AuditEvent> events = store.audit().query(c.tenantOrThrow().id(), Optional.ofNullable(c.query().get("category")),
                before, limit);
        return Reply.ok(Map.of("value", events.stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("time", e.at().toString());
            m.put("category", e.category());
            m.put("activity", e.activity());
            m.put("actor", e.actor());
            m.put("target", e.target());
            m.put("result", e.result());
            m.put("statusCode", e.statusCode());
            m.put("detail", e.detail().orElse(null));
            return m;
        }).toList()));
    }

    private static int intParam(Call c, String name, int dflt, int min, int max) throws ApiException {
        String v = c.query().get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_query", "'" + name + "' must be a number from " + min + " to " + max);
        }
    }

    private void changed(Call c, String category, String activity, String target) {
        audit.change(c.tenantOrThrow().id(), category, activity, c.principal().upn(), target);
        metrics.inc("kerbridge_cloud_management_changes_total");
    }

    static Map<String, Object> tenantJson(Tenant t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("displayName", t.displayName());
        m.put("verifiedDomains", t.domains());
        m.put("createdOn", t.createdAt().toString());
        return m;
    }
}
