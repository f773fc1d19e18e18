package io.kerbridge.cloud.store;

import io.kerbridge.cloud.CloudException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The cloud database: by default the embedded H2 file of the data directory ({@code <dir>/cloud.mv.db}); for
 * several nodes a PostgreSQL database ({@code database} in cloud.json). Migrated by Flyway on open (scripts in {@code db/cloud}, portable SQL: the binary column type is the only placeholder). One
 * connection, used under a lock: one transaction at a time, which is plenty for an admin API and makes the
 * read-modify-write steps (TOTP step, lockout counters) atomic. Same shape as the directory's
 * {@code Database} (copied: {@code cloud} may not depend on {@code directory}).
 */
public final class Database implements AutoCloseable {
    private static final String USER = "kerbridge";

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** A unique or foreign-key constraint refused the write. */
    public static final class ConstraintViolation extends CloudException {
        ConstraintViolation(String m, Throwable cause) {
            super(m, cause);
        }
    }

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private Database(Connection connection) {
        this.connection = connection;
    }

    public static String url(Path dataDir) {
        // QUERY_CACHE_SIZE: parsed statements kept per session (H2's default, 8, is fewer than a PRT sign-in uses, so
        // every statement was parsed again each time: 9 % of a sign-in's CPU, issue 9)
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("cloud")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;MAX_COMPACT_TIME=0;QUERY_CACHE_SIZE=64";
    }

    public static boolean exists(Path dataDir) {
        return Files.exists(dataDir.resolve("cloud.mv.db"));
    }

    public static Database open(Path dataDir) {
        return open(url(dataDir), USER, "");
    }

    /**
     * Opens (and migrates) the database at a JDBC URL: the embedded H2 file, or PostgreSQL for several nodes. The
     * same scripts serve both; only the binary column type differs.
     */
    public static Database open(String url, String user, String password) {
        try {
            Flyway.configure(Database.class.getClassLoader())
                    .dataSource(url, user, password)
                    .locations("classpath:db/cloud")
                    .loggers("slf4j")
                    .placeholders(Map.of("binary", url.startsWith("jdbc:postgresql:") ? "BYTEA" : "VARBINARY(4096)"))
                    .load()
                    .migrate();
            Connection c = DriverManager.getConnection(url, user, password);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return new Database(c);
        } catch (FlywayException | SQLException e) {
            throw new CloudException("cannot open the cloud database " + url.replaceAll("[?;].*", "") + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction, committed before return; rolled back on any failure. */
    public <T> T tx(Work<T> work) {
        lock.lock();
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback(e);
            // H2 throws SQLIntegrityConstraintViolationException; PostgreSQL a PSQLException of SQLSTATE class 23
            if (e instanceof SQLIntegrityConstraintViolationException || (e.getSQLState() != null && e.getSQLState().startsWith("23"))) {
                throw new ConstraintViolation("constraint violated: " + e.getMessage(), e);
            }
            throw new CloudException("cloud database: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollback(e);
            throw e;
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new CloudException("closing the cloud database: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
