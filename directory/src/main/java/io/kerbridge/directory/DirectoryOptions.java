package io.kerbridge.directory;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Directory} runs: its clock (lockout windows, password ages), its randomness (SIDs,
 * keys, nonces), where the master key lives (default {@code <dataDir>/master.key}; put it
 * elsewhere to keep it apart from database backups) and where the data lives: the embedded file in the
 * data directory (default) or a {@link SharedDatabase} for several DC nodes.
 */
public record DirectoryOptions(Clock clock, SecureRandom random, Optional<Path> masterKeyFile,
        Optional<SharedDatabase> database) {
    public DirectoryOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(masterKeyFile, "masterKeyFile");
        Objects.requireNonNull(database, "database");
    }

    public DirectoryOptions(Clock clock, SecureRandom random, Optional<Path> masterKeyFile) {
        this(clock, random, masterKeyFile, Optional.empty());
    }

    public static DirectoryOptions defaults() {
        return new DirectoryOptions(Clock.systemUTC(), new SecureRandom(), Optional.empty(), Optional.empty());
    }

    public DirectoryOptions withClock(Clock clock) {
        return new DirectoryOptions(clock, random, masterKeyFile, database);
    }

    public DirectoryOptions withMasterKeyFile(Path file) {
        return new DirectoryOptions(clock, random, Optional.of(file), database);
    }

    /** Keeps the data in a PostgreSQL database shared with other DC nodes of the domain (the master key stays a file). */
    public DirectoryOptions withSharedDatabase(SharedDatabase db) {
        return new DirectoryOptions(clock, random, masterKeyFile, Optional.of(db));
    }

    public Path masterKeyFile(Path dataDir) {
        return masterKeyFile.orElse(dataDir.resolve("master.key"));
    }
}
