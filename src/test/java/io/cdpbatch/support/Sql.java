package io.cdpbatch.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.agroal.api.AgroalDataSource;

/**
 * Statements on the application's database, for tests that look at rows or put them in a state the API cannot
 * reach; every parameter is bound as text (cast it in SQL: {@code ?::uuid}). In-process only.
 */
public final class Sql {

    private Sql() {
    }

    /** The first column of the first row; fails when there is no row. */
    public static String single(String sql, String... params) throws SQLException {
        try (Connection c = connection();
                PreparedStatement s = prepare(c, sql, params);
                ResultSet rows = s.executeQuery()) {
            assertThat(rows.next()).as("a row of %s", sql).isTrue();
            return rows.getString(1);
        }
    }

    /** The first column of the first row, as a number ({@code SELECT count(*) ...}). */
    public static long count(String sql, String... params) throws SQLException {
        return Long.parseLong(single(sql, params));
    }

    /** The first column of every row. */
    public static List<String> strings(String sql, String... params) throws SQLException {
        try (Connection c = connection();
                PreparedStatement s = prepare(c, sql, params);
                ResultSet rows = s.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    /** Runs an update; returns how many rows it changed. */
    public static int update(String sql, String... params) throws SQLException {
        try (Connection c = connection(); PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
        }
    }

    /** Runs an update that must change exactly one row. */
    public static void updateOne(String sql, String... params) throws SQLException {
        assertThat(update(sql, params)).as("rows changed by %s", sql).isEqualTo(1);
    }

    private static Connection connection() throws SQLException {
        return InProcess.require(AgroalDataSource.class).getConnection();
    }

    private static PreparedStatement prepare(Connection c, String sql, String... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            s.setString(i + 1, params[i]);
        }
        return s;
    }
}
