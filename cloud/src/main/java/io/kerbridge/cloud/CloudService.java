package io.kerbridge.cloud;

import io.kerbridge.cloud.auth.SignIn;
import io.kerbridge.cloud.auth.TokenService;
import io.kerbridge.cloud.device.DevicePolicies;
import io.kerbridge.cloud.device.DeviceService;
import io.kerbridge.cloud.fido.Fido2Assertions;
import io.kerbridge.cloud.fido.SecurityKeys;
import io.kerbridge.cloud.http.CloudServer;
import io.kerbridge.cloud.http.ManagementApi;
import io.kerbridge.cloud.kerberos.KerberosDomainRoutes;
import io.kerbridge.cloud.kerberos.KerberosDomains;
import io.kerbridge.cloud.prt.PrtEndpoint;
import io.kerbridge.cloud.realm.CloudKerberosRealm;
import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.MasterKey;
import io.kerbridge.cloud.store.SqlCloudStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code kerbridge cloud start}: the running service over one data directory. */
public final class CloudService implements AutoCloseable {
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    private final SqlCloudStore store;
    private final CloudServer server;

    private final KerberosDomains kerberosDomains;
    private final DeviceService devices;
    private final SecurityKeys securityKeys;
    private final CloudKerberosRealm cloudRealm;

    private CloudService(SqlCloudStore store, CloudServer server, KerberosDomains kerberosDomains, DeviceService devices,
            SecurityKeys securityKeys, CloudKerberosRealm cloudRealm) {
        this.store = store;
        this.server = server;
        this.kerberosDomains = kerberosDomains;
        this.devices = devices;
        this.securityKeys = securityKeys;
        this.cloudRealm = cloudRealm;
    }

    /** The tenant's device policy as it applies to a device and user (for the PRT endpoint). */
    public DevicePolicies devicePolicies() {
        return devices.policies();
    }

    /** Device certificates and device-proof checks (protocol-notes §3.1), for other endpoints that authenticate devices. */
    public DeviceService devices() {
        return devices;
    }

    /** In-process verification of FIDO2 security-key assertions (the PRT endpoint's {@code webauthn} claim). */
    public Fido2Assertions fido2Assertions() {
        return securityKeys.assertions();
    }

    /** The tenants' cloud Kerberos realm: the {@code CloudRealm} of the PRT endpoint (tgt_cloud, top-level names). */
    public CloudKerberosRealm cloudRealm() {
        return cloudRealm;
    }

    /** In-process access to the Kerberos domains and their keys (the partial-TGT issuer's {@code forRealm}). */
    public KerberosDomains kerberosDomains() {
        return kerberosDomains;
    }

    /** The service's store, for in-process use (the CLI, tests). */
    public CloudStore store() {
        return store;
    }

    /** Starts on the configured address; {@code portOverride} (0 = any free port) replaces the configured port if given. */
    public static CloudService start(Path dir, Integer portOverride, Clock clock, SecureRandom random) throws IOException {
        CloudConfig cfg = CloudConfig.load(dir);
        MasterKey master = MasterKey.load(cfg.masterKey(dir), random);
        var tls = TenantCa.loadTls(dir, master);
        SqlCloudStore store = SqlCloudStore.open(dir, cfg.database());
        try {
            Metrics metrics = new Metrics();
            AuditLog audit = new AuditLog(store.audit(), clock);
            TokenService tokens = new TokenService(store, master, clock, TOKEN_LIFETIME);
            SignIn signIn = new SignIn(store, master, tokens, audit, metrics, clock);
            ManagementApi api = new ManagementApi(store, master, signIn, audit, metrics, clock, random);
            KerberosDomains kerberosDomains = new KerberosDomains(store.kerberosDomains(), master, clock, random);
            KerberosDomainRoutes kdcRoutes = new KerberosDomainRoutes(kerberosDomains, audit, metrics);
            DeviceService devices = DeviceService.create(dir, store, master, audit, metrics, clock, random);
            CloudKerberosRealm cloudRealm = CloudKerberosRealm.create(store, master, audit, metrics, clock, random);
            byte[] openApi;
            try (InputStream in = CloudService.class.getResourceAsStream("/io/kerbridge/cloud/openapi.json")) {
                openApi = in == null ? "{}".getBytes() : in.readAllBytes();
            }
            int port = portOverride != null ? portOverride : cfg.port();
            var listening = new java.util.concurrent.atomic.AtomicReference<CloudServer>();
            SecurityKeys securityKeys = SecurityKeys.create(store, tokens, audit, metrics, clock, random, cfg.hostNames(),
                    () -> listening.get() == null ? port : listening.get().port());
            PrtEndpoint prt = PrtEndpoint.create(store, devices.certificates(), kerberosDomains, tokens, master, audit, metrics,
                    devices.policies(), Optional.of(cloudRealm), Optional.of(securityKeys.assertions()), clock, random);
            CloudServer server = new CloudServer(new InetSocketAddress(cfg.listenAddress(), port), tls,
                    master.derive(TenantCa.TLS_P12), store, tokens, metrics, openApi,
                    java.util.stream.Stream.of(api.routes(), new io.kerbridge.cloud.http.SyncedGroupsApi(store, audit, metrics, clock)
                            .routes(), kdcRoutes.routes(), devices.routes(), securityKeys.routes(), prt.routes(),
                            cloudRealm.routes())
                            .flatMap(List::stream).toList()).start();
            listening.set(server);
            return new CloudService(store, server, kerberosDomains, devices, securityKeys, cloudRealm);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
