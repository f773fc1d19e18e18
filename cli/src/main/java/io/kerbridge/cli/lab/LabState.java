package io.kerbridge.cli.lab;

import io.kerbridge.cli.CliError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code lab up} remembers between runs, in {@code DIR/.lab/state.json} (0600): the ports chosen when the lab was
 * created, the steps already done (so a second {@code up} only starts what is not running, and an interrupted one
 * resumes), a few identifiers, and the last one-time-code step used per TOTP secret (codes are single-use, and
 * {@code up} and {@code walkthrough} run in different processes).
 */
final class LabState {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int VERSION = 1;

    private final Path file;
    private final LabPorts ports;
    private final List<String> done;
    private final Map<String, String> values;
    private final Map<String, Long> totpSteps;

    private LabState(Path file, LabPorts ports, List<String> done, Map<String, String> values, Map<String, Long> totpSteps) {
        this.file = file;
        this.ports = ports;
        this.done = done;
        this.values = values;
        this.totpSteps = totpSteps;
    }

    static boolean exists(LabLayout l) {
        return Files.exists(l.stateFile());
    }

    static LabState create(LabLayout l, LabPorts ports) throws IOException {
        LabState s = new LabState(l.stateFile(), ports, new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        s.save();
        return s;
    }

    static LabState load(LabLayout l) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(Files.readString(l.stateFile()));
        } catch (JacksonException e) {
            throw new CliError(l.stateFile() + " is damaged (" + e.getOriginalMessage() + "); remove " + l.dir() + " and run lab up again");
        }
        if (n.path("version").asInt(0) != VERSION) {
            throw new CliError(l.stateFile() + " is from another version of the lab; remove " + l.dir() + " and run lab up again");
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        n.path("ports").properties().forEach(e -> ports.put(e.getKey(), e.getValue().asInt()));
        List<String> done = new ArrayList<>();
        n.path("done").forEach(x -> done.add(x.asString()));
        Map<String, String> values = new LinkedHashMap<>();
        n.path("values").properties().forEach(e -> values.put(e.getKey(), e.getValue().asString()));
        Map<String, Long> steps = new LinkedHashMap<>();
        n.path("totpSteps").properties().forEach(e -> steps.put(e.getKey(), e.getValue().asLong()));
        return new LabState(l.stateFile(), new LabPorts(ports), done, values, steps);
    }

    LabPorts ports() {
        return ports;
    }

    boolean isDone(String step) {
        return done.contains(step);
    }

    void markDone(String step) throws IOException {
        if (!done.contains(step)) {
            done.add(step);
            save();
        }
    }

    String value(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new CliError("the lab state lacks '" + key + "'; remove " + file.getParent().getParent() + " and run lab up again");
        }
        return v;
    }

    void put(String key, String value) throws IOException {
        values.put(key, value);
        save();
    }

    long lastTotpStep(String secretName) {
        return totpSteps.getOrDefault(secretName, Long.MIN_VALUE);
    }

    void totpStepUsed(String secretName, long step) throws IOException {
        totpSteps.put(secretName, step);
        save();
    }

    synchronized void save() throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", VERSION);
        ObjectNode p = n.putObject("ports");
        ports.ports().forEach(p::put);
        var d = n.putArray("done");
        done.forEach(d::add);
        ObjectNode v = n.putObject("values");
        values.forEach(v::put);
        ObjectNode t = n.putObject("totpSteps");
        totpSteps.forEach(t::put);
        LabFiles.writePrivate(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
    }
}
