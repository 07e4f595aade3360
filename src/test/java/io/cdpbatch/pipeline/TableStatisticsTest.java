package io.cdpbatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * After a chunk commits, a table that grew past its threshold (1,000 rows, then as many as it had at
 * its last analysis) is analysed at once, for its lookup columns only; below the threshold it is left
 * alone. The statistics read here ({@code pg_class.reltuples}, {@code pg_stats}) are written by
 * ANALYZE in its transaction, so nothing waits for them. A table of its own keeps the counts exact.
 */
@QuarkusTest
class TableStatisticsTest {

    static final TableGrowth.Table PROBE = new TableGrowth.Table("statistics_probe", "k");

    @Inject
    TableStatistics statistics;

    @Inject
    AgroalDataSource dataSource;

    Connection connection;

    @BeforeEach
    void createTable() throws SQLException {
        connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS statistics_probe");
            // autovacuum would analyse it on its own schedule
            statement.execute("CREATE TABLE statistics_probe (k int, v text) WITH (autovacuum_enabled = false)");
        }
        connection.commit();
    }

    @AfterEach
    void dropTable() throws SQLException {
        connection.rollback();
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS statistics_probe");
        }
        connection.commit();
        connection.close();
    }

    @Test
    void aTableIsAnalysedAtOneThousandRowsThenEachTimeItDoubles() throws SQLException {
        assertThat(analysedRows()).as("never analysed").isLessThanOrEqualTo(0);

        chunk(600);
        assertThat(analysedRows()).as("600 rows added: below the first threshold").isLessThanOrEqualTo(0);

        chunk(600);
        assertThat(analysedRows()).as("1,200 rows added").isEqualTo(1200);
        assertThat(analysedColumns()).as("the lookup columns only").containsExactly("k");

        chunk(1000);
        assertThat(analysedRows()).as("1,000 more: not yet doubled").isEqualTo(1200);

        chunk(300);
        assertThat(analysedRows()).as("1,300 more: doubled").isEqualTo(2500);
    }

    @Test
    void aFailedAnalysisLeavesTheCommittedChunkAsItIs() throws SQLException {
        chunk(500);
        TableGrowth growth = new TableGrowth();
        growth.add(new TableGrowth.Table("no_such_table", "k"), 5000);
        assertThatCode(() -> statistics.committed(connection, growth)).doesNotThrowAnyException();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM statistics_probe")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(500);
        }
    }

    /** A chunk that adds this many rows to the probe table, commits, and reports its growth. */
    private void chunk(int rows) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO statistics_probe SELECT g, 'row ' || g FROM generate_series(1, " + rows + ") g");
        }
        connection.commit();
        TableGrowth growth = new TableGrowth();
        growth.add(PROBE, rows);
        statistics.committed(connection, growth);
    }

    private double analysedRows() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement
                        .executeQuery("SELECT reltuples FROM pg_class WHERE oid = 'statistics_probe'::regclass")) {
            rows.next();
            double reltuples = rows.getDouble(1);
            connection.commit();
            return reltuples;
        }
    }

    private List<String> analysedColumns() throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT attname FROM pg_stats WHERE tablename = 'statistics_probe' ORDER BY attname")) {
            while (rows.next()) {
                columns.add(rows.getString(1));
            }
        }
        connection.commit();
        return columns;
    }
}
