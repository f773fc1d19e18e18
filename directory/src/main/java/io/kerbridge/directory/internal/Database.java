package io.kerbridge.directory.internal;

import io.kerbridge.directory.DirectoryException;
import io.kerbridge.directory.DirectoryException.Reason;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The directory's database, migrated by Flyway on open: the embedded H2 file of one data directory
 * ({@code <dataDir>/directory.mv.db}), or a PostgreSQL database shared by several DC nodes of one
 * domain ({@link #shared()}; see {@link ChangeLog}). One connection, used under the directory's write
 * lock only: every read the KDC makes is served from memory, so the database sees admin writes,
 * lockout bookkeeping, the load at start and, when shared, the change polls.
 */
public final class Database implements AutoCloseable {
    private static final String USER = "kerbridge";

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Connection connection;
    private final boolean shared;

    private Database(Connection connection, boolean shared) {
        this.connection = connection;
        this.shared = shared;
    }

    public static String url(Path dataDir) {
        // WRITE_DELAY=0: a commit is on disk when commit() returns. MAX_COMPACT_TIME=0: no chunk moving on close, so a
        // process stopped while closing cannot leave the store at an older chunk (a lab once lost its users that way).
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("directory") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;MAX_COMPACT_TIME=0";
    }

    public static boolean exists(Path dataDir) {
        return java.nio.file.Files.exists(dataDir.resolve("directory.mv.db"));
    }

    public static Database open(Path dataDir) {
        return open(url(dataDir), USER, "");
    }

    /** Opens (and migrates) a PostgreSQL database, {@code jdbc:postgresql://HOST:PORT/DB}, shared by several nodes. */
    public static Database openShared(String url, String user, String password) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new DirectoryException(Reason.STORAGE, "a shared directory database must be jdbc:postgresql://HOST:PORT/DB");
        }
        return open(url, user, password);
    }

    private static Database open(String url, String user, String password) {
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(url, user, password)
                    .locations("classpath:db/migration")
                    .loggers("slf4j")
                    .placeholders(java.util.Map.of("binary", binaryType(url)))
                    .load()
                    .migrate();
            Connection c = DriverManager.getConnection(url, user, password);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return new Database(c, url.startsWith("jdbc:postgresql:"));
        } catch (FlywayException | SQLException e) {
            // the URL without its parameters (which could hold a password); Flyway's message names the cause
            throw new DirectoryException(Reason.STORAGE, "cannot open directory database " + url.replaceAll("[?;].*", "")
                    + ": " + rootMessage(e), e);
        }
    }

    /** The first line of a (Flyway: many-line) message, and the root cause's message when there is one. */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return t == e || first.contains(String.valueOf(t.getMessage())) ? first : first + " (" + t.getMessage() + ")";
    }

    /** True for PostgreSQL: other nodes may write too, so memory must follow {@link ChangeLog}. */
    public boolean shared() {
        return shared;
    }

    /** The SQL type of a byte string: the one place where H2 and PostgreSQL differ in our schema. */
    static String binaryType(String url) {
        return url.startsWith("jdbc:postgresql:") ? "BYTEA" : "VARBINARY(4096)";
    }

    /** Runs {@code work} in one transaction, committed before return; rolled back on any failure. */
    public <T> T tx(Work<T> work) {
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback(e);
            // H2 throws SQLIntegrityConstraintViolationException; PostgreSQL a PSQLException of SQLSTATE class 23
            if (e instanceof SQLIntegrityConstraintViolationException
                    || (e.getSQLState() != null && e.getSQLState().startsWith("23"))) {
                throw new DirectoryException(Reason.NAME_IN_USE, "constraint violated: " + e.getMessage(), e);
            }
            throw new DirectoryException(Reason.STORAGE, "directory database: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollback(e);
            throw e;
        }
    }

    /** Reads outside a write (startup load, admin listings that need the database). */
    public <T> T read(Work<T> work) {
        return tx(work);
    }

    private void rollback(Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new DirectoryException(Reason.STORAGE, "closing directory database: " + e.getMessage(), e);
        }
    }
}
