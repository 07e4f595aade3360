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
import io.cdpbatch.pipeline.RecordLine;
import io.cdpbatch.pipeline.RecordWriter;
import io.cdpbatch.pipeline.WriteContext;
import io.cdpbatch.records.OrderDelete;

/**
 * Order deletes: the order with the referenceId (and orderedAt within 24 hours, when given) is deleted
 * with its items, flight segments and consumers, and the traveller guests nothing refers to any more.
 * None: 404; several: 400 ({@link Removals#orderDelete}). The pipeline applies order deletes alone, so
 * a run is short; each record is looked up and deleted in file order. Applied deletes are journaled
 * (see {@link EffectJournal}).
 */
@ApplicationScoped
public class OrderDeleteWriter implements RecordWriter<OrderDelete> {

    @Override
    public Class<OrderDelete> type() {
        return OrderDelete.class;
    }

    @Override
    public List<Failure> apply(Connection connection, WriteContext context, List<RecordLine<OrderDelete>> run)
            throws SQLException {
        List<Failure> failures = new ArrayList<>();
        TreeSet<String> referenceIds = new TreeSet<>();
        run.forEach(line -> referenceIds.add(line.record().referenceId()));
        OrderLocks.lock(connection, context.clientId(), referenceIds);
        Set<Long> journaled = EffectJournal.applied(connection, context.batchId(), run);
        List<Long> applied = new ArrayList<>();
        for (RecordLine<OrderDelete> line : run) {
            List<Long> found = candidates(connection, context.clientId(), line.record());
            Removals.Decision decision = Removals.orderDelete(line, found, journaled.contains(line.line()));
            switch (decision.kind()) {
                case APPLY -> {
                    delete(connection, context.clientId(), decision.first());
                    applied.add(line.line());
                }
                case REFUSED -> failures.add(decision.failure());
                case APPLIED_BEFORE -> {
                    // nothing left to do
                }
            }
        }
        EffectJournal.record(connection, context.batchId(), applied);
        return failures;
    }

    private static void delete(Connection connection, long clientId, long orderId) throws SQLException {
        List<Long> travellers = FlightTables.travellersOfOrders(connection, List.of(orderId));
        Dependents.deleteOrders(connection, List.of(orderId));
        FlightTables.removeUnreferencedTravellers(connection, clientId, travellers);
    }

    private static List<Long> candidates(Connection connection, long clientId, OrderDelete delete) throws SQLException {
        String sql = "SELECT id FROM orders WHERE client_id = ? AND reference_id = ?" + (delete.orderedAt() == null ? ""
                : " AND ordered_at BETWEEN ?::timestamptz - interval '24 hours' AND ?::timestamptz + interval '24 hours'");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, clientId);
            statement.setString(2, delete.referenceId());
            if (delete.orderedAt() != null) {
                statement.setObject(3, GuestTables.timestamp(delete.orderedAt()));
                statement.setObject(4, GuestTables.timestamp(delete.orderedAt()));
            }
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong("id"));
                }
            }
            return ids;
        }
    }
}
