// protocol-notes §5.1-§5.3; schema db/cloud/V6__cloud_realm.sql (portable SQL: H2 and PostgreSQL).
package io.kerbridge.cloud.realm;

import static io.kerbridge.cloud.store.SqlCloudStore.exec;
import static io.kerbridge.cloud.store.SqlCloudStore.prepare;

import io.kerbridge.cloud.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link RealmStore} on the cloud database. */
public final class SqlRealmStore implements RealmStore {
    private static final String SP_COLS = "id, tenant_id, spn, display_name, kvno, key_sealed, created_at, keys_updated_at";

    private final Database db;

    public SqlRealmStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<StoredRealmKey> realmKey(String tenantId, int kvno) {
        return db.tx(c -> first(realmKeys(c, "WHERE tenant_id = ? AND kvno = ?", tenantId, kvno)));
    }

    @Override
    public Optional<StoredRealmKey> currentRealmKey(String tenantId) {
        return db.tx(c -> current(c, tenantId));
    }

    @Override
    public StoredRealmKey currentRealmKeyOrInsert(String tenantId, Supplier<StoredRealmKey> create) {
        return db.tx(c -> {
            Optional<StoredRealmKey> existing = current(c, tenantId);
            if (existing.isPresent()) {
                return existing.get();
            }
            StoredRealmKey k = create.get();
            exec(c, "INSERT INTO cloud_realm_key (tenant_id, kvno, key_sealed, created_at) VALUES (?, ?, ?, ?)",
                    k.tenantId(), k.kvno(), k.sealedKey(), k.createdAt().toEpochMilli());
            return k;
        });
    }

    private static Optional<StoredRealmKey> current(Connection c, String tenantId) throws SQLException {
        return first(realmKeys(c, "WHERE tenant_id = ? ORDER BY kvno DESC", tenantId));
    }

    private static List<StoredRealmKey> realmKeys(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, "SELECT tenant_id, kvno, key_sealed, created_at FROM cloud_realm_key "
                + where, args); ResultSet rs = ps.executeQuery()) {
            List<StoredRealmKey> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new StoredRealmKey(rs.getString(1), rs.getInt(2), rs.getBytes(3),
                        Instant.ofEpochMilli(rs.getLong(4))));
            }
            return out;
        }
    }

    @Override
    public void insertServicePrincipal(StoredServicePrincipal sp) {
        db.tx(c -> exec(c, "INSERT INTO cloud_service_principal (" + SP_COLS + ", spn_key)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                sp.id(), sp.tenantId(), sp.spn(), sp.displayName(), sp.kvno(), sp.sealedKey(),
                sp.createdAt().toEpochMilli(), sp.keysUpdatedAt().toEpochMilli(), spnKey(sp.spn())));
    }

    @Override
    public Optional<StoredServicePrincipal> servicePrincipal(String tenantId, String id) {
        return db.tx(c -> first(principals(c, "WHERE tenant_id = ? AND id = ?", tenantId, id)));
    }

    @Override
    public Optional<StoredServicePrincipal> servicePrincipalBySpn(String tenantId, String spn) {
        return db.tx(c -> first(principals(c, "WHERE tenant_id = ? AND spn_key = ?", tenantId, spnKey(spn))));
    }

    @Override
    public List<StoredServicePrincipal> servicePrincipals(String tenantId) {
        return db.tx(c -> principals(c, "WHERE tenant_id = ? ORDER BY spn_key", tenantId));
    }

    @Override
    public boolean replaceServicePrincipalKey(String tenantId, String id, int expectedKvno, int kvno, byte[] sealedKey,
            Instant at) {
        return db.tx(c -> exec(c, "UPDATE cloud_service_principal SET kvno = ?, key_sealed = ?, keys_updated_at = ?"
                + " WHERE tenant_id = ? AND id = ? AND kvno = ?", kvno, sealedKey, at.toEpochMilli(), tenantId, id,
                expectedKvno) == 1);
    }

    @Override
    public boolean deleteServicePrincipal(String tenantId, String id) {
        return db.tx(c -> exec(c, "DELETE FROM cloud_service_principal WHERE tenant_id = ? AND id = ?", tenantId, id) == 1);
    }

    private static List<StoredServicePrincipal> principals(Connection c, String where, Object... args)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, "SELECT " + SP_COLS + " FROM cloud_service_principal " + where, args);
                ResultSet rs = ps.executeQuery()) {
            List<StoredServicePrincipal> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new StoredServicePrincipal(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getBytes(6), Instant.ofEpochMilli(rs.getLong(7)),
                        Instant.ofEpochMilli(rs.getLong(8))));
            }
            return out;
        }
    }

    @Override
    public Optional<List<String>> topLevelNames(String tenantId) {
        return db.tx(c -> {
            try (PreparedStatement ps = prepare(c, "SELECT top_level_names FROM cloud_realm_settings WHERE tenant_id = ?",
                    tenantId); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String s = rs.getString(1);
                return Optional.of(s.isEmpty() ? List.of() : Arrays.asList(s.split(",")));
            }
        });
    }

    @Override
    public void setTopLevelNames(String tenantId, Optional<List<String>> names, Instant at) {
        db.tx(c -> {
            exec(c, "DELETE FROM cloud_realm_settings WHERE tenant_id = ?", tenantId);
            if (names.isPresent()) {
                exec(c, "INSERT INTO cloud_realm_settings (tenant_id, top_level_names, updated_at) VALUES (?, ?, ?)",
                        tenantId, String.join(",", names.get()), at.toEpochMilli());
            }
            return null;
        });
    }

    static String spnKey(String spn) {
        return spn.toLowerCase(Locale.ROOT);
    }

    private static <T> Optional<T> first(List<T> l) {
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }
}
