package io.kerbridge.cloud.device;

import static io.kerbridge.cloud.store.SqlCloudStore.exec;
import static io.kerbridge.cloud.store.SqlCloudStore.prepare;

import io.kerbridge.cloud.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link DevicePolicyStore} on the cloud database ({@code db/cloud/V4__device_policy.sql}, portable SQL). */
public final class SqlDevicePolicyStore implements DevicePolicyStore {
    private final Database db;

    public SqlDevicePolicyStore(Database db) {
        this.db = db;
    }

    @Override
    public List<DevicePolicySetting> settings(String tenantId) {
        return db.tx(c -> {
            try (PreparedStatement ps = prepare(c, "SELECT setting, enabled, group_id, updated_at, updated_by"
                    + " FROM device_policy_setting WHERE tenant_id = ? ORDER BY setting", tenantId);
                    ResultSet rs = ps.executeQuery()) {
                List<DevicePolicySetting> out = new ArrayList<>();
                while (rs.next()) {
                    // a name this version does not know (written by a newer one) is skipped, not fatal
                    Optional<DevicePolicySetting.Name> name = DevicePolicySetting.Name.fromWire(rs.getString(1));
                    if (name.isPresent()) {
                        out.add(new DevicePolicySetting(tenantId, name.get(), rs.getBoolean(2),
                                Optional.ofNullable(rs.getString(3)), Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void replace(String tenantId, List<DevicePolicySetting> settings) {
        db.tx(c -> {
            exec(c, "DELETE FROM device_policy_setting WHERE tenant_id = ?", tenantId);
            for (DevicePolicySetting s : settings) {
                exec(c, "INSERT INTO device_policy_setting (tenant_id, setting, enabled, group_id, updated_at, updated_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", tenantId, s.name().wire(), s.enabled(), s.groupId().orElse(null),
                        s.updatedAt().toEpochMilli(), s.updatedBy());
            }
            return null;
        });
    }
}
