package io.kerbridge.cli.lab;

import io.kerbridge.cli.CliError;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code lab down} and {@code lab status}. */
final class LabControl {
    private LabControl() {}

    private static LabState state(LabLayout l) throws IOException {
        if (!LabState.exists(l)) {
            throw new CliError("no lab in " + l.dir() + " (create one with kerbridge lab up --dir " + l.dir() + ")");
        }
        return LabState.load(l);
    }

    private static List<LabService> services(LabLayout l, LabState s) {
        return LabService.all(l, s.ports(), new LabCloud(l, s).url(), LabConfigFiles.filesUrl(s.ports()));
    }

    /** Stops every service the lab started, newest first, each by its pid; waits until each process is gone. */
    static int down(LabLayout l, PrintWriter out) throws IOException {
        LabState s = state(l);
        try (LabLock lock = LabLock.take(l)) {
            LabProcesses procs = new LabProcesses(l);
            List<LabService> all = new ArrayList<>(services(l, s));
            java.util.Collections.reverse(all);
            int stopped = 0;
            // SIGTERM to all at once (they shut down in parallel), then wait for each
            java.util.Map<String, Optional<ProcessHandle>> handles = new java.util.HashMap<>();
            for (LabService x : all) {
                Optional<ProcessHandle> h = procs.running(x);
                h.ifPresent(ProcessHandle::destroy);
                handles.put(x.name(), h);
            }
            for (LabService x : all) {
                String how = procs.stop(x, handles.get(x.name()));
                if (!how.equals("not running")) {
                    stopped++;
                }
                out.println("[lab] " + x.name() + ": " + how);
                out.flush();
            }
            procs.removeAppCopies();
            out.println("[lab] " + (stopped == 0 ? "nothing was running" : "stopped " + stopped + " service" + (stopped == 1 ? "" : "s"))
                    + "; the lab's data stays in " + l.dir() + " (kerbridge lab up starts it again)");
        }
        return 0;
    }

    /** One line per service: name, pid, up/down (process alive and its health check passing), address. */
    static int status(LabLayout l, PrintWriter out, boolean json) throws IOException {
        LabState s = state(l);
        LabProcesses procs = new LabProcesses(l);
        List<String[]> rows = new ArrayList<>();
        ArrayNode arr = LabState.JSON.createArrayNode();
        boolean allUp = true;
        List<LabService> all = services(l, s);
        java.util.Map<String, Optional<String>> health = LabHealth.checkAll(l, s.ports(), all);
        for (LabService x : all) {
            Optional<ProcessHandle> h = procs.running(x);
            String st;
            Optional<String> problem = Optional.empty();
            if (h.isEmpty()) {
                st = "down";
            } else {
                problem = health.get(x.name());
                st = problem.isEmpty() ? "up" : "unhealthy";
            }
            allUp &= st.equals("up");
            String pid = h.map(p -> Long.toString(p.pid())).orElse("-");
            rows.add(new String[] {x.name(), pid, st, x.address() + problem.map(p -> "  (" + p + ")").orElse("")});
            ObjectNode o = arr.addObject();
            o.put("name", x.name());
            if (h.isPresent()) {
                o.put("pid", h.get().pid());
            } else {
                o.putNull("pid");
            }
            o.put("state", st);
            o.put("address", x.address());
            o.put("log", l.log(x.name()).toString());
            problem.ifPresent(p -> o.put("problem", p));
        }
        if (json) {
            ObjectNode n = LabState.JSON.createObjectNode();
            n.put("dir", l.dir().toString());
            n.put("up", allUp);
            n.set("services", arr);
            out.println(LabState.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
        } else {
            out.printf("%-11s %-8s %-10s %s%n", "SERVICE", "PID", "STATE", "ADDRESS");
            for (String[] r : rows) {
                out.printf("%-11s %-8s %-10s %s%n", r[0], r[1], r[2], r[3]);
            }
            out.println(allUp ? "The lab in " + l.dir() + " is up." : "Not everything is up: kerbridge lab up --dir " + l.dir()
                    + " starts what is not running.");
        }
        out.flush();
        return allUp ? 0 : 3;
    }
}
