package io.kerbridge.kerberos.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A private MIT krb5 KDC for realm {@value #REALM} on 127.0.0.1 (UDP and TCP on one port), for tests
 * that check interoperability with the MIT tools. Everything (config, database, logs, ccaches) lives in
 * one fresh 0700 temp directory; nothing under /etc is read or changed.
 *
 * <p>One KDC per test JVM: {@link #shared()} starts it on first use. It is stopped by a shutdown hook,
 * and also when the JUnit root context closes if a test class uses {@link Extension}:
 *
 * <pre>{@code
 * @ExtendWith(MitKdc.Extension.class)
 * class FooTest {
 *     @Test void t(MitKdc kdc) { kdc.addUser("alice", "pw"); ... }
 * }
 * }</pre>
 *
 * Methods are synchronized: fine for sequential tests and harmless for parallel ones.
 */
public final class MitKdc implements AutoCloseable {
    public static final String REALM = "EXAMPLE.TEST";
    /** Enctypes in {@code supported_enctypes} (so also the krbtgt keys). */
    public static final List<String> SUPPORTED_ENCTYPES = List.of("aes256-cts-hmac-sha1-96",
            "aes128-cts-hmac-sha1-96", "aes256-cts-hmac-sha384-192", "aes128-cts-hmac-sha256-128");
    private static final String MASTER_PASSWORD = "master-Passw0rd";
    private static final long TIMEOUT_SECONDS = 30;
    private static final List<String> TOOL_DIRS = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin",
            "/usr/local/sbin", "/usr/local/bin");

    /** What a command printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private static MitKdc shared;

    private final Path dir;
    private final int port;
    private final Process kdc;
    private final Thread hook;
    private boolean closed;

    private MitKdc(Path dir, int port, Process kdc) {
        this.dir = dir;
        this.port = port;
        this.kdc = kdc;
        this.hook = new Thread(this::stopProcess, "mit-kdc-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The KDC of this JVM, started on first call. */
    public static synchronized MitKdc shared() {
        if (shared == null || shared.closed) {
            shared = start();
        }
        return shared;
    }

    /** Starts a new private KDC (most tests want {@link #shared()}). */
    public static MitKdc start() {
        for (String tool : List.of("krb5kdc", "kdb5_util", "kadmin.local", "kinit", "klist")) {
            if (findTool(tool) == null) {
                throw new IllegalStateException("MIT krb5 tool '" + tool + "' not found in " + TOOL_DIRS
                        + ": apt-get install -y krb5-user krb5-kdc krb5-admin-server");
            }
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("mitkdc-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createDirectories(dir.resolve("rcache"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freeUdpTcpPort();
            try {
                writeConfig(dir, port);
                if (!Files.exists(dir.resolve("principal"))) {
                    Result r = exec(dir, List.of(tool("kdb5_util"), "-r", REALM, "create", "-s", "-P",
                            MASTER_PASSWORD), Map.of(), null);
                    if (!r.ok()) {
                        throw new IllegalStateException("kdb5_util create failed: " + r);
                    }
                }
                ProcessBuilder pb = new ProcessBuilder(tool("krb5kdc"), "-n", "-r", REALM);
                pb.environment().putAll(baseEnv(dir));
                pb.redirectOutput(dir.resolve("krb5kdc.out").toFile());
                pb.redirectError(dir.resolve("krb5kdc.err").toFile());
                Process p = pb.start();
                if (waitListening(p, port)) {
                    return new MitKdc(dir, port, p);
                }
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                last = new IllegalStateException("krb5kdc did not come up on 127.0.0.1:" + port + " (exit "
                        + (p.isAlive() ? "-" : p.exitValue()) + "): " + readQuietly(dir.resolve("krb5kdc.err"))
                        + readQuietly(dir.resolve("kdc.log")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw last;
    }

    public String realm() {
        return REALM;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Path krb5Conf() {
        return dir.resolve("krb5.conf");
    }

    public Path kdcConf() {
        return dir.resolve("kdc.conf");
    }

    public String krb5ConfText() {
        return readQuietly(krb5Conf());
    }

    /**
     * Environment for MIT tools: KRB5_CONFIG, KRB5_KDC_PROFILE, KRB5RCACHEDIR, and a default
     * KRB5CCNAME / KRB5_KTNAME inside {@link #dir()} so no tool touches the user's own files.
     */
    public Map<String, String> env() {
        return baseEnv(dir);
    }

    /**
     * Writes {@code fileName} in {@link #dir()}: this KDC's krb5.conf with {@code extraLibdefaults} lines
     * added to [libdefaults] (e.g. {@code "default_tkt_enctypes = aes128-cts-hmac-sha1-96"}). Pass it as
     * KRB5_CONFIG in the extra env of {@link #run}.
     */
    public synchronized Path writeKrb5Conf(String fileName, String... extraLibdefaults) {
        Path p = dir.resolve(fileName);
        try {
            Files.writeString(p, krb5ConfText(port, String.join("\n    ", extraLibdefaults)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Runs a kadmin.local query; throws with the output when it fails or prints an error. */
    public synchronized void kadmin(String query) {
        Result r = run(List.of(tool("kadmin.local"), "-r", REALM, "-q", query), Map.of(), null);
        // kadmin.local -q exits 0 even when the query fails; it then prints to stderr.
        boolean failed = !r.ok() || r.stderr().lines().anyMatch(l -> !l.startsWith("Authenticating as")
                && !l.startsWith("WARNING: no policy specified") && !l.startsWith("No policy specified")
                && !l.isBlank());
        if (failed) {
            throw new IllegalStateException("kadmin.local -q '" + query + "' failed: " + r);
        }
    }

    /** A user (NT-PRINCIPAL) with a password; {@code enctypes} such as "aes256-cts-hmac-sha1-96:normal". */
    public void addUser(String name, String password, String... enctypes) {
        kadmin("addprinc -pw " + quote(password) + enctypeOption(enctypes) + " " + quote(name));
    }

    /** A service with random keys, e.g. "HTTP/host.example.test". */
    public void addService(String name, String... enctypes) {
        kadmin("addprinc -randkey" + enctypeOption(enctypes) + " " + quote(name));
    }

    /** Exports the current keys (ktadd -norandkey: the kvno is kept) into {@code dir()/fileName}. */
    public Path exportKeytab(String fileName, String... principals) {
        Path kt = dir.resolve(fileName);
        StringBuilder q = new StringBuilder("ktadd -norandkey -k ").append(quote(kt.toString()));
        for (String p : principals) {
            q.append(' ').append(quote(p));
        }
        kadmin(q.toString());
        return kt;
    }

    /**
     * Runs {@code command} (a bare tool name is looked up in the sbin/bin dirs) with {@link #env()} plus
     * {@code extraEnv} (which wins), in {@link #dir()}, feeding {@code stdin} (may be null); 30 s timeout.
     */
    public Result run(List<String> command, Map<String, String> extraEnv, String stdin) {
        List<String> cmd = new ArrayList<>(command);
        if (!cmd.isEmpty() && !cmd.get(0).contains("/")) {
            String t = findTool(cmd.get(0));
            if (t != null) {
                cmd.set(0, t);
            }
        }
        return exec(dir, cmd, extraEnv == null ? Map.of() : extraEnv, stdin);
    }

    public Result run(String... command) {
        return run(List.of(command), Map.of(), null);
    }

    /** Stops the KDC and deletes its directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
        deleteTree(dir);
    }

    public synchronized boolean isRunning() {
        return !closed && kdc.isAlive();
    }

    private void stopProcess() {
        if (kdc.isAlive()) {
            kdc.destroy();
            try {
                if (!kdc.waitFor(5, TimeUnit.SECONDS)) {
                    kdc.destroyForcibly();
                }
            } catch (InterruptedException e) {
                kdc.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- JUnit wiring -------------------------------------------------------------------------------

    /**
     * Puts the shared KDC in the root context store (JUnit closes AutoCloseable values there when the
     * run ends) and resolves {@code MitKdc} parameters.
     */
    public static final class Extension implements BeforeAllCallback, ParameterResolver {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MitKdc.class);

        @Override
        public void beforeAll(ExtensionContext context) {
            register(context);
        }

        @Override
        public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
            return pc.getParameter().getType() == MitKdc.class;
        }

        @Override
        public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
            return register(ec);
        }

        private static MitKdc register(ExtensionContext context) {
            return context.getRoot().getStore(NS).computeIfAbsent(MitKdc.class, k -> MitKdc.shared(),
                    MitKdc.class);
        }
    }

    // ---- internals ----------------------------------------------------------------------------------

    private static Map<String, String> baseEnv(Path dir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KRB5_CONFIG", dir.resolve("krb5.conf").toString());
        env.put("KRB5_KDC_PROFILE", dir.resolve("kdc.conf").toString());
        env.put("KRB5RCACHEDIR", dir.resolve("rcache").toString());
        env.put("KRB5CCNAME", "FILE:" + dir.resolve("ccache.default"));
        env.put("KRB5_KTNAME", "FILE:" + dir.resolve("default.keytab"));
        String trace = System.getenv("MITKDC_TRACE");
        if (trace != null && !trace.isEmpty()) {
            env.put("KRB5_TRACE", trace);
        }
        return env;
    }

    private static String enctypeOption(String... enctypes) {
        return enctypes.length == 0 ? "" : " -e " + quote(String.join(",", enctypes));
    }

    /** kadmin.local -q splits its query like a shell (with quotes). */
    private static String quote(String s) {
        if (s.matches("[A-Za-z0-9_@./:,+=-]+")) {
            return s;
        }
        if (s.contains("\"")) {
            throw new IllegalArgumentException("double quote not supported in kadmin argument: " + s);
        }
        return "\"" + s + "\"";
    }

    private static String tool(String name) {
        String t = findTool(name);
        if (t == null) {
            throw new IllegalStateException("MIT krb5 tool '" + name + "' not found");
        }
        return t;
    }

    private static String findTool(String name) {
        List<String> dirs = new ArrayList<>(TOOL_DIRS);
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        for (String d : dirs) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static Result exec(Path dir, List<String> cmd, Map<String, String> extraEnv, String stdin) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(baseEnv(dir));
        env.putAll(extraEnv);
        try {
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the tool exited without reading its input
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + TIMEOUT_SECONDS + " s: " + cmd);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.complete("<read error: " + e + ">");
            }
        });
        return f;
    }

    /** A port that is free for both TCP and UDP on 127.0.0.1 right now. */
    private static int freeUdpTcpPort() {
        InetAddress lo = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 50; i++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, lo)) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(lo, port))) {
                    return port;
                } catch (BindException taken) {
                    // try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free UDP+TCP port on 127.0.0.1");
    }

    private static boolean waitListening(Process p, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                return false;
            }
            if (udpBound(port) && tcpAccepts(port)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static boolean tcpAccepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads /proc/net/udp (Linux) for a socket bound to 127.0.0.1:port. */
    private static boolean udpBound(int port) {
        String want = String.format(":%04X ", port);
        try {
            return Files.readAllLines(Path.of("/proc/net/udp")).stream()
                    .anyMatch(l -> l.contains("0100007F" + want) || l.contains("00000000" + want));
        } catch (IOException e) {
            return true; // not Linux: rely on TCP
        }
    }

    private static void writeConfig(Path dir, int port) throws IOException {
        Files.writeString(dir.resolve("krb5.conf"), krb5ConfText(port, ""));
        String enctypes = String.join(" ", SUPPORTED_ENCTYPES.stream().map(e -> e + ":normal").toList());
        String kdcConf = """
                [kdcdefaults]
                    kdc_listen = 127.0.0.1:%2$d
                    kdc_tcp_listen = 127.0.0.1:%2$d

                [realms]
                    %1$s = {
                        database_name = %3$s/principal
                        acl_file = %3$s/kadm5.acl
                        key_stash_file = %3$s/stash
                        kdc_listen = 127.0.0.1:%2$d
                        kdc_tcp_listen = 127.0.0.1:%2$d
                        max_life = 10h 0m 0s
                        max_renewable_life = 7d 0h 0m 0s
                        master_key_type = aes256-cts-hmac-sha1-96
                        supported_enctypes = %4$s
                        default_principal_flags = +preauth
                    }

                [logging]
                    kdc = FILE:%3$s/kdc.log
                    admin_server = FILE:%3$s/kadmind.log
                    default = FILE:%3$s/krb5lib.log
                """.formatted(REALM, port, dir, enctypes);
        Files.writeString(dir.resolve("kdc.conf"), kdcConf);
        Files.writeString(dir.resolve("kadm5.acl"), "*/admin@" + REALM + " *\n");
    }

    private static String krb5ConfText(int port, String extraLibdefaults) {
        return """
                [libdefaults]
                    default_realm = %1$s
                    dns_lookup_kdc = false
                    dns_lookup_realm = false
                    dns_canonicalize_hostname = false
                    rdns = false
                    forwardable = true
                    renew_lifetime = 1d
                    %3$s

                [realms]
                    %1$s = {
                        kdc = 127.0.0.1:%2$d
                    }

                [domain_realm]
                    .example.test = %1$s
                    example.test = %1$s
                    localhost = %1$s
                """.formatted(REALM, port, extraLibdefaults);
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }

    @Override
    public String toString() {
        return "MitKdc[" + REALM + " on 127.0.0.1:" + port + ", " + dir + "]";
    }
}
