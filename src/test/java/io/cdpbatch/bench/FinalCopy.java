package io.cdpbatch.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The physical limit of the schema: the rows of a benchmark file written by COPY straight into the final tables
 * (no staging, no lookup, no merge), ids taken from the tables' sequences beforehand, one transaction. The rows
 * are those the service stores for the same file, so the service's rate over this one says how close it gets to
 * what PostgreSQL can store on this machine. The same load, run inside a transaction that first drops one index
 * (or adds a foreign key back) and is rolled back, gives the cost of that index.
 */
final class FinalCopy {

    /** A COPY into the final tables: records of the file, rows written, time from BEGIN to COMMIT. */
    record Result(int records, long rows, long millis) {
        double recordsPerSecond() {
            return records * 1000.0 / Math.max(1, millis);
        }

        double rowsPerSecond() {
            return rows * 1000.0 / Math.max(1, millis);
        }
    }

    /** One variant of the schema for a load: its label and the statements that make it, run in the load's transaction. */
    record Variant(String label, String table, List<String> ddl) {
        /** The schema as it is. */
        static final Variant NONE = new Variant("as it is", "", List.of());
    }

    /** The rows of a file in the final tables' shape, ids included: table -> (columns, file). */
    record Rows(int records, Map<String, Path> files, Map<String, String> columns) {
        long lines() throws IOException {
            long n = 0;
            for (Path file : files.values()) {
                try (var lines = Files.lines(file)) {
                    n += lines.count();
                }
            }
            return n;
        }
    }

    private FinalCopy() {
    }

    /**
     * The guest rows of a file as guest, guest_identifier and guest_extension rows of a tenant, with guest ids
     * reserved from guest_id_seq.
     */
    static Rows guestRows(Connection connection, BenchData.GuestFile file, long clientId, Path dir) throws SQLException,
            IOException {
        long base = reserve(connection, "guest_id_seq", file.records());
        Files.createDirectories(dir);
        Path guests = dir.resolve("final-guest.tsv");
        Path identifiers = dir.resolve("final-guest_identifier.tsv");
        Path extensions = dir.resolve("final-guest_extension.tsv");
        String now = "2026-12-01T00:00:00Z";
        // staging guest row: k, guest_type, title, first_name, last_name, gender, email, phone_numbers, street,
        // country, language, city, post_code, date_of_birth
        rewrite(file.guestRows(), guests, (fields, out) -> {
            out.append(Long.toString(base + Long.parseLong(fields[0]))).append('\t').append(Long.toString(clientId))
                    .append('\t').append(now).append('\t').append(now);
            for (int i = 1; i < fields.length; i++) {
                out.append('\t').append(fields[i]);
            }
            out.append('\n');
        });
        rewrite(file.identifierRows(), identifiers, (fields, out) -> out.append(Long.toString(clientId)).append('\t')
                .append(fields[1]).append('\t').append(fields[2]).append('\t')
                .append(Long.toString(base + Long.parseLong(fields[0]))).append('\n'));
        rewrite(file.extensionRows(), extensions, (fields, out) -> out
                .append(Long.toString(base + Long.parseLong(fields[0]))).append('\t').append(fields[1]).append('\t')
                .append(fields[2]).append('\n'));
        Map<String, Path> files = new java.util.LinkedHashMap<>();
        Map<String, String> columns = new java.util.LinkedHashMap<>();
        files.put("guest", guests);
        columns.put("guest", "id, client_id, created_at, modified_at, guest_type, title, first_name, last_name, gender, email,"
                + " phone_numbers, street, country, language, city, post_code, date_of_birth");
        files.put("guest_identifier", identifiers);
        columns.put("guest_identifier", "client_id, provider, id, guest_id");
        files.put("guest_extension", extensions);
        columns.put("guest_extension", "guest_id, name, attributes");
        return new Rows(file.records(), files, columns);
    }

    /**
     * The rows of a flight file as the service stores them: contacts (guests with their e-mail identifier),
     * traveller guests, orders, items, segments, consumers and their links to items.
     */
    static Rows flightRows(Connection connection, BenchData.FlightFile file, long clientId, Path dir)
            throws SQLException, IOException {
        long travellers = (long) file.records() * (BenchData.FLIGHT_CONSUMERS - 1);
        long guestBase = reserve(connection, "guest_id_seq", file.contacts() + travellers);
        long orderBase = reserve(connection, "orders_id_seq", file.records());
        Files.createDirectories(dir);
        String now = "2026-12-01T00:00:00Z";
        Map<String, Long> contactIds = new HashMap<>();
        // the travellers follow the contacts: one per consumer that is not the contact, numbered by (order, position)
        long travellerBase = guestBase + file.contacts();
        Path guests = dir.resolve("final-flight-guest.tsv");
        Path identifiers = dir.resolve("final-flight-guest_identifier.tsv");
        try (BufferedReader in = Files.newBufferedReader(file.contactRows());
                BufferedReader consumerRows = Files.newBufferedReader(file.consumerRows());
                Writer g = Files.newBufferedWriter(guests);
                Writer i = Files.newBufferedWriter(identifiers)) {
            String line;
            long next = guestBase;
            while ((line = in.readLine()) != null) {
                // k, email, first_name, last_name
                String[] f = line.split("\t", -1);
                long id = next++;
                contactIds.put(f[0], id);
                g.append(Long.toString(id)).append('\t').append(Long.toString(clientId)).append('\t').append(now)
                        .append('\t').append(now).append("\tcustomer\t").append(f[2]).append('\t').append(f[3]).append('\t')
                        .append(f[1]).append("\t\\N\n");
                i.append(Long.toString(clientId)).append("\temail\t").append(f[1]).append('\t').append(Long.toString(id))
                        .append('\n');
            }
            while ((line = consumerRows.readLine()) != null) {
                // n, position, contact, first_name, last_name, date_of_birth
                String[] f = line.split("\t", -1);
                if (f[2].equals("t")) {
                    continue;
                }
                long id = travellerId(travellerBase, Long.parseLong(f[0]), Integer.parseInt(f[1]));
                g.append(Long.toString(id)).append('\t').append(Long.toString(clientId)).append('\t').append(now)
                        .append('\t').append(now).append("\ttraveller\t").append(f[3]).append('\t').append(f[4])
                        .append("\t\\N\t").append(f[5]).append('\n');
            }
        }
        Map<Long, Long> orderContact = new HashMap<>();
        Path orders = dir.resolve("final-flight-orders.tsv");
        rewrite(file.orderRows(), orders, (f, out) -> {
            // n, contact, reference_id, ordered_at, price
            long contact = contactIds.get(f[1]);
            orderContact.put(Long.parseLong(f[0]), contact);
            out.append(Long.toString(orderBase + Long.parseLong(f[0]))).append('\t').append(Long.toString(clientId))
                    .append('\t').append(Long.toString(contact)).append('\t').append(f[2])
                    .append("\tWEB\tair.example.com\tCONFIRMED\t").append(f[3]).append("\tEUR\t").append(f[4])
                    .append("\tCard\tVisa\t").append(now).append('\t').append(now).append('\n');
        });
        Path items = dir.resolve("final-flight-order_item.tsv");
        rewrite(file.itemRows(), items, (f, out) -> {
            // n, position, product_id, name, vendor, price, reference_id, quantity, type_code
            out.append(Long.toString(orderBase + Long.parseLong(f[0]))).append('\t').append(f[1]).append("\tFLIGHT\t")
                    .append(f[2]).append('\t').append(f[3]).append("\tEconomy\t").append(f[4]).append('\t').append(f[5])
                    .append("\tEUR\t").append(f[6]).append("\tCONFIRMED\t").append(f[7]).append('\t').append(f[8])
                    .append('\n');
        });
        Path segments = dir.resolve("final-flight-flight_segment.tsv");
        rewrite(file.segmentRows(), segments, (f, out) -> {
            // n, item_position, position, segment_id, origin, destination, departure_at, arrival_at, flight_number,
            // carrier, origin_destination
            out.append(Long.toString(orderBase + Long.parseLong(f[0])));
            for (int k = 1; k <= 8; k++) {
                out.append('\t').append(f[k]);
            }
            out.append("\tY\t").append(f[9]).append("\tV\t").append(f[10]).append('\n');
        });
        Path consumers = dir.resolve("final-flight-order_consumer.tsv");
        rewrite(file.consumerRows(), consumers, (f, out) -> {
            long n = Long.parseLong(f[0]);
            int position = Integer.parseInt(f[1]);
            long guest = f[2].equals("t") ? orderContact.get(n) : travellerId(travellerBase, n, position);
            out.append(Long.toString(orderBase + n)).append('\t').append(f[1]).append('\t').append(Long.toString(guest))
                    .append('\t').append(f[3]).append('\t').append(f[4]).append('\t').append(f[5]).append('\n');
        });
        Path links = dir.resolve("final-flight-order_consumer_item.tsv");
        rewrite(file.linkRows(), links, (f, out) -> out.append(Long.toString(orderBase + Long.parseLong(f[0])))
                .append('\t').append(f[1]).append('\t').append(f[2]).append('\n'));
        Map<String, Path> files = new java.util.LinkedHashMap<>();
        Map<String, String> columns = new java.util.LinkedHashMap<>();
        files.put("guest", guests);
        columns.put("guest", "id, client_id, created_at, modified_at, guest_type, first_name, last_name, email, date_of_birth");
        files.put("guest_identifier", identifiers);
        columns.put("guest_identifier", "client_id, provider, id, guest_id");
        files.put("orders", orders);
        columns.put("orders", "id, client_id, guest_id, reference_id, channel, point_of_sale, status, ordered_at,"
                + " currency_code, price, payment_type, card_type, created_at, modified_at");
        files.put("order_item", items);
        columns.put("order_item", "order_id, position, type, product_id, name, description, vendor, price, currency_code,"
                + " reference_id, status, quantity, consumer_type_code");
        files.put("flight_segment", segments);
        columns.put("flight_segment", "order_id, item_position, position, segment_id, origin, destination, departure_at,"
                + " arrival_at, flight_number, fare_class, carrier, booking_class, origin_destination");
        files.put("order_consumer", consumers);
        columns.put("order_consumer", "order_id, position, guest_id, first_name, last_name, date_of_birth");
        files.put("order_consumer_item", links);
        columns.put("order_consumer_item", "order_id, consumer_position, item_position");
        return new Rows(file.records(), files, columns);
    }

    private static long travellerId(long base, long order, int position) {
        // positions 1 and 2 of each order are travellers
        return base + order * (BenchData.FLIGHT_CONSUMERS - 1) + (position - 1);
    }

    /**
     * COPYs the rows into their tables in one transaction, after the variant's statements; commits, or rolls back
     * (a variant changes the schema only for its own load).
     */
    static Result load(String jdbcUrl, String user, String password, Rows rows, Variant variant, boolean commit)
            throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            connection.setAutoCommit(false);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            try (Statement sql = connection.createStatement()) {
                // a variant's schema change waits for no one: the service is idle while the harness loads
                for (String ddl : variant.ddl()) {
                    sql.execute(ddl);
                }
            }
            long start = System.nanoTime();
            long written = 0;
            for (var entry : rows.files().entrySet()) {
                try (Reader reader = Files.newBufferedReader(entry.getValue())) {
                    written += copy.copyIn("COPY " + entry.getKey() + " (" + rows.columns().get(entry.getKey())
                            + ") FROM STDIN", reader, 256 * 1024);
                }
            }
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
            return new Result(rows.records(), written, (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * The variants that give the cost of each index of these tables: every index dropped in turn (a primary key or
     * unique constraint through its constraint), and each foreign key of the given list added back.
     */
    static List<Variant> indexVariants(String jdbcUrl, String user, String password, List<String> tables,
            List<String[]> foreignKeys) throws SQLException {
        List<Variant> variants = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement statement = connection.prepareStatement(
                        """
                                SELECT i.tablename, i.indexname, i.indexdef, c.conname
                                FROM pg_indexes i
                                LEFT JOIN pg_constraint c ON c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass
                                  AND c.contype IN ('p', 'u')
                                WHERE i.schemaname = current_schema() AND i.tablename = ANY (?)
                                ORDER BY array_position(?, i.tablename::text), i.indexname""")) {
            statement.setArray(1, connection.createArrayOf("text", tables.toArray()));
            statement.setArray(2, connection.createArrayOf("text", tables.toArray()));
            try (ResultSet found = statement.executeQuery()) {
                while (found.next()) {
                    String table = found.getString("tablename");
                    String index = found.getString("indexname");
                    String constraint = found.getString("conname");
                    String definition = found.getString("indexdef").replaceFirst("^CREATE (UNIQUE )?INDEX \\S+ ON \\S+ ", "");
                    String ddl = constraint != null ? "ALTER TABLE " + table + " DROP CONSTRAINT " + constraint
                            : "DROP INDEX " + index;
                    variants.add(new Variant("without " + index + " (" + table + " " + definition + ")", table,
                            List.of(ddl)));
                }
            }
        }
        for (String[] key : foreignKeys) {
            // {table, columns, referenced table, referenced columns}
            variants.add(new Variant("with a foreign key " + key[0] + " (" + key[1] + ") -> " + key[2] + " (" + key[3] + ")",
                    key[0], List.of("ALTER TABLE " + key[0] + " ADD CONSTRAINT bench_probe_" + key[0] + "_fkey FOREIGN KEY ("
                            + key[1] + ") REFERENCES " + key[2] + " (" + key[3] + ") NOT VALID")));
        }
        return variants;
    }

    /** Takes {@code count} consecutive values of a sequence (the service is idle meanwhile); returns the first. */
    private static long reserve(Connection connection, String sequence, long count) throws SQLException {
        try (PreparedStatement statement = connection
                .prepareStatement("SELECT setval(?::regclass, nextval(?::regclass) + ? - 1) - ? + 1 AS first")) {
            statement.setString(1, sequence);
            statement.setString(2, sequence);
            statement.setLong(3, count);
            statement.setLong(4, count);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong("first");
            }
        }
    }

    /** A tenant of its own for a load; returns its id. */
    static long newTenant(String jdbcUrl, String user, String password, String tenantKey) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO api_client (client_key, token_hash, created_at) VALUES (?, 'not-a-hash', now()) RETURNING id")) {
            statement.setString(1, tenantKey);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong("id");
            }
        }
    }

    static Rows guestRows(String jdbcUrl, String user, String password, BenchData.GuestFile file, long clientId, Path dir)
            throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            return guestRows(connection, file, clientId, dir);
        }
    }

    static Rows flightRows(String jdbcUrl, String user, String password, BenchData.FlightFile file, long clientId, Path dir)
            throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            return flightRows(connection, file, clientId, dir);
        }
    }

    private interface LineRewrite {
        void write(String[] fields, Writer out) throws IOException;
    }

    private static void rewrite(Path from, Path to, LineRewrite rewrite) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(from); Writer out = new BufferedWriter(Files.newBufferedWriter(to))) {
            String line;
            while ((line = in.readLine()) != null) {
                rewrite.write(line.split("\t", -1), out);
            }
        }
    }
}
