package io.kerbridge.directory.internal;

import io.kerbridge.directory.KeyVersion;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * dir_key_version, dir_key and dir_password_history: every secret sealed with the master key, the
 * associated data naming its row ({@code sid|slot|kvno|enctype}, {@code sid|history|seq}).
 */
public final class KeyTable {
    public static final String MAIN = "MAIN";
    public static final String TRUST_IN = "IN";
    public static final String TRUST_OUT = "OUT";
    /** AD keeps at most 24 remembered passwords; we keep that many whatever the policy says today. */
    public static final int HISTORY_KEPT = 24;

    private KeyTable() {}

    static String aad(Sid sid, String slot, int kvno, int enctype) {
        return sid + "|" + slot + "|" + kvno + "|" + enctype;
    }

    /** Adds a key version and drops all but the newest {@code keep}. */
    public static void add(Connection c, MasterKey mk, Sid sid, String slot, KeyVersion kv, int keep)
            throws SQLException {
        Sql.update(c, "INSERT INTO dir_key_version (account_sid, slot, kvno, set_at) VALUES (?, ?, ?, ?)",
                sid.toString(), slot, kv.kvno(), kv.setAt().toEpochMilli());
        for (EncryptionKey k : kv.keys()) {
            int et = k.type().value();
            byte[] sealed = mk.seal(k.unsafeBytes(), aad(sid, slot, kv.kvno(), et));
            Sql.update(c, "INSERT INTO dir_key (account_sid, slot, kvno, enctype, sealed) VALUES (?, ?, ?, ?, ?)",
                    sid.toString(), slot, kv.kvno(), et, sealed);
        }
        List<Integer> kvnos = Sql.query(c, "SELECT kvno FROM dir_key_version WHERE account_sid = ? AND slot = ?"
                + " ORDER BY kvno DESC", rs -> rs.getInt(1), sid.toString(), slot);
        for (int old : kvnos.subList(Math.min(keep, kvnos.size()), kvnos.size())) {
            Sql.update(c, "DELETE FROM dir_key WHERE account_sid = ? AND slot = ? AND kvno = ?", sid.toString(),
                    slot, old);
            Sql.update(c, "DELETE FROM dir_key_version WHERE account_sid = ? AND slot = ? AND kvno = ?",
                    sid.toString(), slot, old);
        }
    }

    /** The kept key versions, newest first, decrypted. */
    public static List<KeyVersion> load(Connection c, MasterKey mk, Sid sid, String slot) throws SQLException {
        Map<Integer, Instant> versions = new LinkedHashMap<>();
        Sql.query(c, "SELECT kvno, set_at FROM dir_key_version WHERE account_sid = ? AND slot = ?"
                + " ORDER BY kvno DESC", rs -> versions.put(rs.getInt(1),
                Instant.ofEpochMilli(rs.getLong(2))), sid.toString(), slot);
        Map<Integer, List<EncryptionKey>> keys = new LinkedHashMap<>();
        Sql.query(c, "SELECT kvno, enctype, sealed FROM dir_key WHERE account_sid = ? AND slot = ?"
                + " ORDER BY kvno, enctype", rs -> {
                    int kvno = rs.getInt(1);
                    int et = rs.getInt(2);
                    byte[] raw = mk.open(rs.getBytes(3), aad(sid, slot, kvno, et));
                    try {
                        return keys.computeIfAbsent(kvno, k -> new ArrayList<>())
                                .add(new EncryptionKey(EncType.of(et), raw));
                    } finally {
                        Arrays.fill(raw, (byte) 0);
                    }
                }, sid.toString(), slot);
        List<KeyVersion> out = new ArrayList<>(versions.size());
        versions.forEach((kvno, at) -> out.add(new KeyVersion(kvno, ordered(keys.getOrDefault(kvno, List.of())), at)));
        return out;
    }

    /** Keys in the order 18, 17, 20, 19, 23, others after. */
    private static List<EncryptionKey> ordered(List<EncryptionKey> keys) {
        List<EncType> order = new ArrayList<>(KeyMaker.DERIVED);
        order.add(EncType.RC4_HMAC);
        List<EncryptionKey> out = new ArrayList<>(keys);
        out.sort(java.util.Comparator.comparingInt(k -> {
            int i = order.indexOf(k.type());
            return i < 0 ? order.size() : i;
        }));
        return out;
    }

    public static void deleteSlot(Connection c, Sid sid, String slot) throws SQLException {
        Sql.update(c, "DELETE FROM dir_key WHERE account_sid = ? AND slot = ?", sid.toString(), slot);
        Sql.update(c, "DELETE FROM dir_key_version WHERE account_sid = ? AND slot = ?", sid.toString(), slot);
    }

    public static void addHistory(Connection c, MasterKey mk, Sid sid, byte[] ntHash) throws SQLException {
        long seq = Sql.queryOne(c, "SELECT MAX(seq) FROM dir_password_history WHERE account_sid = ?",
                rs -> rs.getLong(1), sid.toString()).orElse(0L) + 1;
        Sql.update(c, "INSERT INTO dir_password_history (account_sid, seq, sealed) VALUES (?, ?, ?)",
                sid.toString(), seq, mk.seal(ntHash, sid + "|history|" + seq));
        Sql.update(c, "DELETE FROM dir_password_history WHERE account_sid = ? AND seq <= ?", sid.toString(),
                seq - HISTORY_KEPT);
    }

    /** The NT hashes of the newest {@code n} passwords, newest first. */
    public static List<byte[]> history(Connection c, MasterKey mk, Sid sid, int n) throws SQLException {
        List<byte[]> all = Sql.query(c, "SELECT seq, sealed FROM dir_password_history WHERE account_sid = ?"
                + " ORDER BY seq DESC", rs -> mk.open(rs.getBytes(2), sid + "|history|" + rs.getLong(1)),
                sid.toString());
        return all.subList(0, Math.min(n, all.size()));
    }
}
