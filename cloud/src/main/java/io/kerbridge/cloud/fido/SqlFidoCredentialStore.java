// W3C WebAuthn Level 2 §7.1 steps 22 and 24, §7.2 step 22 (see FidoCredentialStore); schema db/cloud/V5__fido.sql.
package io.kerbridge.cloud.fido;

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
import java.util.Optional;

/** {@link FidoCredentialStore} on the cloud database (portable SQL). */
public final class SqlFidoCredentialStore implements FidoCredentialStore {
    private static final String COLS = "credential_id, tenant_id, user_id, rp_id, attested_credential_data, aaguid,"
            + " sign_count, uv_initialized, backup_eligible, backup_state, transports, display_name, created_at, last_used_at";

    private final Database db;

    public SqlFidoCredentialStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean insert(FidoCredential k) {
        return db.tx(c -> {
            if (!select(c, "WHERE credential_id = ?", k.credentialId()).isEmpty()) {
                return false;
            }
            exec(c, "INSERT INTO fido_credential (" + COLS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    k.credentialId(), k.tenantId(), k.userId(), k.rpId(), k.attestedCredentialData(), k.aaguid(),
                    k.signCount(), k.uvInitialized(), k.backupEligible(), k.backupState(), String.join(",", k.transports()),
                    k.displayName(), k.createdAt().toEpochMilli(), k.lastUsedAt().map(Instant::toEpochMilli).orElse(null));
            return true;
        });
    }

    @Override
    public Optional<FidoCredential> find(String tenantId, String credentialId) {
        return db.tx(c -> select(c, "WHERE tenant_id = ? AND credential_id = ?", tenantId, credentialId).stream().findFirst());
    }

    @Override
    public List<FidoCredential> forUser(String tenantId, String userId) {
        return db.tx(c -> select(c, "WHERE tenant_id = ? AND user_id = ? ORDER BY created_at, credential_id", tenantId,
                userId));
    }

    @Override
    public boolean delete(String tenantId, String userId, String credentialId) {
        return db.tx(c -> exec(c, "DELETE FROM fido_credential WHERE tenant_id = ? AND user_id = ? AND credential_id = ?",
                tenantId, userId, credentialId) == 1);
    }

    @Override
    public boolean recordUse(String tenantId, String credentialId, long expectedCount, long newCount, Instant at) {
        return db.tx(c -> exec(c, "UPDATE fido_credential SET sign_count = ?, last_used_at = ?"
                + " WHERE tenant_id = ? AND credential_id = ? AND sign_count = ?", newCount, at.toEpochMilli(), tenantId,
                credentialId, expectedCount) == 1);
    }

    private static List<FidoCredential> select(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, "SELECT " + COLS + " FROM fido_credential " + where, args);
                ResultSet rs = ps.executeQuery()) {
            List<FidoCredential> out = new ArrayList<>();
            while (rs.next()) {
                long used = rs.getLong(14);
                Optional<Instant> lastUsed = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(used));
                String transports = rs.getString(11);
                out.add(new FidoCredential(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBytes(5), rs.getString(6), rs.getLong(7), rs.getBoolean(8), rs.getBoolean(9),
                        rs.getBoolean(10), transports.isEmpty() ? List.of() : Arrays.asList(transports.split(",")),
                        rs.getString(12), Instant.ofEpochMilli(rs.getLong(13)), lastUsed));
            }
            return out;
        }
    }
}
