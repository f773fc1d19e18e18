package io.kerbridge.cli.lab;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kerbridge lab up|down|status|walkthrough}: the whole demo on one machine (DESIGN.md §5, README "The lab"). */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"The whole cloud Kerberos trust demo on this machine, on loopback: two DCs (CONTOSO.TEST and its",
                "child EMEA.CONTOSO.TEST), the cloud service, the file server, demo users with Hello on a joined device.",
                "Each service is a background process; DIR/lab.json and DIR/krb5.conf describe the lab."},
        subcommands = {LabCommand.Up.class, LabCommand.Down.class, LabCommand.Status.class, LabCommand.Walk.class})
public final class LabCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class DirOption {
        @Option(names = "--dir", defaultValue = "lab", paramLabel = "DIR", description = "The lab's directory (default: ./${DEFAULT-VALUE})")
        Path dir;

        LabLayout layout() {
            return new LabLayout(dir);
        }
    }

    /** In-process steps (DC and cloud creation, the commands the lab drives) log at WARN unless KERBRIDGE_LOG_LEVEL says. */
    static AutoCloseable quiet() {
        if (System.getenv("KERBRIDGE_LOG_LEVEL") != null
                || !(LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root)) {
            return () -> { };
        }
        ch.qos.logback.classic.Level before = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.WARN);
        return () -> root.setLevel(before);
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Create the lab (first time) and start what is not running; returns when everything answers.",
                    "Ports (127.0.0.1, no root needed): KDC 18088/18089, kpasswd 18464/18465, admin API 18443/18444,",
                    "cloud 19443, files 18080; move them all with --base-port N (N+88, N+89, N+464, N+465, N+443, N+444,",
                    "N+1443, N+80) or one by one with --port NAME=PORT. Ports are fixed when the lab is created."})
    static final class Up implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        DirOption dir = new DirOption();

        @Option(names = "--base-port", paramLabel = "N", description = "Base of the default ports (default 18000)")
        Integer basePort;

        @Option(names = "--port", paramLabel = "NAME=PORT", description = "One port: contoso-kdc, emea-kdc, contoso-kpasswd, "
                + "emea-kpasswd, contoso-admin, emea-admin, cloud, files (repeatable)")
        Map<String, Integer> ports = new LinkedHashMap<>();

        @Option(names = "--free-ports", description = "Let the system pick free ports (for tests and busy machines)")
        boolean freePorts;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (AutoCloseable q = quiet()) {
                return new LabUp(dir.layout(), spec.commandLine().getOut()).run(basePort, ports, freePorts);
            }
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stop every service the lab started (by pid; waits until each is gone). The data stays.")
    static final class Down implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        DirOption dir = new DirOption();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return LabControl.down(dir.layout(), spec.commandLine().getOut());
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Each service: pid, up/down (process alive and answering), address.", "Exit code 0 when all are up, 3 otherwise."})
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        DirOption dir = new DirOption();

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return LabControl.status(dir.layout(), spec.commandLine().getOut(), json);
        }
    }

    @Command(name = "walkthrough", mixinStandardHelpOptions = true,
            description = {"Replay the cloud Kerberos trust scenario on the running lab, step by step: each command, its",
                    "output and PASS/FAIL. Exit code 1 if any step fails. The lab is left as it was."})
    static final class Walk implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        DirOption dir = new DirOption();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (AutoCloseable q = quiet()) {
                return Walkthrough.run(dir.layout(), out);
            }
        }
    }
}
