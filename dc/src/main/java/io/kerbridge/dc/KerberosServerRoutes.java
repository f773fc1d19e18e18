package io.kerbridge.dc;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.DirectoryException;
import io.kerbridge.directory.Group;
import io.kerbridge.directory.GroupAdmin;
import io.kerbridge.directory.KerberosServer;
import io.kerbridge.directory.KerberosServerAdmin;
import io.kerbridge.directory.KerberosServerKey;
import io.kerbridge.directory.UserAdmin;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The AD half of Set/Get/Remove-AzureADKerberosServer (protocol-notes §1.2-§1.5) over the admin API.
 * Everything, reads included, is for Domain Admins: the module itself runs with Domain Admin
 * credentials, and create/rotate answer with the key (over TLS, once; never in a GET, never logged).
 *
 * <pre>
 * POST   /api/v1/kerberos-server                {"id": n}? -> object + key      (409 if one exists)
 * GET    /api/v1/kerberos-server                -> object                       (404 if none)
 * POST   /api/v1/kerberos-server/rotate         {"force": true}? -> object + key (409 within 24 h of the last key)
 * PUT    /api/v1/kerberos-server/reveal-policy  {"neverReveal": [..], "revealOnDemand": [..]} -> object
 * DELETE /api/v1/kerberos-server                -> 204
 * </pre>
 * Object fields are named as Get-AzureADKerberosServer prints them ({@code Id}, {@code UserAccount},
 * {@code ComputerAccount}, {@code DisplayName}, {@code DomainDnsName}, {@code KeyVersion},
 * {@code KeyUpdatedOn}, {@code KeyUpdatedFrom}), then {@code kvno} (the ticket kvno,
 * {@code Id << 16 | KeyVersion & 0xFFFF}, unsigned), {@code partialSecrets}, {@code neverReveal} and
 * {@code revealOnDemand} ({@code [{"sid", "name"}]}) and {@code serviceConnectionPoint}
 * ({@code {"dn", "keywords"}}); create and rotate add {@code "key": {"etype": 18, "value": base64}}.
 */
public final class KerberosServerRoutes {
    private static final Logger AUDIT = LoggerFactory.getLogger("kerbridge.audit.admin");
    /** Set-AzureADKerberosServer -RotateServerKey: once per 24 h unless forced (notes §1.5). */
    static final Duration MIN_ROTATION_INTERVAL = Duration.ofHours(24);
    static final String BASE = "/api/v1/kerberos-server";

    private final KerberosServerAdmin servers;
    private final UserAdmin users;
    private final GroupAdmin groups;
    private final String hostName;
    private final Clock clock;

    /** @param hostName this DC's host name, recorded as KeyUpdatedFrom */
    public KerberosServerRoutes(KerberosServerAdmin servers, UserAdmin users, GroupAdmin groups, String hostName,
            Clock clock) {
        this.servers = servers;
        this.users = users;
        this.groups = groups;
        this.hostName = hostName;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.post(BASE, (c, p, b) -> create(c, b)),
                Route.adminGet(BASE, (c, p, b) -> object(current())),
                Route.post(BASE + "/rotate", (c, p, b) -> rotate(c, b)),
                Route.put(BASE + "/reveal-policy", (c, p, b) -> revealPolicy(c, b)),
                Route.delete(BASE, (c, p, b) -> remove(c)));
    }

    private Object create(Caller caller, JsonNode b) throws ApiException {
        Optional<Integer> id = b.hasNonNull("id") ? Optional.of(b.get("id").asInt()) : Optional.empty();
        KerberosServerKey k = guard(() -> servers.create(hostName, id));
        audit("CREATE", caller, k.server());
        return keyed(k);
    }

    private Object rotate(Caller caller, JsonNode b) throws ApiException {
        KerberosServer s = current();
        boolean force = b.path("force").asBoolean(false);
        Instant next = s.keyUpdatedOn().plus(MIN_ROTATION_INTERVAL);
        if (!force && clock.instant().isBefore(next)) {
            throw ApiException.conflict("the key was set at " + time(s.keyUpdatedOn()) + "; rotate at most once per 24 h"
                    + " (the cloud needs hours to take a new key), or force it");
        }
        KerberosServerKey k = guard(() -> servers.rotate(hostName));
        audit("ROTATE" + (force ? " (forced)" : ""), caller, k.server());
        return keyed(k);
    }

    private Object revealPolicy(Caller caller, JsonNode b) throws ApiException {
        KerberosServer s = current();
        List<Sid> never = b.has("neverReveal") ? sids(b.get("neverReveal"), "neverReveal") : s.neverReveal();
        List<Sid> onDemand = b.has("revealOnDemand") ? sids(b.get("revealOnDemand"), "revealOnDemand")
                : s.revealOnDemand();
        KerberosServer changed = guard(() -> servers.setRevealPolicy(never, onDemand));
        AUDIT.info("KERBEROS-SERVER REVEAL-POLICY Id={} neverReveal={} revealOnDemand={} by {}", changed.id(),
                changed.neverReveal(), changed.revealOnDemand(), caller.principal());
        return object(changed);
    }

    private Object remove(Caller caller) throws ApiException {
        KerberosServer s = current();
        guard(() -> {
            servers.remove();
            return null;
        });
        AUDIT.info("KERBEROS-SERVER REMOVE Id={} by {}", s.id(), caller.principal());
        return null;
    }

    private KerberosServer current() throws ApiException {
        return servers.get().orElseThrow(() -> ApiException.notFound("the domain has no Kerberos server object"
                + " (create one with POST " + BASE + ")"));
    }

    private static void audit(String what, Caller caller, KerberosServer s) {
        AUDIT.info("KERBEROS-SERVER {} Id={} KeyVersion={} kvno={} from {} by {}", what, s.id(), s.keyVersion(),
                s.kvno(), s.keyUpdatedFrom(), caller.principal());
    }

    // ---- JSON ------------------------------------------------------------------------------------

    private Map<String, Object> keyed(KerberosServerKey k) {
        Map<String, Object> m = object(k.server());
        EncryptionKey key = k.aes256();
        Map<String, Object> km = new LinkedHashMap<>();
        km.put("etype", key.type().value());
        byte[] raw = key.bytes();
        try {
            km.put("value", Base64.getEncoder().encodeToString(raw));
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
        m.put("key", km);
        return m;
    }

    Map<String, Object> object(KerberosServer s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", s.id());
        m.put("UserAccount", s.userAccount());
        m.put("ComputerAccount", s.computerAccount());
        m.put("DisplayName", s.displayName());
        m.put("DomainDnsName", s.domainDnsName());
        m.put("KeyVersion", s.keyVersion());
        m.put("KeyUpdatedOn", time(s.keyUpdatedOn()));
        m.put("KeyUpdatedFrom", s.keyUpdatedFrom());
        m.put("kvno", s.kvno());
        m.put("partialSecrets", s.partialSecrets());
        m.put("neverReveal", named(s.neverReveal()));
        m.put("revealOnDemand", named(s.revealOnDemand()));
        m.put("serviceConnectionPoint", Map.of("dn", s.serviceConnectionPoint(), "keywords", s.scpKeywords()));
        return m;
    }

    private List<Object> named(List<Sid> sids) {
        List<Object> out = new ArrayList<>();
        for (Sid sid : sids) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sid", sid.toString());
            groups.get(sid).map(Group::name).or(() -> users.get(sid).map(Account::samAccountName))
                    .ifPresent(n -> m.put("name", n));
            out.add(m);
        }
        return out;
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** SIDs, or names of groups and accounts of this domain ({@code BUILTIN\} prefixes allowed). */
    private List<Sid> sids(JsonNode list, String field) throws ApiException {
        if (!list.isArray()) {
            throw ApiException.badRequest(field + " must be a list of SIDs or group names");
        }
        List<Sid> out = new ArrayList<>();
        for (JsonNode n : list) {
            String v = n.asString("").trim();
            Sid sid;
            if (v.startsWith("S-1-")) {
                try {
                    sid = Sid.parse(v);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(field + ": not a SID: " + v);
                }
            } else {
                String name = v.regionMatches(true, 0, "BUILTIN\\", 0, 8) ? v.substring(8) : v;
                sid = groups.find(name).map(Group::sid).or(() -> users.find(name).map(Account::sid))
                        .orElseThrow(() -> ApiException.badRequest(field + ": no group or account named " + v));
            }
            if (!out.contains(sid)) {
                out.add(sid);
            }
        }
        return out;
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
