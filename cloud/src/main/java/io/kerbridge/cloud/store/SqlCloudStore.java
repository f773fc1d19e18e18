package io.kerbridge.cloud.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link CloudStore} on the embedded H2 database (portable SQL; see {@code db/cloud/V1__cloud.sql}). */
public final class SqlCloudStore implements CloudStore {
    private final Database db;
    private final TenantsSql tenants = new TenantsSql();
    private final UsersSql users = new UsersSql();
    private final GroupsSql groups = new GroupsSql();
    private final RolesSql roles = new RolesSql();
    private final SigningKeysSql signingKeys = new SigningKeysSql();
    private final AuditSql audit = new AuditSql();

    private SqlCloudStore(Database db) {
        this.db = db;
    }

    public static SqlCloudStore open(Path dataDir) {
        return new SqlCloudStore(Database.open(dataDir));
    }

    /** The embedded database of {@code dataDir}, or the PostgreSQL database {@code pg} when given. */
    public static SqlCloudStore open(Path dataDir, io.kerbridge.cloud.CloudConfig.DatabaseConfig pg) {
        if (pg == null) {
            return open(dataDir);
        }
        String password;
        try {
            password = java.nio.file.Files.readString(dataDir.resolve(pg.passwordFile())).strip();
        } catch (java.io.IOException e) {
            throw new io.kerbridge.cloud.CloudException("cannot read the database password file " + pg.passwordFile()
                    + " (" + e.getMessage() + ")", e);
        }
        return new SqlCloudStore(Database.open(pg.url(), pg.user(), password));
    }

    /** The database, for the SQL stores of other packages (devices, FIDO2, cloud realm, policy). */
    public Database database() {
        return db;
    }

    // @formatter:off
    @Override public Tenants tenants() { return tenants; }
    @Override public Users users() { return users; }
    @Override public Groups groups() { return groups; }
    @Override public Roles roles() { return roles; }
    @Override public SigningKeys signingKeys() { return signingKeys; }
    @Override public Audit audit() { return audit; }
    @Override public KerberosDomainStore kerberosDomains() { return new SqlKerberosDomainStore(db); }
    @Override public io.kerbridge.cloud.device.DeviceStore devices() { return new io.kerbridge.cloud.device.SqlDeviceStore(db); }
    // @formatter:on

    @Override
    public void close() {
        try {
            audit.flush(); // normally nothing is left: every append writes its event before it returns
        } finally {
            db.close();
        }
    }

    private final class TenantsSql implements Tenants {

    @Override
    public void create(Tenant t) {
        db.tx(c -> {
            exec(c, "INSERT INTO tenant (id, display_name, created_at) VALUES (?, ?, ?)", t.id(), t.displayName(),
                    t.createdAt().toEpochMilli());
            for (int i = 0; i < t.domains().size(); i++) {
                exec(c, "INSERT INTO tenant_domain (domain_name, tenant_id, is_initial) VALUES (?, ?, ?)",
                        t.domains().get(i).toLowerCase(java.util.Locale.ROOT), t.id(), i == 0);
            }
            return null;
        });
    }

    @Override
    public Optional<Tenant> find(String idOrDomain) {
        return db.tx(c -> {
            String id = idOrDomain;
            List<String> byDomain = strings(c, "SELECT tenant_id FROM tenant_domain WHERE domain_name = ?",
                    idOrDomain.toLowerCase(java.util.Locale.ROOT));
            if (!byDomain.isEmpty()) {
                id = byDomain.get(0);
            }
            return tenant(c, id);
        });
    }

    @Override
    public List<Tenant> all() {
        return db.tx(c -> {
            List<Tenant> out = new ArrayList<>();
            for (String id : strings(c, "SELECT id FROM tenant ORDER BY created_at")) {
                tenant(c, id).ifPresent(out::add);
            }
            return out;
        });
    }

    private Optional<Tenant> tenant(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT display_name, created_at FROM tenant WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<String> domains = strings(c,
                        "SELECT domain_name FROM tenant_domain WHERE tenant_id = ? ORDER BY is_initial DESC, domain_name", id);
                return Optional.of(new Tenant(id, rs.getString(1), domains, Instant.ofEpochMilli(rs.getLong(2))));
            }
        }
    }

    }

    private final class UsersSql implements Users {

    private static final String USER_COLS = "id, tenant_id, upn, display_name, source, enabled, on_prem_sam, on_prem_domain,"
            + " on_prem_sid, password_last_set, password_expires, password_expired, created_at, updated_at";

    @Override
    public void insert(User u, Optional<String> passwordHash, Optional<byte[]> sealedTotp) {
        db.tx(c -> exec(c, "INSERT INTO app_user (" + USER_COLS + ", password_hash, totp_sealed, totp_last_step,"
                + " failed_logins, locked_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)",
                u.id(), u.tenantId(), u.upn(), u.displayName(), u.source().name(), u.enabled(),
                u.onPremisesSamAccountName().orElse(null), u.onPremisesDomainName().orElse(null),
                u.onPremisesSecurityIdentifier().orElse(null), millis(u.passwordLastSet()), millis(u.passwordExpiresOn()),
                u.passwordExpired(), u.createdAt().toEpochMilli(), u.updatedAt().toEpochMilli(), passwordHash.orElse(null),
                sealedTotp.orElse(null)));
    }

    @Override
    public Optional<User> find(String tenantId, String idOrUpn) {
        return db.tx(c -> first(users(c, "SELECT " + USER_COLS + " FROM app_user WHERE tenant_id = ? AND (id = ? OR LOWER(upn) = ?)",
                tenantId, idOrUpn, idOrUpn.toLowerCase(java.util.Locale.ROOT))));
    }

    @Override
    public Optional<User> findBySid(String tenantId, String sid) {
        return db.tx(c -> first(users(c, "SELECT " + USER_COLS + " FROM app_user WHERE tenant_id = ? AND on_prem_sid = ?",
                tenantId, sid)));
    }

    @Override
    public List<User> list(String tenantId) {
        return db.tx(c -> users(c, "SELECT " + USER_COLS + " FROM app_user WHERE tenant_id = ? ORDER BY upn", tenantId));
    }

    @Override
    public void update(User u) {
        db.tx(c -> exec(c, "UPDATE app_user SET upn = ?, display_name = ?, source = ?, enabled = ?, on_prem_sam = ?,"
                + " on_prem_domain = ?, on_prem_sid = ?, password_last_set = ?, password_expires = ?, password_expired = ?,"
                + " updated_at = ? WHERE id = ?", u.upn(), u.displayName(), u.source().name(), u.enabled(),
                u.onPremisesSamAccountName().orElse(null), u.onPremisesDomainName().orElse(null),
                u.onPremisesSecurityIdentifier().orElse(null), millis(u.passwordLastSet()), millis(u.passwordExpiresOn()),
                u.passwordExpired(), u.updatedAt().toEpochMilli(), u.id()));
    }

    @Override
    public void setPasswordHash(String userId, String passwordHash) {
        db.tx(c -> exec(c, "UPDATE app_user SET password_hash = ? WHERE id = ?", passwordHash, userId));
    }

    @Override
    public Optional<Credentials> credentials(String userId) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT password_hash, totp_sealed, totp_last_step, failed_logins,"
                    + " locked_until FROM app_user WHERE id = ?")) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Credentials(Optional.ofNullable(rs.getString(1)),
                            Optional.ofNullable(rs.getBytes(2)), rs.getLong(3), rs.getInt(4), Instant.ofEpochMilli(rs.getLong(5))));
                }
            }
        });
    }

    @Override
    public boolean replaceTotp(String userId, byte[] sealedTotp) {
        return db.tx(c -> exec(c, "UPDATE app_user SET totp_sealed = ?, totp_last_step = 0 WHERE id = ?", sealedTotp,
                userId)) == 1;
    }

    @Override
    public boolean consumeTotpStep(String userId, long step) {
        return db.tx(c -> exec(c, "UPDATE app_user SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?",
                step, userId, step)) == 1;
    }

    @Override
    public int recordFailure(String userId, int threshold, Instant lockUntil) {
        return db.tx(c -> {
            exec(c, "UPDATE app_user SET failed_logins = failed_logins + 1 WHERE id = ?", userId);
            int n;
            try (PreparedStatement ps = prepare(c, "SELECT failed_logins FROM app_user WHERE id = ?", userId);
                    ResultSet rs = ps.executeQuery()) {
                n = rs.next() ? rs.getInt(1) : 0;
            }
            if (n >= threshold) {
                exec(c, "UPDATE app_user SET locked_until = ?, failed_logins = 0 WHERE id = ?", lockUntil.toEpochMilli(), userId);
            }
            return n;
        });
    }

    @Override
    public void resetFailures(String userId) {
        db.tx(c -> exec(c, "UPDATE app_user SET failed_logins = 0, locked_until = 0 WHERE id = ?", userId));
    }

    private List<User> users(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<User> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        User.Source.valueOf(rs.getString(5)), rs.getBoolean(6), Optional.ofNullable(rs.getString(7)),
                        Optional.ofNullable(rs.getString(8)), Optional.ofNullable(rs.getString(9)), instant(rs, 10),
                        instant(rs, 11), rs.getBoolean(12), Instant.ofEpochMilli(rs.getLong(13)),
                        Instant.ofEpochMilli(rs.getLong(14))));
            }
            return out;
        }
    }

    }

    private static final String GROUP_COLS = "id, tenant_id, display_name, description, created_at, on_prem_sid, on_prem_sam, on_prem_domain";

    private final class GroupsSql implements Groups {
        @Override
        public void insert(Group g) {
            db.tx(c -> exec(c, "INSERT INTO app_group (" + GROUP_COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    g.id(), g.tenantId(), g.displayName(), g.description().orElse(null), g.createdAt().toEpochMilli(),
                    g.onPremises().map(Group.OnPremises::securityIdentifier).orElse(null),
                    g.onPremises().map(Group.OnPremises::samAccountName).orElse(null),
                    g.onPremises().map(Group.OnPremises::domainName).orElse(null)));
        }

        @Override
        public void update(Group g) {
            db.tx(c -> exec(c, "UPDATE app_group SET display_name = ?, description = ?, on_prem_sam = ?, on_prem_domain = ?"
                    + " WHERE id = ?", g.displayName(), g.description().orElse(null),
                    g.onPremises().map(Group.OnPremises::samAccountName).orElse(null),
                    g.onPremises().map(Group.OnPremises::domainName).orElse(null), g.id()));
        }

        @Override
        public Optional<Group> findBySid(String tenantId, String sid) {
            return db.tx(c -> first(groups(c, "SELECT " + GROUP_COLS + " FROM app_group WHERE tenant_id = ? AND on_prem_sid = ?",
                    tenantId, sid)));
        }

        @Override
        public boolean delete(String groupId) {
            return db.tx(c -> {
                exec(c, "DELETE FROM group_member WHERE group_id = ?", groupId);
                // a device-policy setting assigned to this group loses its target: it becomes "not configured" (off)
                exec(c, "DELETE FROM device_policy_setting WHERE group_id = ?", groupId);
                return exec(c, "DELETE FROM app_group WHERE id = ?", groupId) == 1;
            });
        }

        @Override
        public void setMembers(String groupId, java.util.Collection<String> userIds) {
            db.tx(c -> {
                exec(c, "DELETE FROM group_member WHERE group_id = ?", groupId);
                for (String u : new java.util.TreeSet<>(userIds)) {
                    exec(c, "INSERT INTO group_member (group_id, user_id) VALUES (?, ?)", groupId, u);
                }
                return null;
            });
        }

        @Override
        public Optional<Group> find(String tenantId, String idOrName) {
            return db.tx(c -> first(groups(c, "SELECT " + GROUP_COLS + " FROM app_group"
                    + " WHERE tenant_id = ? AND (id = ? OR display_name = ?)", tenantId, idOrName, idOrName)));
        }

        @Override
        public List<Group> list(String tenantId) {
            return db.tx(c -> groups(c, "SELECT " + GROUP_COLS + " FROM app_group"
                    + " WHERE tenant_id = ? ORDER BY display_name", tenantId));
        }

        @Override
        public boolean addMember(String groupId, String userId) {
            return db.tx(c -> {
                if (!strings(c, "SELECT user_id FROM group_member WHERE group_id = ? AND user_id = ?", groupId, userId).isEmpty()) {
                    return false;
                }
                exec(c, "INSERT INTO group_member (group_id, user_id) VALUES (?, ?)", groupId, userId);
                return true;
            });
        }

        @Override
        public boolean removeMember(String groupId, String userId) {
            return db.tx(c -> exec(c, "DELETE FROM group_member WHERE group_id = ? AND user_id = ?", groupId, userId) == 1);
        }

        @Override
        public List<String> members(String groupId) {
            return db.tx(c -> strings(c, "SELECT user_id FROM group_member WHERE group_id = ? ORDER BY user_id", groupId));
        }

        @Override
        public List<String> groupsOf(String userId) {
            return db.tx(c -> strings(c, "SELECT group_id FROM group_member WHERE user_id = ? ORDER BY group_id", userId));
        }

        private List<Group> groups(Connection c, String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
                List<Group> out = new ArrayList<>();
                while (rs.next()) {
                    Optional<Group.OnPremises> onPrem = rs.getString(6) == null ? Optional.empty()
                            : Optional.of(new Group.OnPremises(rs.getString(6), rs.getString(7), rs.getString(8)));
                    out.add(new Group(rs.getString(1), rs.getString(2), rs.getString(3), Optional.ofNullable(rs.getString(4)),
                            Instant.ofEpochMilli(rs.getLong(5)), onPrem));
                }
                return out;
            }
        }
    }

    private final class RolesSql implements Roles {
        @Override
        public Set<Role> of(String userId) {
            return db.tx(c -> {
                Set<Role> out = EnumSet.noneOf(Role.class);
                for (String r : strings(c, "SELECT role FROM role_assignment WHERE user_id = ?", userId)) {
                    out.add(Role.valueOf(r));
                }
                return out;
            });
        }

        @Override
        public boolean assign(String userId, Role role) {
            return db.tx(c -> {
                if (!strings(c, "SELECT role FROM role_assignment WHERE user_id = ? AND role = ?", userId, role.name()).isEmpty()) {
                    return false;
                }
                exec(c, "INSERT INTO role_assignment (user_id, role) VALUES (?, ?)", userId, role.name());
                return true;
            });
        }

        @Override
        public boolean unassign(String userId, Role role) {
            return db.tx(c -> exec(c, "DELETE FROM role_assignment WHERE user_id = ? AND role = ?", userId, role.name()) == 1);
        }

        @Override
        public List<String> holders(String tenantId, Role role) {
            return db.tx(c -> strings(c, "SELECT r.user_id FROM role_assignment r JOIN app_user u ON u.id = r.user_id"
                    + " WHERE u.tenant_id = ? AND r.role = ? ORDER BY r.user_id", tenantId, role.name()));
        }
    }

    private final class SigningKeysSql implements SigningKeys {
        @Override
        public void insert(Sealed k) {
            db.tx(c -> exec(c, "INSERT INTO signing_key (kid, tenant_id, sealed_jwk, created_at, active) VALUES (?, ?, ?, ?, ?)",
                    k.kid(), k.tenantId(), k.sealedJwk(), k.createdAt().toEpochMilli(), k.active()));
        }

        @Override
        public List<Sealed> forTenant(String tenantId) {
            return db.tx(c -> {
                try (PreparedStatement ps = prepare(c, "SELECT kid, sealed_jwk, created_at, active FROM signing_key"
                        + " WHERE tenant_id = ? ORDER BY created_at DESC", tenantId); ResultSet rs = ps.executeQuery()) {
                    List<Sealed> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new Sealed(rs.getString(1), tenantId, rs.getBytes(2), Instant.ofEpochMilli(rs.getLong(3)),
                                rs.getBoolean(4)));
                    }
                    return out;
                }
            });
        }
    }

    /**
     * Group commit (issue 9: one INSERT and commit per PRT sign-in, through the store's one connection, was a fifth of
     * the sign-in's CPU). {@link #append} queues the event and then takes the writer lock; the thread that holds it
     * writes <em>every</em> queued event in one transaction. A thread whose event went into another thread's commit
     * finds it done when it gets the lock and returns without a transaction of its own. So an event is committed
     * before {@code append} returns (durable before the sign-in is answered), and under load one commit carries the
     * events of all the sign-ins that arrived while the previous commit was being written.
     */
    private final class AuditSql implements Audit {
        /** One queued event; {@code state} is set by the writer after its transaction ended. */
        private static final class Queued {
            final AuditEvent event;
            volatile int state; // 0 queued, 1 committed, 2 failed

            Queued(AuditEvent event) {
                this.event = event;
            }
        }

        private final java.util.concurrent.ConcurrentLinkedQueue<Queued> pending =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.concurrent.locks.ReentrantLock writer = new java.util.concurrent.locks.ReentrantLock();

        @Override
        public void append(AuditEvent e) {
            Queued q = new Queued(e);
            pending.add(q);
            writer.lock();
            try {
                if (q.state == 0) {
                    writeQueued();
                }
            } finally {
                writer.unlock();
            }
            if (q.state != 1) {
                throw new io.kerbridge.cloud.CloudException("the audit event was not written (see the earlier error)");
            }
        }

        /** Writes every queued event in one transaction; the caller holds {@link #writer}. */
        private void writeQueued() {
            List<Queued> batch = new ArrayList<>();
            Queued q;
            while ((q = pending.poll()) != null) {
                batch.add(q);
            }
            if (batch.isEmpty()) {
                return;
            }
            int outcome = 2;
            try {
                db.tx(c -> {
                    for (Queued b : batch) {
                        AuditEvent e = b.event;
                        exec(c, "INSERT INTO audit_event (tenant_id, at, category, activity, actor, target, result,"
                                + " status_code, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e.tenantId(),
                                e.at().toEpochMilli(), e.category(), e.activity(), clip(e.actor(), 256),
                                clip(e.target(), 256), e.result(), e.statusCode(), e.detail().map(d -> clip(d, 512)).orElse(null));
                    }
                    return null;
                });
                outcome = 1;
            } finally {
                for (Queued b : batch) {
                    b.state = outcome;
                }
            }
        }

        /** Writes whatever is queued (a query's first step, and close). */
        void flush() {
            writer.lock();
            try {
                writeQueued();
            } finally {
                writer.unlock();
            }
        }

        @Override
        public List<AuditEvent> query(String tenantId, Optional<String> category, long beforeId, int limit) {
            return db.tx(c -> {
                String sql = "SELECT id, tenant_id, at, category, activity, actor, target, result, status_code, detail"
                        + " FROM audit_event WHERE tenant_id = ? AND id < ?" + (category.isPresent() ? " AND category = ?" : "")
                        + " ORDER BY id DESC";
                Object[] args = category.isPresent() ? new Object[] {tenantId, beforeId, category.get()}
                        : new Object[] {tenantId, beforeId};
                try (PreparedStatement ps = prepare(c, sql, args)) {
                    ps.setMaxRows(limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        List<AuditEvent> out = new ArrayList<>();
                        while (rs.next()) {
                            out.add(new AuditEvent(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                    rs.getInt(9), Optional.ofNullable(rs.getString(10))));
                        }
                        return out;
                    }
                }
            });
        }

        private static String clip(String s, int n) {
            return s.length() <= n ? s : s.substring(0, n);
        }
    }

    // ---- JDBC helpers

    /** A statement with positional arguments (null → SQL NULL, byte[] → bytes); shared by the stores of this package. */
    public static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof byte[] b) {
                ps.setBytes(i + 1, b);
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }

    public static int exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    private static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static <T> Optional<T> first(List<T> l) {
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    private static Long millis(Optional<Instant> t) {
        return t.map(Instant::toEpochMilli).orElse(null);
    }

    private static Optional<Instant> instant(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }
}
