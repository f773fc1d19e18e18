package io.kerbridge.cloud;

import io.kerbridge.cloud.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code <dir>/cloud.json}: where the service listens, its host names, and where its master key is. */
public record CloudConfig(String listenAddress, int port, List<String> hostNames, String masterKeyFile) {
    public static final String FILE = "cloud.json";

    public CloudConfig {
        hostNames = List.copyOf(hostNames);
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
