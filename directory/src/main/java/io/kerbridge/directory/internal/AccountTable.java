package io.kerbridge.directory.internal;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.Account.LockoutState;
import io.kerbridge.directory.AccountType;
import io.kerbridge.kerberos.pac.Sid;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** dir_account and dir_spn. */
public final class AccountTable {
    private static final String COLUMNS = "sid, sam_account_name, account_type, upn, display_name, uac,"
            + " primary_group_rid, supported_enctypes, account_expires, pwd_last_set, bad_pwd_count,"
            + " bad_password_time, lockout_time, rodc_number, trust_realm";

    private AccountTable() {}

    public static void insert(Connection c, AccountRow row) throws SQLException {
        Account a = row.account();
        Sql.update(c, "INSERT INTO dir_account (" + COLUMNS + ", sam_lower, upn_lower)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.sid().toString(), a.samAccountName(), a.type().name(), Sql.text(a.userPrincipalName()),
                a.displayName(), a.userAccountControl(), a.primaryGroupRid(), a.supportedEncryptionTypes(),
                Sql.millis(a.accountExpires()), Sql.millis(a.pwdLastSet()), a.lockout().badPwdCount(),
                Sql.millis(a.lockout().badPasswordTime()), Sql.millis(a.lockout().lockoutTime()),
                row.rodcNumber().isPresent() ? (Object) row.rodcNumber().get() : Sql.NULL_INTEGER,
                Sql.text(row.trustRealm()), lower(a.samAccountName()),
                Sql.text(a.userPrincipalName().map(AccountTable::lower)));
        for (String spn : a.servicePrincipalNames()) {
            insertSpn(c, a.sid(), spn);
        }
    }

    /** Writes the attributes an admin may change (not the name, type or SPNs). */
    public static void update(Connection c, Account a) throws SQLException {
        Sql.update(c, "UPDATE dir_account SET upn = ?, upn_lower = ?, display_name = ?, uac = ?,"
                        + " supported_enctypes = ?, account_expires = ?, pwd_last_set = ?, bad_pwd_count = ?,"
                        + " bad_password_time = ?, lockout_time = ? WHERE sid = ?",
                Sql.text(a.userPrincipalName()), Sql.text(a.userPrincipalName().map(AccountTable::lower)),
                a.displayName(), a.userAccountControl(), a.supportedEncryptionTypes(),
                Sql.millis(a.accountExpires()), Sql.millis(a.pwdLastSet()), a.lockout().badPwdCount(),
                Sql.millis(a.lockout().badPasswordTime()), Sql.millis(a.lockout().lockoutTime()),
                a.sid().toString());
    }

    public static void updatePwdLastSet(Connection c, Sid sid, java.util.Optional<java.time.Instant> t)
            throws SQLException {
        Sql.update(c, "UPDATE dir_account SET pwd_last_set = ? WHERE sid = ?", Sql.millis(t), sid.toString());
    }

    public static void updateUac(Connection c, Sid sid, int uac) throws SQLException {
        Sql.update(c, "UPDATE dir_account SET uac = ? WHERE sid = ?", uac, sid.toString());
    }

    public static void updateLockout(Connection c, Sid sid, LockoutState l) throws SQLException {
        Sql.update(c, "UPDATE dir_account SET bad_pwd_count = ?, bad_password_time = ?, lockout_time = ?"
                        + " WHERE sid = ?", l.badPwdCount(), Sql.millis(l.badPasswordTime()),
                Sql.millis(l.lockoutTime()), sid.toString());
    }

    public static void delete(Connection c, Sid sid) throws SQLException {
        Sql.update(c, "DELETE FROM dir_group_member WHERE member_sid = ?", sid.toString());
        Sql.update(c, "DELETE FROM dir_account WHERE sid = ?", sid.toString());
    }

    public static Optional<AccountRow> read(Connection c, Sid sid) throws SQLException {
        List<String> spns = Sql.query(c, "SELECT spn FROM dir_spn WHERE account_sid = ? ORDER BY spn_lower",
                rs -> rs.getString(1), sid.toString());
        return Sql.queryOne(c, "SELECT " + COLUMNS + " FROM dir_account WHERE sid = ?", rs -> row(rs, spns),
                sid.toString());
    }

    public static List<AccountRow> readAll(Connection c) throws SQLException {
        Map<String, List<String>> spns = new HashMap<>();
        Sql.query(c, "SELECT account_sid, spn FROM dir_spn ORDER BY spn_lower", rs -> spns
                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2)));
        return Sql.query(c, "SELECT " + COLUMNS + " FROM dir_account",
                rs -> row(rs, spns.getOrDefault(rs.getString("sid"), List.of())));
    }

    public static boolean samTaken(Connection c, String sam) throws SQLException {
        return Sql.queryOne(c, "SELECT 1 FROM dir_account WHERE sam_lower = ?", rs -> 1, lower(sam)).isPresent()
                || Sql.queryOne(c, "SELECT 1 FROM dir_group WHERE name_lower = ?", rs -> 1, lower(sam)).isPresent();
    }

    public static boolean upnTaken(Connection c, String upn) throws SQLException {
        return Sql.queryOne(c, "SELECT 1 FROM dir_account WHERE upn_lower = ?", rs -> 1, lower(upn)).isPresent();
    }

    public static Optional<Sid> spnOwner(Connection c, String spn) throws SQLException {
        return Sql.queryOne(c, "SELECT account_sid FROM dir_spn WHERE spn_lower = ?",
                rs -> Sid.parse(rs.getString(1)), lower(spn));
    }

    public static void insertSpn(Connection c, Sid account, String spn) throws SQLException {
        Sql.update(c, "INSERT INTO dir_spn (spn_lower, spn, account_sid) VALUES (?, ?, ?)", lower(spn), spn,
                account.toString());
    }

    public static void deleteSpn(Connection c, Sid account, String spn) throws SQLException {
        Sql.update(c, "DELETE FROM dir_spn WHERE spn_lower = ? AND account_sid = ?", lower(spn), account.toString());
    }

    private static AccountRow row(ResultSet rs, List<String> spns) throws SQLException {
        LockoutState lockout = new LockoutState(rs.getInt("bad_pwd_count"), Sql.instant(rs, "bad_password_time"),
                Sql.instant(rs, "lockout_time"));
        Account a = new Account(Sid.parse(rs.getString("sid")), rs.getString("sam_account_name"),
                AccountType.valueOf(rs.getString("account_type")), Sql.optText(rs, "upn"),
                rs.getString("display_name"), rs.getInt("uac"), (int) rs.getLong("primary_group_rid"), spns,
                rs.getInt("supported_enctypes"), Sql.instant(rs, "account_expires"), Sql.instant(rs, "pwd_last_set"),
                lockout);
        int rodc = rs.getInt("rodc_number");
        Optional<Integer> rodcNumber = rs.wasNull() ? Optional.empty() : Optional.of(rodc);
        return new AccountRow(a, rodcNumber, Sql.optText(rs, "trust_realm"));
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
