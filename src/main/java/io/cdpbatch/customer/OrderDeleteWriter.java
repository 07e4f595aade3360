package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.RecordWriter;
import io.cdpbatch.pipeline.Work;
import io.cdpbatch.pipeline.WriteContext;
import io.cdpbatch.records.OrderDelete;
import io.cdpbatch.records.Rejection;
import io.cdpbatch.records.ValidRecord;

/**
 * Order deletes: the order with the referenceId (and orderedAt within 24 hours,
 * when given) is deleted with its items. None: 404; several: 400. The pipeline applies order deletes
 * alone, so a run is short; each record is looked up and deleted in file order. Applied deletes are
 * journaled (see {@link EffectJournal}).
 */
@ApplicationScoped
public class OrderDeleteWriter implements RecordWriter {

    @Override
    public boolean accepts(ValidRecord record) {
        return record instanceof OrderDelete;
    }

    @Override
    public List<Failure> write(Connection connection, WriteContext context, List<Work> run) throws SQLException {
        List<Failure> failures = new ArrayList<>();
        TreeSet<String> referenceIds = new TreeSet<>();
        run.forEach(w -> referenceIds.add(((OrderDelete) w.record()).referenceId()));
        OrderLocks.lock(connection, context.clientId(), referenceIds);
        Set<Long> journaled = EffectJournal.applied(connection, context.batchId(), run);
        List<Long> applied = new ArrayList<>();
        for (Work work : run) {
            OrderDelete delete = (OrderDelete) work.record();
            List<Long> found = candidates(connection, context.clientId(), delete);
            String which = "referenceId " + OrderWriter.quote(delete.referenceId())
                    + (delete.orderedAt() == null ? "" : " and orderedAt within 24 hours of " + delete.orderedAt());
            if (found.size() == 1) {
                try (PreparedStatement statement = connection.prepareStatement("DELETE FROM orders WHERE id = ?")) {
                    statement.setLong(1, found.get(0));
                    statement.executeUpdate();
                }
                applied.add(work.line());
            } else if (journaled.contains(work.line())) {
                // an earlier attempt at this batch deleted it
            } else if (found.isEmpty()) {
                failures.add(
                        new Failure(work.line(), work.ref(), 404, Rejection.ORDER_NOT_FOUND, "value: no order with " + which));
            } else {
                failures.add(new Failure(work.line(), work.ref(), 400, Rejection.ORDER_AMBIGUOUS,
                        "value: " + found.size() + " orders with " + which));
            }
        }
        EffectJournal.record(connection, context.batchId(), applied);
        return failures;
    }

    private static List<Long> candidates(Connection connection, long clientId, OrderDelete delete) throws SQLException {
        String sql = "SELECT id FROM orders WHERE client_id = ? AND reference_id = ?" + (delete.orderedAt() == null ? ""
                : " AND ordered_at BETWEEN ?::timestamptz - interval '24 hours' AND ?::timestamptz + interval '24 hours'");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, clientId);
            statement.setString(2, delete.referenceId());
            if (delete.orderedAt() != null) {
                statement.setObject(3, GuestUpsertWriter.timestamp(delete.orderedAt()));
                statement.setObject(4, GuestUpsertWriter.timestamp(delete.orderedAt()));
            }
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        }
    }
}
