package io.kerbridge.cloud;

import io.kerbridge.cloud.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code <dir>/cloud.json}: where the service listens, its host names, where its master key is, and — when the
 * data lives in PostgreSQL rather than the embedded H2 file — the database ({@code null} = embedded).
 */
public record CloudConfig(String listenAddress, int port, List<String> hostNames, String masterKeyFile,
        DatabaseConfig database) {
    public static final String FILE = "cloud.json";

    /**
     * A PostgreSQL database shared by several cloud nodes: JDBC URL ({@code jdbc:postgresql://host:port/db}), user,
     * and a file (0600) holding the password, kept apart from cloud.json.
     */
    public record DatabaseConfig(String url, String user, String passwordFile) {
        public DatabaseConfig {
            if (url == null || !url.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("the database URL must be jdbc:postgresql://HOST:PORT/DB");
            }
        }
    }

    public CloudConfig {
        hostNames = List.copyOf(hostNames);
    }

    public CloudConfig(String listenAddress, int port, List<String> hostNames, String masterKeyFile) {
        this(listenAddress, port, hostNames, masterKeyFile, null);
    }

    public static CloudConfig load(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            throw new IOException("no cloud service in " + dir + " (run kerbridge cloud init first)");
        }
        try {
            return Json.MAPPER.readValue(Files.readString(f), CloudConfig.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IOException("cannot read " + f + ": " + e.getOriginalMessage());
        }
    }

    public void save(Path dir) throws IOException {
        Files.write(dir.resolve(FILE), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }

    public Path masterKey(Path dir) {
        return dir.resolve(masterKeyFile);
    }
}
