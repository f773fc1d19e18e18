package io.kerbridge.directory.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A few JDBC helpers: positional parameters, typed NULLs (PostgreSQL wants them), row mapping. */
public final class Sql {
    private Sql() {}

    /** A NULL parameter of a given JDBC type. */
    public record Null(int sqlType) {}

    public static final Null NULL_BIGINT = new Null(Types.BIGINT);
    public static final Null NULL_INTEGER = new Null(Types.INTEGER);
    public static final Null NULL_TEXT = new Null(Types.VARCHAR);

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... args)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
                return out;
            }
        }
    }

    public static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> mapper, Object... args)
            throws SQLException {
        List<T> rows = query(c, sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Null n) {
                ps.setNull(i + 1, n.sqlType());
            } else if (a == null) {
                throw new IllegalArgumentException("untyped NULL parameter " + (i + 1));
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    public static Object millis(Optional<Instant> t) {
        return t.isPresent() ? (Object) t.get().toEpochMilli() : NULL_BIGINT;
    }

    public static Object text(Optional<String> s) {
        return s.isPresent() ? (Object) s.get() : NULL_TEXT;
    }

    public static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    public static Optional<String> optText(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }
}
