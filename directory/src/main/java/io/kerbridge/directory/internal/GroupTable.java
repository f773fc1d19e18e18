package io.kerbridge.directory.internal;

import io.kerbridge.directory.Group;
import io.kerbridge.directory.GroupScope;
import io.kerbridge.kerberos.pac.Sid;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** dir_group and dir_group_member. */
public final class GroupTable {
    private GroupTable() {}

    public static void insert(Connection c, Group g) throws SQLException {
        Sql.update(c, "INSERT INTO dir_group (sid, name, name_lower, scope, description) VALUES (?, ?, ?, ?, ?)",
                g.sid().toString(), g.name(), AccountTable.lower(g.name()), g.scope().name(), g.description());
    }

    public static void delete(Connection c, Sid group) throws SQLException {
        Sql.update(c, "DELETE FROM dir_group_member WHERE member_sid = ?", group.toString());
        Sql.update(c, "DELETE FROM dir_group WHERE sid = ?", group.toString());
    }

    public static void addMember(Connection c, Sid group, Sid member) throws SQLException {
        if (Sql.queryOne(c, "SELECT 1 FROM dir_group_member WHERE group_sid = ? AND member_sid = ?", rs -> 1,
                group.toString(), member.toString()).isEmpty()) {
            Sql.update(c, "INSERT INTO dir_group_member (group_sid, member_sid) VALUES (?, ?)", group.toString(),
                    member.toString());
        }
    }

    public static void removeMember(Connection c, Sid group, Sid member) throws SQLException {
        Sql.update(c, "DELETE FROM dir_group_member WHERE group_sid = ? AND member_sid = ?", group.toString(),
                member.toString());
    }

    public static List<Group> readAll(Connection c) throws SQLException {
        return Sql.query(c, "SELECT sid, name, scope, description FROM dir_group", rs -> new Group(
                Sid.parse(rs.getString(1)), rs.getString(2), GroupScope.valueOf(rs.getString(3)), rs.getString(4)));
    }

    /** group SID to member SID pairs. */
    public static List<Map.Entry<Sid, Sid>> readMemberships(Connection c) throws SQLException {
        return Sql.query(c, "SELECT group_sid, member_sid FROM dir_group_member",
                rs -> Map.entry(Sid.parse(rs.getString(1)), Sid.parse(rs.getString(2))));
    }
}
