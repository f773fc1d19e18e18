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
 * The embedded H2 database of one data directory ({@code <dataDir>/directory.mv.db}), migrated by
 * Flyway on open. One connection, used under the directory's write lock only: every read the KDC
 * makes is served from memory, so the database sees admin writes, lockout bookkeeping and the load
 * at start.
 */
public final class Database implements AutoCloseable {
    private static final String USER = "kerbridge";

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Connection connection;

    private Database(Connection connection) {
        this.connection = connection;
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
        String url = url(dataDir);
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(url, USER, "")
                    .locations("classpath:db/migration")
                    .loggers("slf4j")
                    .placeholders(java.util.Map.of("binary", binaryType(url)))
                    .load()
                    .migrate();
            Connection c = DriverManager.getConnection(url, USER, "");
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return new Database(c);
        } catch (FlywayException | SQLException e) {
            throw new DirectoryException(Reason.STORAGE, "cannot open directory database " + url + ": "
                    + e.getMessage(), e);
        }
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
        } catch (SQLIntegrityConstraintViolationException e) {
            rollback(e);
            throw new DirectoryException(Reason.NAME_IN_USE, "constraint violated: " + e.getMessage(), e);
        } catch (SQLException e) {
            rollback(e);
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
