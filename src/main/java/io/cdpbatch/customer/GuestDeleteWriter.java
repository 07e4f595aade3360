package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.RecordLine;
import io.cdpbatch.pipeline.RecordWriter;
import io.cdpbatch.pipeline.WriteContext;
import io.cdpbatch.records.GuestDelete;

/**
 * Guest {@code delete} and {@code gdpr_delete}, set-based: the guests of a run are resolved by the
 * identity rules in file order ({@link Removals#guestDeletes}), then deleted with one statement, and
 * their identifiers, subscriptions and extension groups with them ({@link Dependents}).
 * {@code delete} keeps the guest's orders, detached ({@code orders.guest_id} set to null), and the
 * consumer rows that named the guest, unlinked likewise. {@code gdpr_delete}
 * deletes the guest's orders first (their items, consumers and the travellers nothing else refers to
 * with them) and the guest's consumer rows in other orders. Applied deletes are journaled (see
 * {@link EffectJournal}).
 */
@ApplicationScoped
public class GuestDeleteWriter implements RecordWriter<GuestDelete> {

    @Override
    public Class<GuestDelete> type() {
        return GuestDelete.class;
    }

    @Override
    public List<Failure> apply(Connection connection, WriteContext context, List<RecordLine<GuestDelete>> run)
            throws SQLException {
        IdentityIndex identities = Identities.load(connection, context.clientId(), run.stream()
                .map(line -> new IdentityIndex.Wanted(line.record().identifiers(), line.record().email())).toList());
        Removals.GuestDeletes plan = Removals.guestDeletes(run, identities, EffectJournal.applied(connection,
                context.batchId(), run));
        // the guest rows first: the delete waits for writers that locked them, and the statements below see what
        // those writers committed (see Dependents)
        List<Long> deleted = Dependents.deleteGuestRows(connection, context.clientId(), plan.deleted());
        if (!plan.gdpr().isEmpty()) {
            List<Long> orders = ordersOf(connection, context.clientId(), plan.gdpr());
            List<Long> travellers = FlightTables.travellersOfOrders(connection, orders);
            Dependents.deleteOrders(connection, orders);
            Dependents.deleteConsumersOf(connection, plan.gdpr());
            FlightTables.removeUnreferencedTravellers(connection, context.clientId(), travellers);
        }
        Dependents.detachFromGuests(connection, deleted);
        EffectJournal.record(connection, context.batchId(), plan.applied());
        return plan.failures();
    }

    /** The orders of guests (tenant, guest ids), found by their guest (see {@link Dependents#DELETE_GUESTS}). */
    static final String ORDERS_OF_GUESTS = "SELECT id FROM orders WHERE client_id + 0 = ? AND guest_id = ANY (?)";

    private static List<Long> ordersOf(Connection connection, long clientId, List<Long> guests) throws SQLException {
        List<Long> orders = new ArrayList<>();
        try (PreparedStatement statement = connection
                .prepareStatement(ORDERS_OF_GUESTS)) {
            statement.setLong(1, clientId);
            statement.setArray(2, connection.createArrayOf("bigint", guests.toArray()));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    orders.add(rows.getLong("id"));
                }
            }
        }
        return orders;
    }
}
