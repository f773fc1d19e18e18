package io.kerbridge.cloud;

import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.PasswordHash;
import io.kerbridge.cloud.auth.TokenService;
import io.kerbridge.cloud.auth.Totp;
import io.kerbridge.cloud.store.Database;
import io.kerbridge.cloud.store.MasterKey;
import io.kerbridge.cloud.store.Role;
import io.kerbridge.cloud.store.SqlCloudStore;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code kerbridge cloud init}: a new data directory (0700) with the master key (0600), the tenant CA and TLS
 * certificate, the database, one tenant (random UUID, its verified domains, an ES256 signing key) and its
 * first Global Administrator, whose TOTP secret is returned once for enrolment.
 */
public final class CloudInit {
    private CloudInit() {}

    /**
     * What to create. {@code database}: a PostgreSQL database for the data (its password file is copied into the
     * data directory with mode 0600), or null for the embedded H2 file.
     */
    public record Spec(Path dir, String tenantDomain, List<String> extraDomains, String displayName, String adminUpn,
            char[] adminPassword, String listenAddress, int port, List<String> hostNames, Postgres database) {
        public Spec(Path dir, String tenantDomain, List<String> extraDomains, String displayName, String adminUpn,
                char[] adminPassword, String listenAddress, int port, List<String> hostNames) {
            this(dir, tenantDomain, extraDomains, displayName, adminUpn, adminPassword, listenAddress, port, hostNames, null);
        }
    }

    /** A PostgreSQL database to use: JDBC URL, user, and a file with the password. */
    public record Postgres(String url, String user, Path passwordFile) {}

    static final String DB_PASSWORD_FILE = "database.password";

    /** What the admin needs once: the tenant id and the TOTP secret to enrol in an authenticator app. */
    public record Result(String tenantId, String adminUserId, String adminUpn, String totpSecretBase32, String otpauthUri,
            Path caCertificate, CloudConfig config) {}

    public static Result init(Spec s, Clock clock, SecureRandom random) throws IOException {
        String domain = s.tenantDomain().toLowerCase(Locale.ROOT);
        if (!domain.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
            throw new CloudException("'" + s.tenantDomain() + "' is not a DNS domain name");
        }
        String upn = s.adminUpn();
        if (!upn.toLowerCase(Locale.ROOT).endsWith("@" + domain)) {
            throw new CloudException("the administrator's UPN must be in the tenant domain: name@" + domain);
        }
        if (s.adminPassword().length < 8) {
            throw new CloudException("the administrator's password must have at least 8 characters");
        }
        if (Files.exists(s.dir().resolve(CloudConfig.FILE)) || Database.exists(s.dir())) {
            throw new CloudException(s.dir() + " already holds a cloud service");
        }
        Files.createDirectories(s.dir());
        try {
            Files.setPosixFilePermissions(s.dir(), PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not POSIX
        }
        List<String> hosts = s.hostNames().isEmpty() ? List.of("login." + domain, "localhost", "127.0.0.1") : s.hostNames();
        CloudConfig.DatabaseConfig db = null;
        if (s.database() != null) {
            db = new CloudConfig.DatabaseConfig(s.database().url(), s.database().user(), DB_PASSWORD_FILE);
            Path pw = s.dir().resolve(DB_PASSWORD_FILE);
            Files.writeString(pw, Files.readString(s.database().passwordFile()).strip() + "\n");
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        }
        CloudConfig cfg = new CloudConfig(s.listenAddress(), s.port(), hosts, "master.key", db);
        MasterKey master = MasterKey.create(cfg.masterKey(s.dir()), random);
        TenantCa.create(s.dir(), "Kerbridge tenant CA " + domain, hosts, master, random);
        Instant now = clock.instant();
        List<String> domains = new ArrayList<>(List.of(domain));
        s.extraDomains().stream().map(d -> d.toLowerCase(Locale.ROOT)).filter(d -> !domains.contains(d)).forEach(domains::add);
        Tenant tenant = new Tenant(UUID.randomUUID().toString(),
                s.displayName() == null ? domain : s.displayName(), domains, now);
        byte[] secret = new byte[Totp.SECRET_BYTES];
        random.nextBytes(secret);
        String adminUpn = upn.substring(0, upn.lastIndexOf('@')) + "@" + domain;
        User admin = new User(UUID.randomUUID().toString(), tenant.id(), adminUpn, "Global Administrator",
                User.Source.CLOUD, true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(now),
                Optional.empty(), false, now, now);
        try (SqlCloudStore store = SqlCloudStore.open(s.dir(), db)) {
            if (!store.tenants().all().isEmpty()) {
                throw new CloudException("the database already holds a tenant; to add a node, copy the data directory of"
                        + " the first one (cloud.json, master.key, the CA and TLS key stores) instead of running init again");
            }
            store.tenants().create(tenant);
            store.signingKeys().insert(TokenService.newKey(tenant.id(), master, random, now));
            store.users().insert(admin, Optional.of(PasswordHash.hash(s.adminPassword(), random)),
                    Optional.of(master.seal(secret, "totp:" + admin.id())));
            store.roles().assign(admin.id(), Role.GLOBAL_ADMINISTRATOR);
            new AuditLog(store.audit(), clock).change(tenant.id(), AuditLog.USERS, "Create tenant and first administrator",
                    "kerbridge cloud init", adminUpn);
        }
        cfg.save(s.dir());
        Arrays.fill(s.adminPassword(), '\0');
        return new Result(tenant.id(), admin.id(), adminUpn, Base32.encode(secret),
                Totp.uri("Kerbridge " + domain, adminUpn, secret), s.dir().resolve(TenantCa.CA_PEM), cfg);
    }
}
