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
