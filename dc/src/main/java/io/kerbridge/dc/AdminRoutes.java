package io.kerbridge.dc;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.DirectoryException;
import io.kerbridge.directory.DomainAdmin;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.Group;
import io.kerbridge.directory.GroupAdmin;
import io.kerbridge.directory.GroupScope;
import io.kerbridge.directory.KeytabExport;
import io.kerbridge.directory.Memberships;
import io.kerbridge.directory.NewAccount;
import io.kerbridge.directory.PasswordChange;
import io.kerbridge.directory.SpnAdmin;
import io.kerbridge.directory.UserAdmin;
import io.kerbridge.kerberos.pac.Sid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The admin API's endpoints over the directory's admin interfaces: users and computers, passwords,
 * lockout, groups and memberships, SPNs, keytab export and the domain policy. Names in paths are
 * sAMAccountNames (users, computers) or group names.
 */
public final class AdminRoutes {
    private final DomainAdmin domain;
    private final UserAdmin users;
    private final GroupAdmin groups;
    private final Memberships memberships;
    private final SpnAdmin spns;
    private final PasswordChange passwords;
    private final KeytabExport keytabs;

    public AdminRoutes(DomainAdmin domain, UserAdmin users, GroupAdmin groups, Memberships memberships, SpnAdmin spns,
            PasswordChange passwords, KeytabExport keytabs) {
        this.domain = domain;
        this.users = users;
        this.groups = groups;
        this.memberships = memberships;
        this.spns = spns;
        this.passwords = passwords;
        this.keytabs = keytabs;
    }

    public List<Route> routes() {
        return List.of(
                Route.get("/api/v1/domain", (c, p, b) -> DirectoryJson.domain(domain.domain(), domain.policy())),
                Route.put("/api/v1/domain/policy", (c, p, b) -> setPolicy(b)),
                Route.get("/api/v1/users", (c, p, b) -> users.list().stream().map(this::account).toList()),
                Route.post("/api/v1/users", (c, p, b) -> account(create(b))),
                Route.get("/api/v1/users/{name}", (c, p, b) -> account(user(p.get("name")))),
                Route.delete("/api/v1/users/{name}", (c, p, b) -> run(() -> users.delete(user(p.get("name")).sid()))),
                Route.post("/api/v1/users/{name}/password", (c, p, b) -> setPassword(user(p.get("name")), b)),
                Route.post("/api/v1/users/{name}/unlock", (c, p, b) -> run(() -> users.unlock(user(p.get("name")).sid()))),
                Route.post("/api/v1/users/{name}/enable", (c, p, b) -> run(() -> users.setEnabled(user(p.get("name")).sid(), true))),
                Route.post("/api/v1/users/{name}/disable", (c, p, b) -> run(() -> users.setEnabled(user(p.get("name")).sid(), false))),
                Route.get("/api/v1/users/{name}/groups", (c, p, b) -> memberships.directGroups(user(p.get("name")).sid())
                        .stream().map(DirectoryJson::group).toList()),
                Route.post("/api/v1/users/{name}/spns", (c, p, b) -> run(() -> spns.add(user(p.get("name")).sid(), text(b, "spn")))),
                Route.delete("/api/v1/users/{name}/spns/{spn}", (c, p, b) -> run(() -> spns.remove(user(p.get("name")).sid(), p.get("spn")))),
                Route.post("/api/v1/users/{name}/keytab", (c, p, b) -> keytab(user(p.get("name")))),
                Route.post("/api/v1/users/{name}/password-hash-sync", (c, p, b) -> passwordHashSync(user(p.get("name")))),
                Route.get("/api/v1/groups", (c, p, b) -> groups.list().stream().map(DirectoryJson::group).toList()),
                Route.post("/api/v1/groups", (c, p, b) -> DirectoryJson.group(createGroup(b))),
                Route.get("/api/v1/groups/{name}", (c, p, b) -> DirectoryJson.group(group(p.get("name")))),
                Route.delete("/api/v1/groups/{name}", (c, p, b) -> run(() -> groups.delete(group(p.get("name")).sid()))),
                Route.get("/api/v1/groups/{name}/members", (c, p, b) -> members(group(p.get("name")))),
                Route.post("/api/v1/groups/{name}/members", (c, p, b) -> run(() -> groups.addMember(group(p.get("name")).sid(),
                        principalSid(text(b, "member"))))),
                Route.delete("/api/v1/groups/{name}/members/{member}", (c, p, b) -> run(() -> groups.removeMember(
                        group(p.get("name")).sid(), principalSid(p.get("member"))))));
    }

    // ---- handlers ------------------------------------------------------------------------------

    private Account create(JsonNode b) throws ApiException {
        String name = text(b, "name");
        boolean computer = b.path("computer").asBoolean(false) || name.endsWith("$");
        NewAccount n = computer ? NewAccount.computer(name) : NewAccount.user(name, password(b));
        if (computer && b.has("password")) {
            n = n.withPassword(password(b));
        }
        if (b.hasNonNull("upn")) {
            n = n.withUpn(b.get("upn").asString());
        }
        if (b.hasNonNull("displayName")) {
            n = n.withDisplayName(b.get("displayName").asString());
        }
        if (b.path("mustChangePassword").asBoolean(false)) {
            n = n.withMustChangePassword(true);
        }
        if (b.has("spns")) {
            List<String> list = new ArrayList<>();
            b.get("spns").forEach(s -> list.add(s.asString()));
            n = n.withSpns(list.toArray(String[]::new));
        }
        NewAccount request = n;
        return guard(() -> users.create(request));
    }

    private Object setPassword(Account a, JsonNode b) throws ApiException {
        PasswordChange.Result r = passwords.set(a.sid(), password(b), b.path("mustChangePassword").asBoolean(false));
        if (r != PasswordChange.Result.OK) {
            throw ApiException.badRequest("the password was not set: " + DirectoryJson.describe(r));
        }
        return null;
    }

    /**
     * The password hash sync verifier of the account's current aes256 key (kerberos module {@code PasswordHashSync}):
     * what the sync agent sends to the cloud so that the user can sign in there with the on-premises password.
     * Domain Admins only (a POST, like the keytab export); the key itself never leaves.
     */
    private Object passwordHashSync(Account a) throws ApiException {
        var keys = guard(() -> keytabs.export(a.sid())).entries().stream()
                .filter(e -> e.principal().equals(io.kerbridge.kerberos.types.PrincipalName.user(a.samAccountName())))
                .filter(e -> e.key().type().equals(io.kerbridge.kerberos.types.EncType.AES256_CTS_HMAC_SHA1_96))
                .max(java.util.Comparator.comparingInt(io.kerbridge.kerberos.file.KeytabEntry::kvno));
        if (keys.isEmpty()) {
            throw ApiException.conflict(a.samAccountName() + " has no aes256-cts-hmac-sha1-96 key (set its password)");
        }
        String salt = io.kerbridge.directory.KeySalts.forAccount(domain.domain(), a.type(), a.samAccountName());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", a.samAccountName());
        m.put("sid", a.sid().toString());
        m.put("keyVersion", keys.get().kvno());
        m.put("passwordHashSync", io.kerbridge.kerberos.phs.PasswordHashSync.verifier(keys.get().key(), salt, 4096, RANDOM));
        return m;
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private Object keytab(Account a) throws ApiException {
        try {
            Path tmp = Files.createTempFile("kerbridge-keytab", ".kt");
            try {
                guard(() -> {
                    try {
                        keytabs.export(a.sid()).write(tmp);
                    } catch (IOException e) {
                        throw new DirectoryException(DirectoryException.Reason.STORAGE, e.getMessage(), e);
                    }
                    return null;
                });
                return Map.of("account", a.samAccountName(),
                        "keytab", Base64.getEncoder().encodeToString(Files.readAllBytes(tmp)));
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ApiException(500, "cannot write the keytab: " + e.getMessage());
        }
    }

    private Group createGroup(JsonNode b) throws ApiException {
        String scope = b.path("scope").asString("global").toUpperCase(Locale.ROOT).replace('-', '_');
        GroupScope s;
        try {
            s = GroupScope.valueOf(scope);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("scope must be global, universal or domain-local");
        }
        return guard(() -> groups.create(text(b, "name"), s, b.path("description").asString("")));
    }

    private Object members(Group g) {
        List<Object> out = new ArrayList<>();
        for (Sid sid : groups.members(g.sid())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sid", sid.toString());
            users.get(sid).ifPresent(a -> m.put("name", a.samAccountName()));
            groups.get(sid).ifPresent(x -> m.put("name", x.name()));
            out.add(m);
        }
        return out;
    }

    private Object setPolicy(JsonNode b) throws ApiException {
        DomainPolicy p = domain.policy();
        DomainPolicy n = new DomainPolicy(days(b, "maxPasswordAgeDays", p.maxPasswordAge()),
                days(b, "minPasswordAgeDays", p.minPasswordAge()), b.path("minPasswordLength").asInt(p.minPasswordLength()),
                b.path("complexity").asBoolean(p.complexity()), b.path("historyLength").asInt(p.historyLength()),
                b.path("lockoutThreshold").asInt(p.lockoutThreshold()),
                minutes(b, "lockoutWindowMinutes", p.lockoutWindow()),
                minutes(b, "lockoutDurationMinutes", p.lockoutDuration()),
                minutes(b, "maxTicketAgeMinutes", p.maxTicketAge()), minutes(b, "maxServiceAgeMinutes", p.maxServiceAge()),
                minutes(b, "maxRenewAgeMinutes", p.maxRenewAge()), minutes(b, "maxClockSkewMinutes", p.maxClockSkew()));
        guard(() -> {
            domain.setPolicy(n);
            return null;
        });
        return DirectoryJson.domain(domain.domain(), domain.policy());
    }

    // ---- lookups and helpers --------------------------------------------------------------------

    private Map<String, Object> account(Account a) {
        return DirectoryJson.account(a, domain.domain(), domain.policy());
    }

    private Account user(String name) throws ApiException {
        return users.find(name).or(() -> users.find(name + "$"))
                .filter(a -> a.type() == AccountType.USER || a.type() == AccountType.COMPUTER)
                .orElseThrow(() -> ApiException.notFound("no user or computer named " + name));
    }

    private Group group(String name) throws ApiException {
        return groups.find(name).orElseThrow(() -> ApiException.notFound("no group named " + name));
    }

    /** A member given as a SID, an account name or a group name. */
    private Sid principalSid(String name) throws ApiException {
        if (name.startsWith("S-1-")) {
            try {
                return Sid.parse(name);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("not a SID: " + name);
            }
        }
        Optional<Sid> sid = users.find(name).map(Account::sid).or(() -> groups.find(name).map(Group::sid));
        return sid.orElseThrow(() -> ApiException.notFound("no account or group named " + name));
    }

    private static String text(JsonNode b, String field) throws ApiException {
        if (!b.hasNonNull(field) || b.get(field).asString().isBlank()) {
            throw ApiException.badRequest(field + " is required");
        }
        return b.get(field).asString();
    }

    private static char[] password(JsonNode b) throws ApiException {
        return text(b, "password").toCharArray();
    }

    private static Duration days(JsonNode b, String f, Duration dflt) {
        return b.has(f) ? Duration.ofDays(b.get(f).asLong()) : dflt;
    }

    private static Duration minutes(JsonNode b, String f, Duration dflt) {
        return b.has(f) ? Duration.ofMinutes(b.get(f).asLong()) : dflt;
    }

    interface Action {
        void run() throws ApiException;
    }

    private static Object run(Action a) throws ApiException {
        try {
            a.run();
        } catch (DirectoryException e) {
            throw DirectoryJson.toApi(e);
        }
        return null;
    }

    interface Supplier<T> {
        T get() throws ApiException;
    }

    private static <T> T guard(Supplier<T> s) throws ApiException {
        try {
            return s.get();
        } catch (DirectoryException e) {
            throw DirectoryJson.toApi(e);
        }
    }
}
