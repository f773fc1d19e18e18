package io.kerbridge.directory.internal;

import io.kerbridge.kerberos.pac.Sid;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How several DC nodes on one PostgreSQL database keep their in-memory snapshots coherent
 * ({@code V3__change_log.sql}).
 *
 * <p>Why this design: the KDC must answer AS/TGS lookups from memory (no database round trip on the
 * hot path), so each node keeps the snapshot it always had and only needs to learn <em>that</em> and
 * <em>what</em> another node wrote. A single-row counter is the cheapest thing to poll (one primary-key
 * SELECT every 250 ms per node); bumping it first in every write transaction also takes its row lock,
 * which serialises writers of all nodes, so a read-modify-write (lockout counter, next RID, kvno) sees
 * the other nodes' commits and loses none. The log of what each write touched (the same dirty marks a
 * single node already used to refresh itself) lets a node reload a few accounts instead of the whole
 * directory; it is pruned, and a node that fell behind the pruned part reloads everything. LISTEN/NOTIFY
 * would shave the delay but needs a second connection per node and still a poll for lost notifications.
 */
final class ChangeLog {
    /** Writes kept in the log; a node further behind than this reloads everything. */
    static final long RETAINED = 10_000;
    /** Pruning runs on every PRUNE_EVERY-th write. */
    static final long PRUNE_EVERY = 1_000;

    private ChangeLog() {}

    /** The counter: the last committed write's number, and up to which number the log has been pruned. */
    record Head(long seq, long prunedTo) {}

    /**
     * What writes changed: accounts to reload, and whether groups, RODC policies or the domain policy changed;
     * {@code unknown}: a kind this version does not know (a newer node wrote it), so reload everything.
     */
    record Changes(Set<Sid> accounts, boolean groups, boolean rodcs, boolean policy, boolean unknown) {}

    static Head head(Connection c) throws SQLException {
        return Sql.queryOne(c, "SELECT seq, pruned_to FROM dir_change WHERE id = 1",
                rs -> new Head(rs.getLong(1), rs.getLong(2))).orElseThrow(() -> new SQLException("dir_change has no row"));
    }

    /** Numbers this write (and locks the counter row until the transaction ends): returns the head with the new number. */
    static Head claim(Connection c) throws SQLException {
        Sql.update(c, "UPDATE dir_change SET seq = seq + 1 WHERE id = 1");
        return head(c);
    }

    /** Records what write {@code seq} changed; every {@link #PRUNE_EVERY}-th write also prunes the old log. */
    static void record(Connection c, long seq, Changes ch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dir_change_log (seq, kind, sid) VALUES (?, ?, ?)")) {
            for (Sid sid : ch.accounts()) {
                add(ps, seq, "A", sid.toString());
            }
            if (ch.groups()) {
                add(ps, seq, "G", "");
            }
            if (ch.rodcs()) {
                add(ps, seq, "R", "");
            }
            if (ch.policy()) {
                add(ps, seq, "P", "");
            }
            ps.executeBatch();
        }
        if (seq % PRUNE_EVERY == 0 && seq > RETAINED) {
            Sql.update(c, "DELETE FROM dir_change_log WHERE seq <= ?", seq - RETAINED);
            Sql.update(c, "UPDATE dir_change SET pruned_to = ? WHERE id = 1", seq - RETAINED);
        }
    }

    private static void add(PreparedStatement ps, long seq, String kind, String sid) throws SQLException {
        ps.setLong(1, seq);
        ps.setString(2, kind);
        ps.setString(3, sid);
        ps.addBatch();
    }

    /** What the writes numbered {@code after + 1 .. upTo} changed. */
    static Changes read(Connection c, long after, long upTo) throws SQLException {
        Set<Sid> accounts = new LinkedHashSet<>();
        boolean[] flags = new boolean[4];
        Sql.query(c, "SELECT kind, sid FROM dir_change_log WHERE seq > ? AND seq <= ? ORDER BY seq", rs -> {
            switch (rs.getString(1).trim()) {
                case "A" -> accounts.add(Sid.parse(rs.getString(2)));
                case "G" -> flags[0] = true;
                case "R" -> flags[1] = true;
                case "P" -> flags[2] = true;
                default -> flags[3] = true;
            }
            return null;
        }, after, upTo);
        return new Changes(accounts, flags[0], flags[1], flags[2], flags[3]);
    }
}
