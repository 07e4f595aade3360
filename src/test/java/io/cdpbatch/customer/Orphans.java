package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Customer rows whose parent is gone: the references the tables no longer check themselves (no foreign
 * keys) and the writers keep. Every reference of the data model, counted over the whole database.
 */
final class Orphans {

    /** Each reference: a name, and the rows that refer to a parent that does not exist. */
    private static final Map<String, String> REFERENCES = new LinkedHashMap<>();

    static {
        REFERENCES.put("guest_identifier -> guest", """
                SELECT count(*) FROM guest_identifier d WHERE NOT EXISTS (SELECT 1 FROM guest p WHERE p.id = d.guest_id)""");
        REFERENCES.put("guest_subscription -> guest", """
                SELECT count(*) FROM guest_subscription d WHERE NOT EXISTS (SELECT 1 FROM guest p WHERE p.id = d.guest_id)""");
        REFERENCES.put("guest_extension -> guest", """
                SELECT count(*) FROM guest_extension d WHERE NOT EXISTS (SELECT 1 FROM guest p WHERE p.id = d.guest_id)""");
        REFERENCES.put("orders -> guest", """
                SELECT count(*) FROM orders d WHERE d.guest_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM guest p WHERE p.id = d.guest_id)""");
        REFERENCES.put("order_item -> orders", """
                SELECT count(*) FROM order_item d WHERE NOT EXISTS (SELECT 1 FROM orders p WHERE p.id = d.order_id)""");
        REFERENCES.put("flight_segment -> order_item", """
                SELECT count(*) FROM flight_segment d WHERE NOT EXISTS (
                  SELECT 1 FROM order_item p WHERE p.order_id = d.order_id AND p.position = d.item_position)""");
        REFERENCES.put("order_consumer -> orders", """
                SELECT count(*) FROM order_consumer d WHERE NOT EXISTS (SELECT 1 FROM orders p WHERE p.id = d.order_id)""");
        REFERENCES.put("order_consumer -> guest", """
                SELECT count(*) FROM order_consumer d WHERE d.guest_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM guest p WHERE p.id = d.guest_id)""");
        REFERENCES.put("order_consumer_item -> order_consumer", """
                SELECT count(*) FROM order_consumer_item d WHERE NOT EXISTS (
                  SELECT 1 FROM order_consumer p WHERE p.order_id = d.order_id AND p.position = d.consumer_position)""");
        REFERENCES.put("order_consumer_item -> order_item", """
                SELECT count(*) FROM order_consumer_item d WHERE NOT EXISTS (
                  SELECT 1 FROM order_item p WHERE p.order_id = d.order_id AND p.position = d.item_position)""");
    }

    private Orphans() {
    }

    /** The references with orphans, and how many; empty when every row has its parent. */
    static Map<String, Long> find(Connection connection) throws SQLException {
        Map<String, Long> found = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (var reference : REFERENCES.entrySet()) {
                try (ResultSet rows = statement.executeQuery(reference.getValue())) {
                    rows.next();
                    long count = rows.getLong(1);
                    if (count > 0) {
                        found.put(reference.getKey(), count);
                    }
                }
            }
        }
        return found;
    }
}
