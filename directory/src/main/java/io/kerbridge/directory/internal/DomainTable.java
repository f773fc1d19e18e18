package io.kerbridge.directory.internal;

import io.kerbridge.directory.Domain;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.kerberos.pac.Sid;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** dir_domain (one row), dir_policy and dir_meta (the master-key check value). */
public final class DomainTable {
    private static final int ID = 1;
    private static final String KEY_CHECK = "master-key-check";
    private static final String KEY_CHECK_AAD = "kerbridge-directory|master-key-check";
    private static final byte[] KEY_CHECK_PLAIN = "kerbridge directory master key v1".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII);

    private DomainTable() {}

    public static void insert(Connection c, Domain d, Optional<Sid> rootSid, long nextRid, Instant now)
            throws SQLException {
        Sql.update(c, "INSERT INTO dir_domain (id, dns_name, netbios_name, realm, sid, parent_realm, root_sid,"
                        + " next_rid, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ID, d.dnsName(),
                d.netbiosName(), d.realm(), d.sid().toString(), Sql.text(d.parentRealm()),
                Sql.text(rootSid.map(Sid::toString)), nextRid, now.toEpochMilli());
    }

    public static Optional<Domain> read(Connection c) throws SQLException {
        return Sql.queryOne(c, "SELECT dns_name, netbios_name, realm, sid, parent_realm FROM dir_domain WHERE id = ?",
                rs -> new Domain(rs.getString(1), rs.getString(2), rs.getString(3), Sid.parse(rs.getString(4)),
                        Optional.ofNullable(rs.getString(5))), ID);
    }

    public static Optional<Sid> rootSid(Connection c) throws SQLException {
        return Sql.queryOne(c, "SELECT root_sid FROM dir_domain WHERE id = ?", rs -> rs.getString(1), ID)
                .filter(s -> s != null).map(Sid::parse);
    }

    /** Hands out the next RID. */
    public static long allocateRid(Connection c) throws SQLException {
        long rid = Sql.queryOne(c, "SELECT next_rid FROM dir_domain WHERE id = ?", rs -> rs.getLong(1), ID)
                .orElseThrow(() -> new SQLException("no domain row"));
        Sql.update(c, "UPDATE dir_domain SET next_rid = ? WHERE id = ?", rid + 1, ID);
        return rid;
    }

    public static void writePolicy(Connection c, DomainPolicy p) throws SQLException {
        Sql.update(c, "DELETE FROM dir_policy WHERE domain_id = ?", ID);
        Sql.update(c, "INSERT INTO dir_policy (domain_id, max_password_age_s, min_password_age_s,"
                        + " min_password_length, complexity, history_length, lockout_threshold, lockout_window_s,"
                        + " lockout_duration_s, max_ticket_age_s, max_service_age_s, max_renew_age_s,"
                        + " max_clock_skew_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ID,
                p.maxPasswordAge().toSeconds(), p.minPasswordAge().toSeconds(), p.minPasswordLength(),
                p.complexity(), p.historyLength(), p.lockoutThreshold(), p.lockoutWindow().toSeconds(),
                p.lockoutDuration().toSeconds(), p.maxTicketAge().toSeconds(), p.maxServiceAge().toSeconds(),
                p.maxRenewAge().toSeconds(), p.maxClockSkew().toSeconds());
    }

    public static Optional<DomainPolicy> readPolicy(Connection c) throws SQLException {
        return Sql.queryOne(c, "SELECT * FROM dir_policy WHERE domain_id = ?", DomainTable::policy, ID);
    }

    private static DomainPolicy policy(ResultSet rs) throws SQLException {
        return new DomainPolicy(secs(rs, "max_password_age_s"), secs(rs, "min_password_age_s"),
                rs.getInt("min_password_length"), rs.getBoolean("complexity"), rs.getInt("history_length"),
                rs.getInt("lockout_threshold"), secs(rs, "lockout_window_s"), secs(rs, "lockout_duration_s"),
                secs(rs, "max_ticket_age_s"), secs(rs, "max_service_age_s"), secs(rs, "max_renew_age_s"),
                secs(rs, "max_clock_skew_s"));
    }

    private static Duration secs(ResultSet rs, String column) throws SQLException {
        return Duration.ofSeconds(rs.getLong(column));
    }

    public static void writeKeyCheck(Connection c, MasterKey mk) throws SQLException {
        Sql.update(c, "INSERT INTO dir_meta (name, val, bin) VALUES (?, ?, ?)", KEY_CHECK, "AES-256-GCM",
                mk.seal(KEY_CHECK_PLAIN, KEY_CHECK_AAD));
    }

    /** Throws MASTER_KEY_MISMATCH unless {@code mk} is the key this directory was created with. */
    public static void verifyKeyCheck(Connection c, MasterKey mk) throws SQLException {
        byte[] sealed = Sql.queryOne(c, "SELECT bin FROM dir_meta WHERE name = ?", rs -> rs.getBytes(1), KEY_CHECK)
                .orElseThrow(() -> new SQLException("directory has no master key check value"));
        try {
            mk.open(sealed, KEY_CHECK_AAD);
        } catch (io.kerbridge.directory.DirectoryException e) {
            throw new io.kerbridge.directory.DirectoryException(e.reason(),
                    "the master key does not belong to this directory (wrong or replaced master.key file)", e);
        }
    }
}
