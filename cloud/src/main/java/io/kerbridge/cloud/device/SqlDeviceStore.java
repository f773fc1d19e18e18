package io.kerbridge.cloud.device;

import static io.kerbridge.cloud.store.SqlCloudStore.exec;
import static io.kerbridge.cloud.store.SqlCloudStore.prepare;

import io.kerbridge.cloud.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link DeviceStore} on the cloud database ({@code db/cloud/V3__devices.sql}, portable SQL). */
public final class SqlDeviceStore implements DeviceStore {
    private static final String DEVICE_COLS = "id, tenant_id, display_name, owner_user_id, enabled, certificate,"
            + " device_key_spki, transport_key_blob, os_version, registered_at, updated_at";
    private static final String KEY_COLS = "kid, tenant_id, user_id, device_id, key_blob, created_at";

    private final Database db;

    public SqlDeviceStore(Database db) {
        this.db = db;
    }

    @Override
    public void insert(Device d) {
        db.tx(c -> exec(c, "INSERT INTO device (" + DEVICE_COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", d.id(),
                d.tenantId(), d.displayName(), d.ownerUserId(), d.enabled(), d.certificate(), d.deviceKeySpki(),
                d.transportKeyBlob(), d.osVersion().orElse(null), d.registeredAt().toEpochMilli(),
                d.updatedAt().toEpochMilli()));
    }

    @Override
    public Optional<Device> find(String tenantId, String deviceId) {
        return db.tx(c -> devices(c, "WHERE tenant_id = ? AND id = ?", tenantId, deviceId).stream().findFirst());
    }

    @Override
    public List<Device> list(String tenantId) {
        return db.tx(c -> devices(c, "WHERE tenant_id = ? ORDER BY registered_at, id", tenantId));
    }

    @Override
    public boolean update(Device d) {
        return db.tx(c -> exec(c, "UPDATE device SET display_name = ?, enabled = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
                d.displayName(), d.enabled(), d.updatedAt().toEpochMilli(), d.tenantId(), d.id()) == 1);
    }

    @Override
    public boolean delete(String tenantId, String deviceId) {
        return db.tx(c -> {
            exec(c, "DELETE FROM hello_key WHERE tenant_id = ? AND device_id = ?", tenantId, deviceId);
            return exec(c, "DELETE FROM device WHERE tenant_id = ? AND id = ?", tenantId, deviceId) == 1;
        });
    }

    @Override
    public boolean insertHelloKey(HelloKey k) {
        return db.tx(c -> {
            if (!keys(c, "WHERE tenant_id = ? AND kid = ?", k.tenantId(), k.kid()).isEmpty()) {
                return false;
            }
            exec(c, "INSERT INTO hello_key (" + KEY_COLS + ") VALUES (?, ?, ?, ?, ?, ?)", k.kid(), k.tenantId(), k.userId(),
                    k.deviceId(), k.keyBlob(), k.createdAt().toEpochMilli());
            return true;
        });
    }

    @Override
    public Optional<HelloKey> findHelloKey(String tenantId, String kid) {
        return db.tx(c -> keys(c, "WHERE tenant_id = ? AND kid = ?", tenantId, kid).stream().findFirst());
    }

    @Override
    public List<HelloKey> helloKeys(String tenantId, String userId, Optional<String> deviceId) {
        return db.tx(c -> deviceId.isPresent()
                ? keys(c, "WHERE tenant_id = ? AND user_id = ? AND device_id = ? ORDER BY created_at, kid", tenantId, userId,
                        deviceId.get())
                : keys(c, "WHERE tenant_id = ? AND user_id = ? ORDER BY created_at, kid", tenantId, userId));
    }

    @Override
    public boolean deleteHelloKey(String tenantId, String kid) {
        return db.tx(c -> exec(c, "DELETE FROM hello_key WHERE tenant_id = ? AND kid = ?", tenantId, kid) == 1);
    }

    private static List<Device> devices(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, "SELECT " + DEVICE_COLS + " FROM device " + where, args);
                ResultSet rs = ps.executeQuery()) {
            List<Device> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Device(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                        rs.getBytes(6), rs.getBytes(7), rs.getBytes(8), Optional.ofNullable(rs.getString(9)),
                        Instant.ofEpochMilli(rs.getLong(10)), Instant.ofEpochMilli(rs.getLong(11))));
            }
            return out;
        }
    }

    private static List<HelloKey> keys(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, "SELECT " + KEY_COLS + " FROM hello_key " + where, args);
                ResultSet rs = ps.executeQuery()) {
            List<HelloKey> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new HelloKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5),
                        Instant.ofEpochMilli(rs.getLong(6))));
            }
            return out;
        }
    }
}
