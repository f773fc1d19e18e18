package io.kerbridge.cli;

import io.kerbridge.cloud.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What {@code kerbridge sync} last sent to one tenant: per on-premises SID (users, and groups under
 * {@code groups}) the hash of the upsert body, and the body itself (UPN, names, password times; no secrets) so that a user deleted on-premises can
 * still be disabled in the cloud. Kept as 0600 JSON; written atomically after every run, also a failed one.
 */
final class SyncState {
    static final int VERSION = 1;

    /** One synced user: the body last accepted by the cloud, its hash, and whether it is gone on-premises. */
    record Entry(String hash, Map<String, Object> user, boolean deleted) {}

    private final Path file;
    private final String cloud;
    private final String tenant;
    private final Map<String, Entry> users = new TreeMap<>();
    private final Map<String, Entry> groups = new TreeMap<>();

    private SyncState(Path file, String cloud, String tenant) {
        this.file = file;
        this.cloud = cloud;
        this.tenant = tenant;
    }

    static Path defaultFile(String tenant) {
        return Path.of(System.getProperty("user.home"), ".kerbridge", "sync-" + tenant.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    /** Reads the state for (cloud, tenant); an absent file is an empty state; a file for another tenant is refused. */
    static SyncState load(Path file, String cloud, String tenant) throws IOException {
        SyncState s = new SyncState(file, cloud, tenant);
        if (!Files.exists(file)) {
            return s;
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new CliError(file + " is not a sync state file (remove it to start a full sync)");
        }
        if (n.path("version").asInt() != VERSION || !n.path("users").isObject()) {
            throw new CliError(file + " is not a sync state file of version " + VERSION + " (remove it to start a full sync)");
        }
        if (!tenant.equals(n.path("tenant").asString("")) || !cloud.equals(n.path("cloud").asString(""))) {
            throw new CliError(file + " records a sync to tenant " + n.path("tenant").asString("?") + " at "
                    + n.path("cloud").asString("?") + ", not " + tenant + " at " + cloud + "; give another --state");
        }
        readEntries(n.get("users"), "user", s.users);
        if (n.path("groups").isObject()) { // absent in files written before group sync
            readEntries(n.get("groups"), "group", s.groups);
        }
        return s;
    }

    private static void readEntries(JsonNode node, String field, Map<String, Entry> into) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode u = e.getValue();
            @SuppressWarnings("unchecked")
            Map<String, Object> body = Json.MAPPER.convertValue(u.path(field), LinkedHashMap.class);
            into.put(e.getKey(), new Entry(u.path("hash").asString(""), body, u.path("deleted").asBoolean(false)));
        }
    }

    Map<String, Entry> users() {
        return users;
    }

    /** Synced groups by SID; a group deleted on-premises (and in the cloud) is dropped from here. */
    Map<String, Entry> groups() {
        return groups;
    }

    void putGroup(String sid, Map<String, Object> body) {
        groups.put(sid, new Entry(hash(body), body, false));
    }

    void put(String sid, Map<String, Object> body, boolean deleted) {
        users.put(sid, new Entry(hash(body), body, deleted));
    }

    Path file() {
        return file;
    }

    void save() throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", VERSION);
        out.put("cloud", cloud);
        out.put("tenant", tenant);
        Map<String, Object> us = new LinkedHashMap<>();
        users.forEach((sid, e) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hash", e.hash());
            m.put("deleted", e.deleted());
            m.put("user", e.user());
            us.put(sid, m);
        });
        out.put("users", us);
        Map<String, Object> gs = new LinkedHashMap<>();
        groups.forEach((sid, e) -> gs.put(sid, Map.of("hash", e.hash(), "deleted", false, "group", e.user())));
        out.put("groups", gs);
        CloudCommand.writePrivate(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(out));
    }

    /** SHA-256 over the body's JSON with its keys in a fixed (sorted) order. */
    static String hash(Map<String, Object> body) {
        try {
            byte[] canonical = Json.MAPPER.writeValueAsString(new TreeMap<>(body)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
