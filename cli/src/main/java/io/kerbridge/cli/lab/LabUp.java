package io.kerbridge.cli.lab;

import io.kerbridge.cli.CliError;
import io.kerbridge.cloud.CloudInit;
import io.kerbridge.dc.DcInit;
import io.kerbridge.directory.Account;
import io.kerbridge.directory.Directory;
import io.kerbridge.directory.Group;
import io.kerbridge.directory.GroupScope;
import io.kerbridge.directory.NewAccount;
import io.kerbridge.directory.WellKnown;
import io.kerbridge.kerberos.pac.Sid;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code kerbridge lab up}: creates (once) and starts the whole demo on loopback — two DCs (CONTOSO.TEST and its child
 * EMEA.CONTOSO.TEST), the cloud service with a tenant, the file server — then, through the ordinary kerbridge commands,
 * syncs both domains, creates the Kerberos server objects, turns the device policy on, enrols the demo users' one-time
 * codes, joins a device and provisions Hello for every demo user. Every step is recorded in {@code DIR/.lab/state.json}
 * when done, so a second {@code up} only starts what is not running and an interrupted one picks up where it stopped.
 */
final class LabUp {
    static final String DEVICE_NAME = "LAB-PC";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final LabLayout l;
    private final PrintWriter out;
    private final SecureRandom random = new SecureRandom();
    private LabState state;
    private LabCloud cloud;
    private int created;

    LabUp(LabLayout l, PrintWriter out) {
        this.l = l;
        this.out = out;
    }

    private void say(String line) {
        out.println("[lab] " + line);
        out.flush();
    }

    int run(Integer basePort, Map<String, Integer> portOverrides, boolean freePorts) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        LabFiles.privateDir(l.stateDir());
        try (LabLock lock = LabLock.take(l)) {
            boolean fresh = !LabState.exists(l);
            if (fresh) {
                LabPorts ports = freePorts ? LabPorts.free()
                        : LabPorts.of(basePort != null ? basePort : LabPorts.DEFAULT_BASE, portOverrides);
                List<String> busy = busyPorts(ports, LabPorts.names());
                if (!busy.isEmpty()) {
                    throw new CliError("cannot create the lab: " + String.join("; ", busy) + ". Choose other ports with "
                            + "--base-port N (ports N+88, N+89, N+464, N+465, N+443, N+444, N+1443, N+80) or --port NAME=PORT ("
                            + String.join(", ", LabPorts.names()) + ")");
                }
                state = LabState.create(l, ports);
                say("creating the lab in " + l.dir() + " (ports: " + ports.summary() + ")");
            } else {
                state = LabState.load(l);
                if (!freePorts && (basePort != null || !portOverrides.isEmpty())) {
                    LabPorts asked = LabPorts.of(basePort != null ? basePort : LabPorts.DEFAULT_BASE, portOverrides);
                    if (!asked.equals(state.ports())) {
                        throw new CliError("the lab in " + l.dir() + " was created with other ports (" + state.ports().summary()
                                + "); to change them: kerbridge lab down --dir " + l.dir() + ", remove " + l.dir()
                                + ", then lab up again");
                    }
                }
                say("reusing the lab in " + l.dir() + " (ports: " + state.ports().summary() + ")");
            }
            cloud = new LabCloud(l, state);
            for (Path p : l.privateDirs()) {
                LabFiles.privateDir(p);
            }
            offline();
            LabFiles.writePrivate(l.krb5Conf(), LabConfigFiles.krb5Conf(state.ports()));
            Files.setPosixFilePermissions(l.krb5Conf(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            startServices();
            online();
            LabConfigFiles.writeLabJson(l, state, cloud);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        say(String.format(Locale.ROOT, "the lab is up (%.1f s%s). lab.json: %s", secs, created == 0 ? ", nothing to create" : "",
                l.labJson()));
        next();
        return 0;
    }

    // ---- steps --------------------------------------------------------------------------------------------------

    private interface Work {
        Optional<String> run() throws IOException, InterruptedException;
    }

    /** Runs a step unless it is recorded as done; prints one line with what it did and how long it took. */
    private void step(String id, String what, Work w) throws IOException, InterruptedException {
        if (state.isDone(id)) {
            return;
        }
        long t = System.nanoTime();
        Optional<String> detail = w.run();
        state.markDone(id);
        created++;
        say(String.format(Locale.ROOT, "%s%s (%.1f s)", what, detail.map(d -> ": " + d).orElse(""), (System.nanoTime() - t) / 1e9));
    }

    // ---- offline: data directories made in this process, before any service runs ----------------------------------

    private void offline() throws IOException, InterruptedException {
        LabPorts p = state.ports();
        LabDomain root = LabDomain.CONTOSO;
        LabDomain child = LabDomain.EMEA;
        step("dc-init:" + root.key(), "domain " + root.realm() + " (forest root), DC " + root.host(), () -> {
            Path dir = fresh(l.dcDir(root));
            DcInit.init(new DcInit.Spec(dir, root.dns(), root.netbios(), root.host(), "127.0.0.1", p.get(root.kdcPortName()),
                    p.get(root.kpasswdPortName()), p.get(root.adminPortName()), secret(l.passwordFile(root.administrator())),
                    Optional.empty()));
            try (Directory d = Directory.open(dir.resolve("directory"))) {
                state.put("sid:" + root.key(), d.domain().sid().toString());
            }
            return Optional.of(state.value("sid:" + root.key()));
        });
        step("dc-init:" + child.key(), "domain " + child.realm() + " (child of " + root.realm() + "), DC " + child.host(), () -> {
            Path dir = fresh(l.dcDir(child));
            DcInit.init(new DcInit.Spec(dir, child.dns(), child.netbios(), child.host(), "127.0.0.1", p.get(child.kdcPortName()),
                    p.get(child.kpasswdPortName()), p.get(child.adminPortName()), secret(l.passwordFile(child.administrator())),
                    Optional.of(new DcInit.ParentTrust(root.realm(), root.netbios(), Sid.parse(state.value("sid:" + root.key())),
                            secret(l.secret("trust-" + child.key() + ".password"))))));
            try (Directory d = Directory.open(dir.resolve("directory"))) {
                state.put("sid:" + child.key(), d.domain().sid().toString());
            }
            return Optional.of(state.value("sid:" + child.key()));
        });
        step("trust", "forest trust " + root.realm() + " <-> " + child.realm() + " (kerbridge dc trust)", () -> {
            DcInit.trust(l.dcDir(root), child.realm(), child.netbios(), secret(l.secret("trust-" + child.key() + ".password")));
            return Optional.empty();
        });
        for (LabDomain d : LabDomain.ALL) {
            step("seed:" + d.key(), "users and groups of " + d.realm(), () -> Optional.of(seed(d)));
        }
        step("files-init", "file server " + LabConfigFiles.FILES_SPN + " with shares Public and Finance", () -> {
            Files.deleteIfExists(l.filesDir().resolve("files.json"));
            Kb.ok("creating the file server", List.of("files", "init", "--dir", l.filesDir().toString(), "--keytab",
                    l.keytab().toString(), "--spn", LabConfigFiles.FILES_SPN, "--realm", root.realm(), "--listen", "127.0.0.1",
                    "--port", Integer.toString(p.get("files"))));
            Kb.ok("adding the share Public", List.of("files", "share", "add", "Public", "--dir", l.filesDir().toString(),
                    "--path", l.share("Public").toString(), "--create", "--read", "Authenticated Users", "--write",
                    "Authenticated Users"));
            Kb.ok("adding the share Finance", List.of("files", "share", "add", "Finance", "--dir", l.filesDir().toString(),
                    "--path", l.share("Finance").toString(), "--create", "--read", state.value("sid:finance"), "--write",
                    state.value("sid:finance")));
            Files.writeString(l.share("Public").resolve("welcome.txt"),
                    "Welcome to the Contoso file server (Kerbridge lab). Everyone signed in may read this.\n");
            Files.writeString(l.share("Finance").resolve("budget-2026.csv"),
                    "quarter,amount\nQ1,120000\nQ2,135000\nQ3,128000\nQ4,150000\n");
            return Optional.of(LabConfigFiles.filesUrl(p));
        });
        step("cloud-init", "cloud tenant contoso.test (verified domains contoso.test, emea.contoso.test)", () -> {
            Path dir = fresh(l.cloudDir());
            CloudInit.Result r = CloudInit.init(new CloudInit.Spec(dir, root.dns(), List.of(child.dns()), "Contoso (Kerbridge lab)",
                    LabCloud.ADMIN, secret(l.passwordFile(LabCloud.ADMIN)), "127.0.0.1", p.get("cloud"), List.of()),
                    Clock.systemUTC(), random);
            LabFiles.writePrivate(l.totpFile(LabCloud.ADMIN), r.totpSecretBase32() + "\n");
            state.put("tenantId", r.tenantId());
            state.put("adminUserId", r.adminUserId());
            return Optional.of("tenant " + r.tenantId() + ", Global Administrator " + r.adminUpn());
        });
    }

    /** The password in {@code file}, generated the first time. */
    private char[] secret(Path file) throws IOException {
        return LabFiles.secret(file, () -> LabFiles.password(random)).toCharArray();
    }

    /** A data directory for a step that is not recorded as done: what an interrupted run left there is removed. */
    private Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            if (!dir.startsWith(l.dir()) || dir.equals(l.dir())) {
                throw new IllegalStateException(dir.toString());
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return dir;
    }

    /** Demo users, Finance, Domain Admins membership, the file server's account and keytab (CONTOSO only). */
    private String seed(LabDomain dom) throws IOException {
        List<String> made = new ArrayList<>();
        try (Directory d = Directory.open(l.dcDir(dom).resolve("directory"))) {
            for (LabUser u : LabUser.ALL) {
                if (u.domain() != dom) {
                    continue;
                }
                char[] pw = secret(l.passwordFile(u.upn()));
                Account a = d.users().find(u.sam()).orElseGet(() -> d.users().create(NewAccount.user(u.sam(), pw)
                        .withDisplayName(u.displayName())));
                LabFiles.secret(l.pinFile(u.upn()), () -> LabFiles.pin(random));
                state.put("sid:" + u.upn(), a.sid().toString());
                made.add(u.sam() + " (" + u.role() + ")");
            }
            if (dom == LabDomain.CONTOSO) {
                Group finance = d.groups().find("Finance").orElseGet(() -> d.groups().create("Finance", GroupScope.GLOBAL,
                        "Finance team (Kerbridge lab)"));
                d.groups().addMember(finance.sid(), d.users().find(LabUser.byRole(dom, LabUser.FINANCE).sam()).orElseThrow().sid());
                state.put("sid:finance", finance.sid().toString());
                Group admins = d.groups().get(d.domain().sidWithRid(WellKnown.DOMAIN_ADMINS)).orElseThrow();
                d.groups().addMember(admins.sid(), d.users().find(LabUser.byRole(dom, LabUser.DOMAIN_ADMIN).sam()).orElseThrow().sid());
                Account files = d.users().find("FILES$").orElseGet(() -> d.users().create(NewAccount.computer("FILES")
                        .withSpns(LabConfigFiles.FILES_SPN)));
                Files.createDirectories(l.filesDir());
                d.keytabs().export(files.sid()).write(l.keytab());
                made.add("group Finance (" + finance.sid() + "), FILES$ with SPN " + LabConfigFiles.FILES_SPN + " and its keytab");
            }
        }
        return String.join(", ", made);
    }

    // ---- services --------------------------------------------------------------------------------------------------

    List<LabService> services() {
        return LabService.all(l, state.ports(), cloud.url(), LabConfigFiles.filesUrl(state.ports()));
    }

    private List<String> busyPorts(LabPorts ports, List<String> names) {
        List<String> busy = new ArrayList<>();
        for (String n : names) {
            LabPorts.Spec s = LabPorts.spec(n);
            LabPorts.busy(ports.get(n), s.udp()).ifPresent(why -> busy.add(why + " (wanted for the " + s.what() + ", " + n + ")"));
        }
        return busy;
    }

    private void startServices() throws IOException, InterruptedException {
        LabProcesses procs = new LabProcesses(l);
        List<LabService> started = new ArrayList<>();
        for (LabService s : services()) {
            Optional<ProcessHandle> h = procs.running(s);
            if (h.isPresent()) {
                say(s.name() + " is already running (pid " + h.get().pid() + ")");
                continue;
            }
            List<String> busy = busyPorts(state.ports(), s.ports());
            if (!busy.isEmpty()) {
                throw new CliError("cannot start " + s.name() + ": " + String.join("; ", busy) + ". Stop the program that "
                        + "holds it; the lab's ports are fixed in " + l.stateFile() + " (to change them: lab down, remove "
                        + l.dir() + ", lab up with --base-port or --port)");
            }
            ProcessHandle p = procs.start(s);
            say("started " + s.name() + " (" + s.title() + "), pid " + p.pid() + ", log " + l.log(s.name()));
            started.add(s);
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        long t0 = System.nanoTime();
        List<LabService> waiting = new ArrayList<>(services());
        while (true) {
            Map<String, Optional<String>> health = LabHealth.checkAll(l, state.ports(), waiting);
            for (LabService s : List.copyOf(waiting)) {
                Optional<String> problem = health.get(s.name());
                if (problem.isEmpty()) {
                    waiting.remove(s);
                    if (started.contains(s)) {
                        say(String.format(Locale.ROOT, "%s is ready (%.1f s): %s", s.name(), (System.nanoTime() - t0) / 1e9, s.address()));
                    }
                } else if (procs.running(s).isEmpty()) {
                    throw new CliError(s.name() + " stopped while starting; the end of " + l.log(s.name()) + ":\n"
                            + procs.logTail(s, 15));
                } else if (System.nanoTime() > deadline) {
                    throw new CliError(s.name() + " is not ready after " + READY_TIMEOUT.toSeconds() + " s (" + problem.get()
                            + "); the end of " + l.log(s.name()) + ":\n" + procs.logTail(s, 15));
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            Thread.sleep(150);
        }
    }

    // ---- online: through the running services, with the kerbridge commands -------------------------------------------

    /** The options of a command that talks to the DC admin API of {@code d} as its Administrator. */
    List<String> dcOptions(LabDomain d) {
        return LabUp.dcOptions(l, state.ports(), d);
    }

    static List<String> dcOptions(LabLayout l, LabPorts p, LabDomain d) {
        return List.of("--dc", "https://127.0.0.1:" + p.get(d.adminPortName()), "--dc-spn", d.adminSpn(), "--cacert",
                l.dcDir(d).resolve("tls-cert.pem").toString(), "--config", l.krb5Conf().toString(), "--domain-user",
                d.administrator(), "--domain-password-file", l.passwordFile(d.administrator()).toString());
    }

    private String sync(LabDomain d) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("sync"));
        a.addAll(dcOptions(d));
        a.addAll(List.of("--token-file", cloud.token().toString(), "--state", l.syncState(d).toString(), "--progress", "none"));
        return Kb.ok("syncing " + d.dns(), a).out().strip();
    }

    private void online() throws IOException, InterruptedException {
        step("role", "cloud: " + LabCloud.ADMIN + " made Hybrid Identity Administrator", () -> {
            cloud.call("PUT", "/roles/HybridIdentityAdministrator/members/" + state.value("adminUserId"), null);
            return Optional.empty();
        });
        for (LabDomain d : LabDomain.ALL) {
            step("sync:" + d.key(), "kerbridge sync of " + d.dns(), () -> Optional.of(sync(d)));
        }
        for (LabDomain d : LabDomain.ALL) {
            step("kerberos-server:" + d.key(), "kerbridge kerberos-server set --domain " + d.dns(), () -> {
                List<String> a = new ArrayList<>(List.of("kerberos-server", "set", "--domain", d.dns()));
                a.addAll(dcOptions(d));
                a.addAll(List.of("--cloud-token-file", cloud.token().toString()));
                String o = Kb.ok("creating the Kerberos server object of " + d.dns(), a).out().strip();
                return Optional.of(o.lines().reduce((x, y) -> y).orElse(""));
            });
        }
        step("policy", "device policy: UseCloudTrustForOnPremAuth and CloudKerberosTicketRetrievalEnabled on for all devices", () -> {
            cloud.call("PUT", "/device-policy", Map.of(
                    "UseCloudTrustForOnPremAuth", Map.of("enabled", true, "assignedTo", "allDevices"),
                    "CloudKerberosTicketRetrievalEnabled", Map.of("enabled", true, "assignedTo", "allDevices")));
            return Optional.empty();
        });
        for (LabUser u : LabUser.ALL) {
            step("totp:" + u.upn(), "one-time-code secret enrolled for " + u.upn(), () -> {
                String secret = cloud.call("POST", "/users/" + LabCloud.enc(u.upn()) + "/totp", null).get("secret").asString();
                LabFiles.writePrivate(l.totpFile(u.upn()), secret + "\n");
                return Optional.of(l.totpFile(u.upn()).toString());
            });
        }
        LabUser owner = LabUser.owner();
        step("join", "device " + DEVICE_NAME + " joined by " + owner.upn() + " (kerbridge device join)", () -> {
            if (!Files.exists(l.deviceDir().resolve("device.json"))) {
                fresh(l.deviceDir());
                Kb.ok("joining the device", List.of("device", "join", "--device-dir", l.deviceDir().toString(), "--cloud", cloud.url(),
                        "--cacert", cloud.caCert().toString(), "--tenant", LabDomain.CONTOSO.dns(), "--user", owner.upn(),
                        "--password-file", l.passwordFile(owner.upn()).toString(), "--totp", cloud.totp(owner.upn()), "--name",
                        DEVICE_NAME));
            }
            String id = LabState.JSON.readTree(Files.readString(l.deviceDir().resolve("device.json"))).get("deviceId").asString();
            state.put("deviceId", id);
            return Optional.of("device id " + id);
        });
        for (LabUser u : LabUser.ALL) {
            step("hello:" + u.upn(), "Hello key for " + u.upn() + " (kerbridge hello provision)", () -> {
                if (!Files.exists(l.deviceDir().resolve("users").resolve(u.upn()).resolve("hello.json"))) {
                    Kb.ok("provisioning Hello for " + u.upn(), List.of("hello", "provision", "--device-dir", l.deviceDir().toString(),
                            "--user", u.upn(), "--password-file", l.passwordFile(u.upn()).toString(), "--totp", cloud.totp(u.upn()),
                            "--pin-file", l.pinFile(u.upn()).toString()));
                }
                return Optional.of("PIN in " + l.pinFile(u.upn()));
            });
        }
        LabUser expired = LabUser.byRole(LabDomain.CONTOSO, LabUser.EXPIRED);
        step("expire:" + expired.upn(), "password of " + expired.upn() + " reset with must-change (expired), synced", () -> {
            LabFiles.writePrivate(l.passwordFile(expired.upn()), LabFiles.password(random) + "\n");
            List<String> a = new ArrayList<>(List.of("user", "set-password", expired.sam(), "--password-file",
                    l.passwordFile(expired.upn()).toString(), "--must-change"));
            a.addAll(dcOptions(expired.domain()));
            Kb.ok("expiring the password of " + expired.upn(), a);
            return Optional.of(sync(expired.domain()));
        });
    }

    // ---- what to try next ------------------------------------------------------------------------------------------

    private void next() {
        String dir = shown(l.dir());
        LabUser alice = LabUser.owner();
        LabUser erik = LabUser.byRole(LabDomain.EMEA, LabUser.USER);
        int files = state.ports().get("files");
        out.println();
        out.println("Try:");
        out.println("  kerbridge lab walkthrough --dir " + dir + "     # the cloud Kerberos trust scenario, step by step");
        out.println("  kerbridge signin --device-dir " + dir + "/device --user " + alice.upn() + " --pin-file " + dir + "/secrets/"
                + alice.upn() + ".pin --config " + dir + "/krb5.conf -c /tmp/cc-alice");
        out.println("  kerbridge klist -c /tmp/cc-alice");
        out.println("  KRB5_CONFIG=" + dir + "/krb5.conf KRB5CCNAME=/tmp/cc-alice curl --negotiate -u : --resolve "
                + LabConfigFiles.FILES_HOST + ":" + files + ":127.0.0.1 " + LabConfigFiles.filesUrl(state.ports()) + "/Finance/");
        out.println("  KRB5_CONFIG=" + dir + "/krb5.conf kinit " + erik.principal() + "      # password in " + dir + "/secrets/"
                + erik.upn() + ".password");
        out.println("  kerbridge dsregcmd --status --device-dir " + dir + "/device");
        out.println("  kerbridge lab status --dir " + dir + "   |   kerbridge lab down --dir " + dir);
        out.println("Demo users (" + dir + "/lab.json): " + String.join(", ", LabUser.ALL.stream().map(u -> u.upn() + " (" + u.role() + ")").toList()));
        out.flush();
    }

    /** A path as a person would type it: relative to the working directory when inside it. */
    static String shown(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path a = p.toAbsolutePath().normalize();
        if (a.startsWith(cwd) && !a.equals(cwd)) {
            return cwd.relativize(a).toString();
        }
        return a.toString();
    }
}
