package io.cdpbatch.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The database limit: the rows of a guest file loaded into guest, guest_identifier and
 * guest_extension by the fastest plain SQL route: COPY into temporary staging tables, then one
 * set-based merge (identity by identifiers, new ids from the guest sequence, INSERT ... SELECT ...
 * ON CONFLICT for each table), in one transaction, for a tenant of its own.
 */
final class DbLimit {

    record Result(int records, long rows, long millis) {
        double recordsPerSecond() {
            return records * 1000.0 / Math.max(1, millis);
        }

        double rowsPerSecond() {
            return rows * 1000.0 / Math.max(1, millis);
        }
    }

    private DbLimit() {
    }

    static Result load(String jdbcUrl, String user, String password, BenchData.GuestFile file, String tenantKey)
            throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            long clientId;
            try (PreparedStatement statement = connection.prepareStatement(
                    """
                            INSERT INTO api_client (client_key, token_hash, created_at) VALUES (?, 'not-a-hash', now()) RETURNING id""")) {
                statement.setString(1, tenantKey);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    clientId = rows.getLong(1);
                }
            }
            connection.setAutoCommit(false);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            try (Statement sql = connection.createStatement()) {
                sql.execute("""
                        CREATE TEMP TABLE s_guest (k bigint, guest_type text, title text, first_name text, last_name text,
                          gender text, email text, phone_numbers text[], street text[], country text, language text,
                          city text, post_code text, date_of_birth timestamptz) ON COMMIT DROP""");
                sql.execute("CREATE TEMP TABLE s_ident (k bigint, provider text, id text) ON COMMIT DROP");
                sql.execute("CREATE TEMP TABLE s_ext (k bigint, name text, attributes jsonb) ON COMMIT DROP");
                long rows = 0;
                rows += copyIn(copy, "COPY s_guest FROM STDIN", file.guestRows());
                rows += copyIn(copy, "COPY s_ident FROM STDIN", file.identifierRows());
                rows += copyIn(copy, "COPY s_ext FROM STDIN", file.extensionRows());
                sql.execute("ANALYZE s_guest, s_ident, s_ext");
                sql.execute("""
                        CREATE TEMP TABLE s_map ON COMMIT DROP AS
                        SELECT s.k, COALESCE(e.guest_id, nextval('guest_id_seq')) AS id
                        FROM s_guest s LEFT JOIN (
                          SELECT si.k, min(gi.guest_id) AS guest_id FROM s_ident si
                          JOIN guest_identifier gi ON gi.client_id = %d AND gi.provider = si.provider AND gi.id = si.id
                          GROUP BY si.k) e ON e.k = s.k""".formatted(clientId));
                sql.execute(
                        """
                                INSERT INTO guest AS g (id, client_id, created_at, modified_at, guest_type, title, first_name, last_name,
                                  gender, email, phone_numbers, street, country, language, city, post_code, date_of_birth)
                                SELECT m.id, %d, now(), now(), s.guest_type, s.title, s.first_name, s.last_name, s.gender, s.email,
                                  s.phone_numbers, s.street, s.country, s.language, s.city, s.post_code, s.date_of_birth
                                FROM s_guest s JOIN s_map m USING (k)
                                ON CONFLICT (id) DO UPDATE SET modified_at = EXCLUDED.modified_at, guest_type = EXCLUDED.guest_type,
                                  title = EXCLUDED.title, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
                                  gender = EXCLUDED.gender, email = EXCLUDED.email, phone_numbers = EXCLUDED.phone_numbers,
                                  street = EXCLUDED.street, country = EXCLUDED.country, language = EXCLUDED.language,
                                  city = EXCLUDED.city, post_code = EXCLUDED.post_code, date_of_birth = EXCLUDED.date_of_birth"""
                                .formatted(clientId));
                sql.execute(
                        """
                                INSERT INTO guest_identifier AS gi (client_id, provider, id, guest_id, expiry_date)
                                SELECT %d, si.provider, si.id, m.id, NULL FROM s_ident si JOIN s_map m USING (k)
                                ON CONFLICT (client_id, provider, id) DO UPDATE SET expiry_date = COALESCE(EXCLUDED.expiry_date, gi.expiry_date)
                                WHERE gi.guest_id = EXCLUDED.guest_id"""
                                .formatted(clientId));
                sql.execute("""
                        INSERT INTO guest_extension (guest_id, name, attributes)
                        SELECT m.id, e.name, e.attributes FROM s_ext e JOIN s_map m USING (k)
                        ON CONFLICT (guest_id, name) DO UPDATE SET attributes = EXCLUDED.attributes""");
                connection.commit();
                long millis = (System.nanoTime() - start) / 1_000_000;
                return new Result(file.records(), rows, millis);
            }
        }
    }

    /**
     * The rows of a flight order file loaded into guest (contacts and travellers), guest_identifier, orders,
     * order_item, flight_segment, order_consumer and order_consumer_item the same way: COPY into staging tables,
     * ids from the sequences, one INSERT ... SELECT per table, one transaction, a tenant of its own.
     */
    static Result loadFlights(String jdbcUrl, String user, String password, BenchData.FlightFile file, String tenantKey)
            throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            long clientId = newTenant(connection, tenantKey);
            connection.setAutoCommit(false);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            try (Statement sql = connection.createStatement()) {
                sql.execute(
                        "CREATE TEMP TABLE s_contact (k bigint, email text, first_name text, last_name text) ON COMMIT DROP");
                sql.execute("""
                        CREATE TEMP TABLE s_order (n bigint, contact bigint, reference_id text, ordered_at timestamptz,
                          price numeric) ON COMMIT DROP""");
                sql.execute("""
                        CREATE TEMP TABLE s_item (n bigint, position int, product_id text, name text, vendor text,
                          price numeric, reference_id text, quantity int, type_code text) ON COMMIT DROP""");
                sql.execute("""
                        CREATE TEMP TABLE s_segment (n bigint, item_position int, position int, segment_id text, origin text,
                          destination text, departure_at timestamptz, arrival_at timestamptz, flight_number text,
                          carrier text, origin_destination text) ON COMMIT DROP""");
                sql.execute("""
                        CREATE TEMP TABLE s_consumer (n bigint, position int, contact boolean, first_name text,
                          last_name text, date_of_birth timestamptz) ON COMMIT DROP""");
                sql.execute("CREATE TEMP TABLE s_link (n bigint, consumer_position int, item_position int) ON COMMIT DROP");
                long rows = 0;
                rows += copyIn(copy, "COPY s_contact FROM STDIN", file.contactRows());
                rows += copyIn(copy, "COPY s_order FROM STDIN", file.orderRows());
                rows += copyIn(copy, "COPY s_item FROM STDIN", file.itemRows());
                rows += copyIn(copy, "COPY s_segment FROM STDIN", file.segmentRows());
                rows += copyIn(copy, "COPY s_consumer FROM STDIN", file.consumerRows());
                rows += copyIn(copy, "COPY s_link FROM STDIN", file.linkRows());
                sql.execute("ANALYZE s_contact, s_order, s_item, s_segment, s_consumer, s_link");
                sql.execute("""
                        CREATE TEMP TABLE s_contact_id ON COMMIT DROP AS
                        SELECT k, nextval('guest_id_seq') AS id FROM s_contact""");
                sql.execute("""
                        CREATE TEMP TABLE s_order_id ON COMMIT DROP AS
                        SELECT n, nextval('orders_id_seq') AS id FROM s_order""");
                sql.execute("""
                        CREATE TEMP TABLE s_traveller_id ON COMMIT DROP AS
                        SELECT n, position, nextval('guest_id_seq') AS id FROM s_consumer WHERE NOT contact""");
                sql.execute("""
                        INSERT INTO guest (id, client_id, created_at, modified_at, first_name, last_name, email)
                        SELECT i.id, %d, now(), now(), c.first_name, c.last_name, c.email
                        FROM s_contact c JOIN s_contact_id i USING (k)""".formatted(clientId));
                sql.execute("""
                        INSERT INTO guest_identifier (client_id, provider, id, guest_id)
                        SELECT %d, 'email', c.email, i.id FROM s_contact c JOIN s_contact_id i USING (k)"""
                        .formatted(clientId));
                sql.execute("""
                        INSERT INTO guest (id, client_id, created_at, modified_at, guest_type, first_name, last_name,
                          date_of_birth)
                        SELECT t.id, %d, now(), now(), 'traveller', c.first_name, c.last_name, c.date_of_birth
                        FROM s_consumer c JOIN s_traveller_id t USING (n, position)""".formatted(clientId));
                sql.execute("""
                        INSERT INTO orders (id, client_id, guest_id, reference_id, channel, point_of_sale, status,
                          ordered_at, currency_code, price, payment_type, card_type, created_at, modified_at)
                        SELECT i.id, %d, c.id, o.reference_id, 'WEB', 'air.example.com', 'CONFIRMED', o.ordered_at, 'EUR',
                          o.price, 'Card', 'Visa', now(), now()
                        FROM s_order o JOIN s_order_id i USING (n) JOIN s_contact_id c ON c.k = o.contact"""
                        .formatted(clientId));
                sql.execute("""
                        INSERT INTO order_item (order_id, position, type, product_id, name, description, vendor, price,
                          currency_code, reference_id, status, quantity, consumer_type_code)
                        SELECT i.id, s.position, 'FLIGHT', s.product_id, s.name, 'Economy', s.vendor, s.price, 'EUR',
                          s.reference_id, 'CONFIRMED', s.quantity, s.type_code
                        FROM s_item s JOIN s_order_id i USING (n)""");
                sql.execute("""
                        INSERT INTO flight_segment (order_id, item_position, position, segment_id, origin, destination,
                          departure_at, arrival_at, flight_number, fare_class, carrier, booking_class, origin_destination)
                        SELECT i.id, s.item_position, s.position, s.segment_id, s.origin, s.destination, s.departure_at,
                          s.arrival_at, s.flight_number, 'Y', s.carrier, 'V', s.origin_destination
                        FROM s_segment s JOIN s_order_id i USING (n)""");
                sql.execute("""
                        INSERT INTO order_consumer (order_id, position, guest_id, first_name, last_name, date_of_birth)
                        SELECT i.id, c.position, CASE WHEN c.contact THEN k.id ELSE t.id END, c.first_name, c.last_name,
                          c.date_of_birth
                        FROM s_consumer c JOIN s_order_id i USING (n) JOIN s_order o USING (n)
                        JOIN s_contact_id k ON k.k = o.contact LEFT JOIN s_traveller_id t USING (n, position)""");
                sql.execute("""
                        INSERT INTO order_consumer_item (order_id, consumer_position, item_position)
                        SELECT i.id, l.consumer_position, l.item_position FROM s_link l JOIN s_order_id i USING (n)""");
                connection.commit();
                long millis = (System.nanoTime() - start) / 1_000_000;
                return new Result(file.records(), rows, millis);
            }
        }
    }

    /** What a tenant has of flight orders: guests, orders, items, segments, consumers, links. */
    static long[] flightCounts(String jdbcUrl, String user, String password, String tenantKey) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement statement = connection.prepareStatement(
                        """
                                SELECT (SELECT count(*) FROM guest g WHERE g.client_id = c.id) AS guests,
                                  (SELECT count(*) FROM orders o WHERE o.client_id = c.id) AS orders,
                                  (SELECT count(*) FROM order_item i JOIN orders o ON o.id = i.order_id WHERE o.client_id = c.id) AS items,
                                  (SELECT count(*) FROM flight_segment s JOIN orders o ON o.id = s.order_id WHERE o.client_id = c.id)
                                    AS segments,
                                  (SELECT count(*) FROM order_consumer x JOIN orders o ON o.id = x.order_id WHERE o.client_id = c.id)
                                    AS consumers,
                                  (SELECT count(*) FROM order_consumer_item l JOIN orders o ON o.id = l.order_id
                                    WHERE o.client_id = c.id) AS links
                                FROM api_client c WHERE c.client_key = ?""")) {
            statement.setString(1, tenantKey);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return new long[6];
                }
                return new long[] { rows.getLong("guests"), rows.getLong("orders"), rows.getLong("items"),
                        rows.getLong("segments"), rows.getLong("consumers"), rows.getLong("links") };
            }
        }
    }

    /** The counts a flight file gives: guests (contacts and 2 travellers a booking), orders, items, ... */
    static long[] expectedFlightCounts(BenchData.FlightFile file) {
        long n = file.records();
        return new long[] { file.contacts() + n * (BenchData.FLIGHT_CONSUMERS - 1), n, n * BenchData.FLIGHT_ITEMS,
                n * BenchData.FLIGHT_ITEMS * BenchData.FLIGHT_SEGMENTS, n * BenchData.FLIGHT_CONSUMERS,
                n * BenchData.FLIGHT_CONSUMERS };
    }

    private static long newTenant(Connection connection, String tenantKey) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO api_client (client_key, token_hash, created_at) VALUES (?, 'not-a-hash', now()) RETURNING id")) {
            statement.setString(1, tenantKey);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong("id");
            }
        }
    }

    private static long copyIn(CopyManager copy, String sql, Path rows) throws SQLException, IOException {
        try (Reader reader = Files.newBufferedReader(rows)) {
            return copy.copyIn(sql, reader, 256 * 1024);
        }
    }

    /** Counts what a tenant has, to check that a load is complete. */
    static long[] counts(String jdbcUrl, String user, String password, String tenantKey) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement statement = connection.prepareStatement(
                        """
                                SELECT (SELECT count(*) FROM guest g WHERE g.client_id = c.id),
                                       (SELECT count(*) FROM guest_identifier gi WHERE gi.client_id = c.id),
                                       (SELECT count(*) FROM guest_extension ge JOIN guest g ON g.id = ge.guest_id WHERE g.client_id = c.id)
                                FROM api_client c WHERE c.client_key = ?""")) {
            statement.setString(1, tenantKey);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? new long[] { rows.getLong(1), rows.getLong(2), rows.getLong(3) } : new long[3];
            }
        }
    }
}
