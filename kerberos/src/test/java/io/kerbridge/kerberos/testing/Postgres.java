package io.kerbridge.kerberos.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for one test class (Debian's PostgreSQL 15, {@code initdb} + {@code pg_ctl}) on
 * 127.0.0.1 and a free port, password authentication (scram-sha-256) for TCP, data in a temporary directory that is
 * removed on {@link #close}. PostgreSQL refuses to run as root, so as root the server runs as the {@code postgres}
 * system user ({@code runuser}).
 */
public final class Postgres implements AutoCloseable {
    public static final String USER = "kerbridge";

    private final Path dir;
    private final int port;
    private final String password;
    private final boolean asPostgresUser;

    private Postgres(Path dir, int port, String password, boolean asPostgresUser) {
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.asPostgresUser = asPostgresUser;
    }

    public static Postgres start() throws IOException, InterruptedException {
        Path bin = binDir();
        Path dir = Files.createTempDirectory("kerbridge-pg");
        boolean root = "root".equals(System.getProperty("user.name"));
        String password = "pg-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        Path pwFile = dir.resolve("pw");
        Files.writeString(pwFile, password + "\n");
        Path data = dir.resolve("data");
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        Postgres pg = new Postgres(dir, freePort(), password, root);
        pg.run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwFile,
                "-A", "scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-sync"));
        pg.run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w",
                "-o", "-p " + pg.port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir + " -c fsync=off",
                "start"));
        try (Connection c = DriverManager.getConnection(pg.url("postgres"), USER, password); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE kerbridge");
        } catch (java.sql.SQLException e) {
            pg.close();
            throw new IOException("cannot create the test database: " + e.getMessage(), e);
        }
        return pg;
    }

    public String url() {
        return url("kerbridge");
    }

    public String url(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
    }

    /** A 0600 file with the password, for a --database-password-file (cloud init, dc init). */
    public Path passwordFile(Path where) throws IOException {
        Files.writeString(where, password + "\n");
        Files.setPosixFilePermissions(where, PosixFilePermissions.fromString("rw-------"));
        return where;
    }

    @Override
    public void close() {
        try {
            run(List.of(binDir().resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop"));
        } catch (IOException | InterruptedException e) {
            // best effort; the directory goes anyway
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leave it
        }
    }

    private void run(List<String> cmd) throws IOException, InterruptedException {
        run(cmd, asPostgresUser);
    }

    private static void run(List<String> cmd, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed: " + out);
        }
    }

    private static Path binDir() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/usr/lib/postgresql"))) {
            return s.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IOException("no PostgreSQL server under /usr/lib/postgresql (install postgresql)"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no PostgreSQL server under /usr/lib/postgresql (install postgresql)");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
