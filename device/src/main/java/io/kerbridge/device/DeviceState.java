// protocol-notes §3.1 (a registered device: device id = the certificate's CN, tenant), §3.5 (what dsregcmd shows of it).
package io.kerbridge.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import tools.jackson.core.JacksonException;

/**
 * {@code device.json}: what the device knows of its registration. {@code caCertificate} is the path of the tenant
 * CA copied into the device directory at join; {@code tenantDomain} is what was given to {@code --tenant}.
 */
public record DeviceState(String deviceId, String tenantId, String tenantDomain, String displayName, String cloudUrl,
        String caCertificate, Instant joinedAt) {
    public static final String FILE = "device.json";

    public static boolean joined(Path dir) {
        return Files.exists(dir.resolve(FILE));
    }

    public static DeviceState load(Path dir) throws DeviceException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            throw new DeviceException("this device is not joined (no " + f + "); run kerbridge device join first");
        }
        try {
            DeviceState s = DeviceJson.MAPPER.readValue(PrivateFiles.read(f), DeviceState.class);
            if (s.deviceId() == null || s.tenantId() == null || s.cloudUrl() == null || s.caCertificate() == null) {
                throw new DeviceException(f + " is incomplete; run kerbridge device leave and join again");
            }
            return s;
        } catch (JacksonException | IOException e) {
            throw new DeviceException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    void save(Path dir) throws IOException {
        PrivateFiles.write(dir.resolve(FILE), DeviceJson.pretty(this));
    }

    public Path caPath() {
        return Path.of(caCertificate);
    }

    public CloudClient client() throws DeviceException {
        return new CloudClient(cloudUrl, caPath());
    }
}
