package io.kerbridge.cli.lab;

import io.kerbridge.cli.CliError;
import io.kerbridge.cli.Kerbridge;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts, finds and stops the lab's service processes. Each runs the same Kerbridge code as the {@code lab} command
 * (the running jar, or this JVM's class path when not run from a jar, as in tests), in a session of its own
 * ({@code setsid}, so a Ctrl-C on the terminal that ran {@code lab up} does not reach it), with standard input from
 * /dev/null and its output appended to its log.
 */
final class LabProcesses {
    /** JVM options for each service: small and quick to start (override with KERBRIDGE_LAB_JAVA_OPTS). */
    static final String DEFAULT_JAVA_OPTS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx384m -XX:-UsePerfData";
    static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private final LabLayout layout;

    LabProcesses(LabLayout layout) {
        this.layout = layout;
    }

    /**
     * The command that runs {@code kerbridge ARGS} in a new JVM. With the default options, each service keeps a class-data
     * sharing archive ({@code -XX:+AutoCreateSharedArchive}, made when it first stops, remade when the code changes) in
     * {@code cds}, which makes later starts quicker.
     */
    List<String> kerbridgeCommand(List<String> args, Path cds) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Optional<String> opts = Optional.ofNullable(System.getenv("KERBRIDGE_LAB_JAVA_OPTS"));
        cmd.addAll(Arrays.stream(opts.orElse(DEFAULT_JAVA_OPTS).strip().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        if (opts.isEmpty() && cds != null) {
            cmd.addAll(List.of("-XX:SharedArchiveFile=" + cds, "-XX:+AutoCreateSharedArchive"));
        }
        Optional<Path> jar = runningJar();
        if (jar.isPresent()) {
            cmd.addAll(List.of("-jar", appCopy(jar.get()).toString()));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Kerbridge.class.getName()));
        }
        cmd.addAll(args);
        return cmd;
    }

    /** The kerbridge jar this process runs from, if it runs from one (not in tests, which run from classes). */
    static Optional<Path> runningJar() {
        try {
            Path code = Path.of(Kerbridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(code) && code.toString().endsWith(".jar") ? Optional.of(code) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A copy of the jar and its {@code lib/} in {@code DIR/.lab/app/<version>/}, which the services run from: the
     * launcher rebuilds {@code cli/target/kerbridge.jar} in place when sources change, and a JVM whose jar is rewritten
     * under it fails when it next loads a class. One directory per build (named by the jar's time and size); those
     * no service uses are removed by {@code lab down}.
     */
    Path appCopy(Path jar) throws IOException {
        Path dir = layout.stateDir().resolve("app").resolve(Files.getLastModifiedTime(jar).toMillis() + "-" + Files.size(jar));
        Path copy = dir.resolve(jar.getFileName());
        if (Files.exists(copy)) {
            return copy;
        }
        Path tmp = Files.createDirectories(layout.stateDir().resolve("app")).resolve(".copy-" + ProcessHandle.current().pid());
        deleteTree(tmp);
        Files.createDirectories(tmp.resolve("lib"));
        Path lib = jar.resolveSibling("lib");
        if (Files.isDirectory(lib)) {
            try (var s = Files.list(lib)) {
                for (Path p : s.filter(x -> x.toString().endsWith(".jar")).toList()) {
                    Files.copy(p, tmp.resolve("lib").resolve(p.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.copy(jar, tmp.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        try {
            Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            deleteTree(tmp);
        }
        return copy;
    }

    /** With every service stopped: removes the copies of the code no service runs from any more. */
    void removeAppCopies() throws IOException {
        Path app = layout.stateDir().resolve("app");
        if (!Files.isDirectory(app)) {
            return;
        }
        try (var s = Files.list(app)) {
            for (Path p : s.toList()) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    /** Starts the service in the background and records its pid. */
    ProcessHandle start(LabService s) throws IOException {
        Files.createDirectories(layout.logs());
        Path log = layout.log(s.name());
        Files.writeString(log, "---- " + java.time.Instant.now() + " lab: starting " + s.name() + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Files.createDirectories(layout.stateDir().resolve("cds"));
        ProcessBuilder pb = new ProcessBuilder(kerbridgeCommand(s.args(), layout.stateDir().resolve("cds").resolve(s.name() + ".jsa")))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        pb.environment().remove("KRB5CCNAME");
        Process p = pb.start();
        LabFiles.writePrivate(layout.pidFile(s.name()), p.pid() + "\n");
        return p.toHandle();
    }

    /** The running process of the service, if its pid file names a live process whose command line is this service's. */
    Optional<ProcessHandle> running(LabService s) {
        Path f = layout.pidFile(s.name());
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(f).strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> isService(h, s));
    }

    /** Recorded pid, alive or not (for status). */
    Optional<Long> recordedPid(LabService s) {
        try {
            return Optional.of(Long.parseLong(Files.readString(layout.pidFile(s.name())).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isService(ProcessHandle h, LabService s) {
        Optional<String[]> args = h.info().arguments();
        if (args.isEmpty()) {
            // the command line is not readable (another user?): a live process with our pid is taken to be ours
            return true;
        }
        List<String> a = List.of(args.get());
        return a.contains(s.dataDir().toString()) && a.contains(s.args().get(0));
    }

    /**
     * Stops the service: SIGTERM (its shutdown hook closes listeners and databases), then waits; SIGKILL after
     * {@link #STOP_WAIT}. Returns how it ended, for the progress line.
     */
    String stop(LabService s, Optional<ProcessHandle> h) throws IOException {
        String how;
        if (h.isEmpty()) {
            how = "not running";
        } else {
            ProcessHandle p = h.get();
            p.destroy();
            if (waitExit(p, STOP_WAIT)) {
                how = "stopped (pid " + p.pid() + ")";
            } else {
                p.destroyForcibly();
                if (!waitExit(p, Duration.ofSeconds(10))) {
                    throw new CliError(s.name() + " (pid " + p.pid() + ") does not die even after SIGKILL");
                }
                how = "killed after " + STOP_WAIT.toSeconds() + " s (pid " + p.pid() + ")";
            }
        }
        Files.deleteIfExists(layout.pidFile(s.name()));
        return how;
    }

    static boolean waitExit(ProcessHandle p, Duration d) {
        try {
            p.onExit().get(d.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !p.isAlive();
        } catch (ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    /** The last lines of the service's log, for an error message. */
    String logTail(LabService s, int lines) {
        try {
            List<String> all = Files.readAllLines(layout.log(s.name()));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
