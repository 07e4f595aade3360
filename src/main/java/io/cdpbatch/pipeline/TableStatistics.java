package io.cdpbatch.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * Keeps the planner's statistics of the customer tables in step with a batch that makes them grow.
 *
 * <p>
 * The writers' statements are prepared once per connection and, after a few executions, run on a
 * generic plan made from the statistics of the moment. On a fresh database those say the tables are
 * empty, and the plan (a scan of the whole table per chunk) stays until the tables are analysed again:
 * autovacuum does that within a minute, long after a first batch of a few seconds ended, a third of
 * the speed of the next. So after each chunk commits, a table that grew by {@code analyze-growth}
 * times its size at its last analysis (and by at least {@code analyze-min-rows}) is analysed at once,
 * on the worker's connection, between two chunks, for the columns rows are looked up by; the new
 * statistics replace every cached plan over the table. A table is analysed each time it doubles at
 * most, so its analyses cost a few tenths of a second over a whole batch, and none once the table is
 * large compared with what a batch adds.
 */
@ApplicationScoped
public class TableStatistics {

    private static final Logger LOG = Logger.getLogger(TableStatistics.class);

    @Inject
    PipelineConfig config;

    private final Map<TableGrowth.Table, Table> tables = new ConcurrentHashMap<>();

    /** What this instance added to a table since it last looked at its statistics. */
    private static final class Table {
        final AtomicLong added = new AtomicLong();
        final AtomicBoolean busy = new AtomicBoolean();
        /** Rows the table had at its last analysis, as last read; -1 until read. */
        volatile double analysedRows = -1;
    }

    /**
     * After a chunk committed: counts the rows it added and analyses the tables that grew past the
     * threshold. Never fails the chunk (it is committed): a failure is logged and the table is left to
     * autovacuum.
     */
    void committed(Connection connection, TableGrowth growth) {
        long minRows = config.analyzeMinRows();
        if (minRows <= 0 || growth.added().isEmpty()) {
            return;
        }
        for (var entry : growth.added().entrySet()) {
            Table table = tables.computeIfAbsent(entry.getKey(), key -> new Table());
            long added = table.added.addAndGet(entry.getValue());
            if (added < threshold(table.analysedRows, minRows) || !table.busy.compareAndSet(false, true)) {
                continue;
            }
            try {
                analyseIfGrown(connection, entry.getKey(), table, minRows);
            } catch (SQLException e) {
                LOG.warnf("Statistics of table %s not refreshed (%s): left to autovacuum", entry.getKey().name(),
                        e.getMessage());
                rollbackQuietly(connection);
            } finally {
                table.busy.set(false);
            }
        }
    }

    private long threshold(double analysedRows, long minRows) {
        return Math.max(minRows, (long) (config.analyzeGrowth() * Math.max(0, analysedRows)));
    }

    private void analyseIfGrown(Connection connection, TableGrowth.Table key, Table table, long minRows)
            throws SQLException {
        String name = key.name();
        double rows = analysedRows(connection, name);
        if (rows > table.analysedRows && table.analysedRows >= 0) {
            // analysed meanwhile (autovacuum, another instance): count again from there
            table.analysedRows = rows;
            table.added.set(0);
            return;
        }
        table.analysedRows = rows;
        long added = table.added.get();
        if (added < threshold(rows, minRows)) {
            return;
        }
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            // SKIP_LOCKED: never wait behind autovacuum analysing the same table; the lookup columns only: the
            // table's size and what the plans filter on, at a fraction of the cost of every column
            statement.execute("ANALYZE (SKIP_LOCKED) " + name + " (" + key.lookupColumns() + ")");
        }
        connection.commit();
        table.added.addAndGet(-added);
        table.analysedRows = analysedRows(connection, name);
        LOG.debugf("Analysed %s after %d rows added: %.0f rows, %d ms", name, added, table.analysedRows,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The rows the table had at its last analysis (0 when never analysed). */
    private static double analysedRows(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection
                .prepareStatement("SELECT reltuples FROM pg_class WHERE oid = to_regclass(?)")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                double reltuples = rows.next() ? rows.getDouble("reltuples") : 0;
                connection.commit();
                return Math.max(0, reltuples);
            }
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the pool replaces it
        }
    }
}
