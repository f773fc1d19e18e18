// protocol-notes §3.1 (devices, Hello keys), §3.4 (device policy).
package io.kerbridge.cloud.device;

import io.kerbridge.cloud.AuditLog;
import io.kerbridge.cloud.Metrics;
import io.kerbridge.cloud.http.Route;
import io.kerbridge.cloud.store.MasterKey;
import io.kerbridge.cloud.store.SqlCloudStore;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/**
 * The devices part of the cloud service, wired once by {@code CloudService}: device registration and
 * administration ({@link DeviceRoutes}), device authentication ({@link DeviceAuthenticator}), Hello key
 * provisioning ({@link HelloKeyRoutes}) and the device policy ({@link DevicePolicyService},
 * {@link DevicePolicyRoutes}).
 */
public final class DeviceService {
    private final DeviceCertificates certificates;
    private final DeviceAuthenticator authenticator;
    private final DevicePolicyService policies;
    private final List<Route> routes;

    private DeviceService(DeviceCertificates certificates, DeviceAuthenticator authenticator, DevicePolicyService policies,
            List<Route> routes) {
        this.certificates = certificates;
        this.authenticator = authenticator;
        this.policies = policies;
        this.routes = routes;
    }

    public static DeviceService create(Path dir, SqlCloudStore store, MasterKey master, AuditLog audit, Metrics metrics,
            Clock clock, SecureRandom random) throws IOException {
        DeviceCertificates certs = DeviceCertificates.load(dir, master, clock, random);
        DeviceStore devices = store.devices();
        DeviceAuthenticator auth = new DeviceAuthenticator(devices, certs, metrics, clock);
        DevicePolicyService policies = new DevicePolicyService(new SqlDevicePolicyStore(store.database()), store.groups());
        List<Route> routes = Stream.of(
                new DeviceRoutes(devices, certs, audit, metrics, clock).routes(),
                new HelloKeyRoutes(devices, store.users(), auth, audit, metrics, clock).routes(),
                new DevicePolicyRoutes(policies, auth, store.groups(), audit, clock).routes())
                .flatMap(List::stream).toList();
        return new DeviceService(certs, auth, policies, routes);
    }

    public List<Route> routes() {
        return routes;
    }

    public DeviceCertificates certificates() {
        return certificates;
    }

    public DeviceAuthenticator authenticator() {
        return authenticator;
    }

    public DevicePolicyService policies() {
        return policies;
    }
}
