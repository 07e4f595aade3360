package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.cdpbatch.pipeline.RecordLine;

/**
 * The journal of effects that cannot simply be repeated (guest delete, gdpr_delete, order delete,
 * migration). A batch taken over after a crash applies its whole file again: a journaled line whose
 * target is gone by then was applied by the first attempt, so it counts as applied instead of
 * failing with 404. A journaled line whose target is there again (re-created by an earlier line of
 * the same file) is applied again, so the final state is the same as after one attempt.
 */
final class EffectJournal {

    private EffectJournal() {
    }

    /** The lines of this run that an earlier attempt at the batch applied. */
    static Set<Long> applied(Connection connection, long batchId, List<? extends RecordLine<?>> run) throws SQLException {
        Set<Long> lines = new HashSet<>();
        try (PreparedStatement statement = connection
                .prepareStatement("SELECT line FROM applied_effect WHERE batch_id = ? AND line = ANY (?)")) {
            statement.setLong(1, batchId);
            statement.setArray(2, connection.createArrayOf("bigint", run.stream().map(RecordLine::line).toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getLong("line"));
                }
            }
        }
        return lines;
    }

    /** Records these lines as applied, in the writer's transaction. */
    static void record(Connection connection, long batchId, Collection<Long> lines) throws SQLException {
        if (lines.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO applied_effect (batch_id, line) SELECT ?, unnest(?::bigint[]) ON CONFLICT DO NOTHING""")) {
            statement.setLong(1, batchId);
            statement.setArray(2, connection.createArrayOf("bigint", lines.toArray()));
            statement.executeUpdate();
        }
    }
}
