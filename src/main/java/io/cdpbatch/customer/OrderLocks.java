package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Serialises the writes of one tenant's orders by referenceId across workers and instances: an order
 * insert routed by its contact and an order delete or upsert routed by its referenceId may run at the
 * same time, and two of them must not both decide that an order does not exist yet. Transaction-level
 * advisory locks, taken in a fixed order; a deadlock with another run is retried by the pipeline.
 */
final class OrderLocks {

    private OrderLocks() {
    }

    static void lock(Connection connection, long clientId, Collection<String> referenceIds) throws SQLException {
        if (referenceIds.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT pg_advisory_xact_lock(k) FROM (
                    SELECT DISTINCT hashtextextended(?::text || ':' || r, 0) AS k FROM unnest(?::text[]) AS r ORDER BY k
                ) AS keys""")) {
            statement.setString(1, "order:" + clientId);
            statement.setArray(2, connection.createArrayOf("text", new TreeSet<>(referenceIds).toArray()));
            statement.executeQuery().close();
        }
    }
}
