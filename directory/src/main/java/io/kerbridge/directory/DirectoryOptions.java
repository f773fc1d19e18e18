package io.kerbridge.directory;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Directory} runs: its clock (lockout windows, password ages), its randomness (SIDs,
 * keys, nonces) and where the master key lives (default {@code <dataDir>/master.key}; put it
 * elsewhere to keep it apart from database backups).
 */
public record DirectoryOptions(Clock clock, SecureRandom random, Optional<Path> masterKeyFile) {
    public DirectoryOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(masterKeyFile, "masterKeyFile");
    }

    public static DirectoryOptions defaults() {
        return new DirectoryOptions(Clock.systemUTC(), new SecureRandom(), Optional.empty());
    }

    public DirectoryOptions withClock(Clock clock) {
        return new DirectoryOptions(clock, random, masterKeyFile);
    }

    public DirectoryOptions withMasterKeyFile(Path file) {
        return new DirectoryOptions(clock, random, Optional.of(file));
    }

    public Path masterKeyFile(Path dataDir) {
        return masterKeyFile.orElse(dataDir.resolve("master.key"));
    }
}
