package io.kerbridge.directory;

import java.time.Duration;
import java.util.Objects;

/**
 * A PostgreSQL database that several DC nodes of one domain share instead of each its embedded file
 * (DESIGN.md §4). Each node keeps its in-memory snapshot for the KDC and looks every {@code pollInterval}
 * (one single-row SELECT) whether another node wrote; a lookup that misses looks at once.
 *
 * @param url {@code jdbc:postgresql://HOST:PORT/DB}
 * @param password never shown by {@link #toString()}
 */
public record SharedDatabase(String url, String user, String password, Duration pollInterval) {
    public static final Duration DEFAULT_POLL = Duration.ofMillis(250);

    public SharedDatabase {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("the database URL must be jdbc:postgresql://HOST:PORT/DB");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
    }

    public SharedDatabase(String url, String user, String password) {
        this(url, user, password, DEFAULT_POLL);
    }

    @Override
    public String toString() {
        return "SharedDatabase[" + url.replaceAll("[?;].*", "") + ", user " + user + "]";
    }
}
