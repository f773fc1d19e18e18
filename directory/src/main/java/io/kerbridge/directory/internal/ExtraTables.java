package io.kerbridge.directory.internal;

import io.kerbridge.directory.RodcInfo;
import io.kerbridge.directory.Trust;
import io.kerbridge.kerberos.pac.Sid;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** dir_trust and dir_rodc. */
public final class ExtraTables {
    private ExtraTables() {}

    public static void insertTrust(Connection c, Trust t) throws SQLException {
        Sql.update(c, "INSERT INTO dir_trust (realm, netbios_name, domain_sid, account_sid) VALUES (?, ?, ?, ?)",
                t.realm(), t.netbiosName(), Sql.text(t.domainSid().map(Sid::toString)), t.accountSid().toString());
    }

    public static void deleteTrust(Connection c, String realm) throws SQLException {
        Sql.update(c, "DELETE FROM dir_trust WHERE realm = ?", realm);
    }

    public static List<Trust> trusts(Connection c) throws SQLException {
        return Sql.query(c, "SELECT realm, netbios_name, domain_sid, account_sid FROM dir_trust ORDER BY realm",
                rs -> new Trust(rs.getString(1), rs.getString(2),
                        Optional.ofNullable(rs.getString(3)).map(Sid::parse), Sid.parse(rs.getString(4))));
    }

    public static void upsertRodc(Connection c, RodcInfo r) throws SQLException {
        // an UPDATE first: a DELETE would cascade to the Kerberos server row that references this one
        int n = Sql.update(c, "UPDATE dir_rodc SET krbtgt_sid = ?, computer_sid = ?, never_reveal = ?,"
                + " reveal_on_demand = ? WHERE rodc_number = ?", r.krbtgtSid().toString(), r.computerSid().toString(),
                join(r.neverReveal()), join(r.revealOnDemand()), r.rodcNumber());
        if (n > 0) {
            return;
        }
        Sql.update(c, "INSERT INTO dir_rodc (rodc_number, krbtgt_sid, computer_sid, never_reveal, reveal_on_demand)"
                        + " VALUES (?, ?, ?, ?, ?)", r.rodcNumber(), r.krbtgtSid().toString(),
                r.computerSid().toString(), join(r.neverReveal()), join(r.revealOnDemand()));
    }

    public static void deleteRodc(Connection c, int number) throws SQLException {
        Sql.update(c, "DELETE FROM dir_rodc WHERE rodc_number = ?", number);
    }

    public static List<RodcInfo> rodcs(Connection c) throws SQLException {
        return Sql.query(c, "SELECT rodc_number, krbtgt_sid, computer_sid, never_reveal, reveal_on_demand"
                + " FROM dir_rodc ORDER BY rodc_number", rs -> new RodcInfo(rs.getInt(1), Sid.parse(rs.getString(2)),
                Sid.parse(rs.getString(3)), split(rs.getString(4)), split(rs.getString(5))));
    }

    private static String join(List<Sid> sids) {
        return sids.stream().map(Sid::toString).collect(Collectors.joining(" "));
    }

    private static List<Sid> split(String s) {
        return s.isBlank() ? List.of() : Arrays.stream(s.trim().split(" ")).map(Sid::parse).toList();
    }
}
