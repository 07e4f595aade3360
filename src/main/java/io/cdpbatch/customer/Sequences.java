package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** New ids for the rows a run creates, taken from their table's sequence in one query. */
final class Sequences {

    static final String GUEST = "guest_id_seq";
    static final String ORDERS = "orders_id_seq";

    private Sequences() {
    }

    static List<Long> next(Connection connection, String sequence, int count) throws SQLException {
        List<Long> ids = new ArrayList<>(count);
        if (count == 0) {
            return ids;
        }
        try (PreparedStatement statement = connection
                .prepareStatement("SELECT nextval(?::regclass) AS id FROM generate_series(1, ?)")) {
            statement.setString(1, sequence);
            statement.setInt(2, count);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong("id"));
                }
            }
        }
        return ids;
    }
}
