package io.kerbridge.cloud.store;

import static io.kerbridge.cloud.store.SqlCloudStore.exec;
import static io.kerbridge.cloud.store.SqlCloudStore.prepare;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link KerberosDomainStore} on the cloud database (portable SQL). */
public final class SqlKerberosDomainStore implements KerberosDomainStore {
    private static final String COLS = "tenant_id, dns_name, rodc_number, key_version, key_updated_on, key_updated_from,"
            + " key_sealed, secondary_version, secondary_updated_on, secondary_updated_from, secondary_sealed";

    private final Database db;

    public SqlKerberosDomainStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<TransportKey> transportKey(String tenantId) {
        return db.tx(c -> transportKey(c, tenantId));
    }

    @Override
    public TransportKey insertTransportKeyIfAbsent(TransportKey k) {
        return db.tx(c -> {
            Optional<TransportKey> existing = transportKey(c, k.tenantId());
            if (existing.isPresent()) {
                return existing.get();
            }
            exec(c, "INSERT INTO kerberos_transport_key (tenant_id, kid, sealed_pkcs8, created_at) VALUES (?, ?, ?, ?)",
                    k.tenantId(), k.kid(), k.sealedPkcs8(), k.createdAt().toEpochMilli());
            return k;
        });
    }

    private static Optional<TransportKey> transportKey(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement ps = prepare(c, "SELECT kid, sealed_pkcs8, created_at FROM kerberos_transport_key"
                + " WHERE tenant_id = ?", tenantId); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new TransportKey(tenantId, rs.getString(1), rs.getBytes(2),
                    Instant.ofEpochMilli(rs.getLong(3)))) : Optional.empty();
        }
    }

    @Override
    public Optional<StoredDomain> find(String tenantId, String dnsName) {
        return db.tx(c -> {
            List<StoredDomain> l = domains(c, "SELECT " + COLS + " FROM kerberos_domain WHERE tenant_id = ? AND dns_name = ?",
                    tenantId, dnsName);
            return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
        });
    }

    @Override
    public List<StoredDomain> list(String tenantId) {
        return db.tx(c -> domains(c, "SELECT " + COLS + " FROM kerberos_domain WHERE tenant_id = ? ORDER BY dns_name", tenantId));
    }

    @Override
    public void put(StoredDomain d) {
        db.tx(c -> {
            exec(c, "DELETE FROM kerberos_domain WHERE tenant_id = ? AND dns_name = ?", d.tenantId(), d.dnsName());
            Optional<StoredKey> s = d.secondary();
            exec(c, "INSERT INTO kerberos_domain (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", d.tenantId(),
                    d.dnsName(), d.rodcNumber(), d.primary().version(), d.primary().updatedOn().toEpochMilli(),
                    d.primary().updatedFrom(), d.primary().sealedKey(), s.map(StoredKey::version).orElse(null),
                    s.map(k -> k.updatedOn().toEpochMilli()).orElse(null), s.map(StoredKey::updatedFrom).orElse(null),
                    s.map(StoredKey::sealedKey).orElse(null));
            return null;
        });
    }

    @Override
    public boolean delete(String tenantId, String dnsName) {
        return db.tx(c -> exec(c, "DELETE FROM kerberos_domain WHERE tenant_id = ? AND dns_name = ?", tenantId, dnsName) == 1);
    }

    private static List<StoredDomain> domains(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<StoredDomain> out = new ArrayList<>();
            while (rs.next()) {
                StoredKey primary = new StoredKey(rs.getLong(4), Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6),
                        rs.getBytes(7));
                long sv = rs.getLong(8);
                Optional<StoredKey> secondary = rs.wasNull() ? Optional.empty()
                        : Optional.of(new StoredKey(sv, Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10), rs.getBytes(11)));
                out.add(new StoredDomain(rs.getString(1), rs.getString(2), rs.getInt(3), primary, secondary));
            }
            return out;
        }
    }
}
