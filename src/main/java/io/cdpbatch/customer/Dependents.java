package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.cdpbatch.pipeline.RetryableConflictException;

/**
 * The references between customer rows, kept by the writers (the tables have no foreign keys: a key
 * costs a lookup and a lock of the parent for every inserted row). Whoever deletes a guest or an order
 * deletes, or detaches, what refers to it, in the same transaction:
 * <ul>
 * <li>a guest: its identifiers, subscriptions and extension groups go; its orders and the consumer
 * rows naming it stay, their {@code guest_id} set to null;</li>
 * <li>an order: its items, flight segments, consumers and their links to items go.</li>
 * </ul>
 * The parent rows are deleted first, each list in a statement of its own, and the dependents after, in
 * statements of their own: the parent's delete waits for any writer that locked the parent (writers
 * update or insert the guest and order rows they write dependents for), and the later statements,
 * starting after that writer committed, see its rows. A writer that finds its parent deleted meanwhile
 * re-creates it (guest upserts) or retries ({@link #lockGuest}).
 */
final class Dependents {

    private Dependents() {
    }

    /**
     * Deletes guests of the tenant by id (tenant, ids). A statement that finds rows by their key and checks the
     * tenant on them writes {@code client_id + 0}: the tenant's column then serves no index, so the planner cannot
     * choose to read all of the tenant's rows through an index on {@code client_id}, which it would when its
     * statistics were made before the tenant had rows (they then say it has almost none).
     */
    static final String DELETE_GUESTS = "DELETE FROM guest WHERE client_id + 0 = ? AND id = ANY (?) RETURNING id";

    /**
     * Deletes the rows of these guests of the tenant, first of all (it waits for the writers that locked
     * them); what refers to them goes next ({@link #detachFromGuests}), in later statements.
     *
     * @return the guests deleted (one deleted by another transaction meanwhile is not)
     */
    static List<Long> deleteGuestRows(Connection connection, long clientId, Collection<Long> guestIds)
            throws SQLException {
        if (guestIds.isEmpty()) {
            return List.of();
        }
        List<Long> deleted = new ArrayList<>();
        try (PreparedStatement statement = connection
                .prepareStatement(DELETE_GUESTS)) {
            statement.setLong(1, clientId);
            statement.setArray(2, bigints(connection, guestIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    deleted.add(rows.getLong("id"));
                }
            }
        }
        return deleted;
    }

    /**
     * What refers to guests just deleted: their identifiers, subscriptions and extension groups are
     * deleted, their orders and consumer rows detached.
     */
    static void detachFromGuests(Connection connection, Collection<Long> deleted) throws SQLException {
        if (deleted.isEmpty()) {
            return;
        }
        for (String sql : List.of("DELETE FROM guest_identifier WHERE guest_id = ANY (?)",
                "DELETE FROM guest_subscription WHERE guest_id = ANY (?)",
                "DELETE FROM guest_extension WHERE guest_id = ANY (?)",
                "UPDATE orders SET guest_id = NULL WHERE guest_id = ANY (?)",
                "UPDATE order_consumer SET guest_id = NULL WHERE guest_id = ANY (?)")) {
            execute(connection, sql, deleted);
        }
    }

    /** Deletes these orders with their items, flight segments, consumers and links. */
    static void deleteOrders(Connection connection, Collection<Long> orderIds) throws SQLException {
        if (orderIds.isEmpty()) {
            return;
        }
        execute(connection, "DELETE FROM orders WHERE id = ANY (?)", orderIds);
        deleteItems(connection, orderIds);
        deleteConsumers(connection, orderIds);
    }

    /** Deletes the items of these orders with their flight segments and their links to consumers. */
    static void deleteItems(Connection connection, Collection<Long> orderIds) throws SQLException {
        if (orderIds.isEmpty()) {
            return;
        }
        execute(connection, "DELETE FROM order_item WHERE order_id = ANY (?)", orderIds);
        execute(connection, "DELETE FROM flight_segment WHERE order_id = ANY (?)", orderIds);
        execute(connection, "DELETE FROM order_consumer_item WHERE order_id = ANY (?)", orderIds);
    }

    /** Deletes the consumers of these orders with their links to items. */
    static void deleteConsumers(Connection connection, Collection<Long> orderIds) throws SQLException {
        if (orderIds.isEmpty()) {
            return;
        }
        execute(connection, "DELETE FROM order_consumer WHERE order_id = ANY (?)", orderIds);
        execute(connection, "DELETE FROM order_consumer_item WHERE order_id = ANY (?)", orderIds);
    }

    /** Deletes the consumer rows that name these guests, in any order, with their links to items. */
    static void deleteConsumersOf(Connection connection, Collection<Long> guestIds) throws SQLException {
        if (guestIds.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH gone AS (DELETE FROM order_consumer WHERE guest_id = ANY (?) RETURNING order_id, position)
                DELETE FROM order_consumer_item l USING gone
                WHERE l.order_id = gone.order_id AND l.consumer_position = gone.position""")) {
            statement.setArray(1, bigints(connection, guestIds));
            statement.executeUpdate();
        }
    }

    /**
     * Locks a guest of the tenant so that it cannot be deleted before this transaction ends (the rows
     * this transaction makes refer to it); one deleted since it was looked up makes the chunk start over.
     */
    static void lockGuest(Connection connection, long clientId, long guestId) throws SQLException {
        try (PreparedStatement statement = connection
                .prepareStatement("SELECT id FROM guest WHERE id = ? AND client_id + 0 = ? FOR KEY SHARE")) {
            statement.setLong(1, guestId);
            statement.setLong(2, clientId);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new RetryableConflictException("A guest was deleted concurrently");
                }
            }
        }
    }

    private static void execute(Connection connection, String sql, Collection<Long> ids) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, bigints(connection, ids));
            statement.executeUpdate();
        }
    }

    private static java.sql.Array bigints(Connection connection, Collection<Long> ids) throws SQLException {
        return connection.createArrayOf("bigint", ids.toArray());
    }
}
