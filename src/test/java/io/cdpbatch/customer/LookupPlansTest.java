package io.cdpbatch.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The writers' lookups probe an index once per wanted value, whatever the planner's statistics say about
 * the tenant. The situation that matters: a tenant's first batches on a database another tenant filled.
 * The statistics, made before the new tenant had rows, say it has almost none; a join of the wanted values
 * with the table can then be planned as a hash join over all of the tenant's rows, read again for every
 * chunk. Here the other tenant's rows are analysed, the new tenant's rows are added after the analysis, and
 * each lookup (and each delete by key) is run under {@code EXPLAIN ANALYZE}: the rows it reads from the table
 * must be at most those it finds, not the tenant's rows.
 */
@QuarkusTest
class LookupPlansTest {

    static final int OTHER_TENANT_ROWS = 20_000;
    static final int NEW_TENANT_ROWS = 5_000;
    static final int WANTED = 500;

    @Inject
    AgroalDataSource dataSource;

    Connection connection;
    long otherTenant;
    long newTenant;

    @BeforeEach
    void tenants() throws SQLException {
        connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        // tenants of their own, far from the ids of api_client (the customer tables do not refer to it)
        otherTenant = 1_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
        newTenant = otherTenant + 1;
    }

    @AfterEach
    void removeRows() throws SQLException {
        connection.rollback();
        try (Statement statement = connection.createStatement()) {
            for (String table : List.of("guest_identifier", "guest", "orders")) {
                statement.execute("DELETE FROM " + table + " WHERE client_id IN (" + otherTenant + ", " + newTenant + ")");
            }
        }
        connection.commit();
        connection.close();
    }

    @Test
    void identifierOwnersAreProbedOnePairAtATime() throws Exception {
        fill("INSERT INTO guest_identifier (client_id, provider, id, guest_id) SELECT ?, 'crm', 'C-' || g, g "
                + "FROM generate_series(1, ?) g", "guest_identifier");
        assertReadsOnlyWhatItFinds(Identities.IDENTIFIER_OWNERS, "guest_identifier", Collections.nCopies(WANTED, "crm"),
                wanted("C-", "new-", ""), newTenant);
    }

    @Test
    void emailOwnersAreProbedOneEmailAtATime() throws Exception {
        fill("INSERT INTO guest (client_id, email, created_at, modified_at) SELECT ?, 'g' || g || '@example.com', now(), now() "
                + "FROM generate_series(1, ?) g", "guest");
        assertReadsOnlyWhatItFinds(Identities.EMAIL_OWNERS, "guest", wanted("g", "new", "@example.com"), newTenant);
    }

    @Test
    void storedOrdersAreProbedOneReferenceIdAtATime() throws Exception {
        fill("INSERT INTO orders (client_id, reference_id, channel, point_of_sale, status, ordered_at, currency_code, price, "
                + "payment_type, created_at, modified_at) SELECT ?, 'R-' || g, 'WEB', 'shop', 'PURCHASED', now(), 'EUR', 1, "
                + "'Card', now(), now() FROM generate_series(1, ?) g", "orders");
        assertReadsOnlyWhatItFinds(OrderWriter.STORED_ORDERS, "orders", wanted("R-", "new-", ""), newTenant);
    }

    @Test
    void guestsAreDeletedByTheirKey() throws Exception {
        fill("INSERT INTO guest (client_id, email, created_at, modified_at) SELECT ?, 'd' || g || '@example.com', now(), now() "
                + "FROM generate_series(1, ?) g", "guest");
        List<Long> ids = ids("SELECT id FROM guest WHERE client_id = ? ORDER BY id LIMIT " + WANTED / 10);
        assertReadsOnlyWhatItFinds(Dependents.DELETE_GUESTS, "guest", newTenant, ids);
    }

    @Test
    void ordersOfGuestsAreFoundByTheirGuest() throws Exception {
        fill("INSERT INTO orders (client_id, guest_id, reference_id, channel, point_of_sale, status, ordered_at, currency_code, "
                + "price, payment_type, created_at, modified_at) SELECT c, 4000000000000 + 2 * g + c % 2, 'G-' || g, 'WEB', 'shop', "
                + "'PURCHASED', now(), 'EUR', 1, 'Card', now(), now() FROM (SELECT ?::int8 AS c) t, generate_series(1, ?) g",
                "orders");
        // guest ids of their own (the two tenants' apart, both far from the sequence's), as ids are in a real database
        List<Long> guests = ids("SELECT guest_id FROM orders WHERE client_id = ? ORDER BY guest_id LIMIT " + WANTED / 10);
        assertReadsOnlyWhatItFinds(GuestDeleteWriter.ORDERS_OF_GUESTS, "orders", newTenant, guests);
    }

    /** WANTED values, one in ten stored (prefix {@code stored}), the others new. */
    private static List<String> wanted(String stored, String fresh, String suffix) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= WANTED; i++) {
            values.add((i % 10 == 0 ? stored : fresh) + i + suffix);
        }
        return values;
    }

    /**
     * Runs the statement under {@code EXPLAIN ANALYZE} (a list parameter goes as an array: of strings varchar[], of
     * longs bigint[]) and checks that it finds the WANTED / 10 stored rows, reading no more rows of the table than
     * those. What it changed is rolled back.
     */
    private void assertReadsOnlyWhatItFinds(String sql, String table, Object... params) throws Exception {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof List<?> list) {
                    String type = !list.isEmpty() && list.get(0) instanceof Long ? "bigint" : "varchar";
                    explain.setArray(i + 1, connection.createArrayOf(type, list.toArray()));
                } else {
                    explain.setObject(i + 1, params[i]);
                }
            }
            Plan plan = plan(explain);
            assertThat(plan.returned()).as("rows found").isEqualTo(WANTED / 10);
            assertThat(plan.rowsRead(table)).as("rows read from %s\n%s", table, plan.text()).isLessThanOrEqualTo(WANTED / 10);
        } finally {
            connection.rollback();
        }
    }

    /** The ids the query (of the new tenant) returns. */
    private List<Long> ids(String query) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setLong(1, newTenant);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        }
        return ids;
    }

    /**
     * The other tenant's rows, analysed; then the new tenant's, which the statistics do not know about.
     * The statement takes the client id and the number of rows.
     */
    private void fill(String insert, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            statement.setLong(1, otherTenant);
            statement.setInt(2, OTHER_TENANT_ROWS);
            statement.executeUpdate();
        }
        connection.commit();
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE " + table);
        }
        connection.commit();
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            statement.setLong(1, newTenant);
            statement.setInt(2, NEW_TENANT_ROWS);
            statement.executeUpdate();
        }
        connection.commit();
    }

    private static Plan plan(PreparedStatement explain) throws Exception {
        try (ResultSet rows = explain.executeQuery()) {
            rows.next();
            return new Plan(new ObjectMapper().readTree(rows.getString(1)).get(0).get("Plan"));
        }
    }

    /** An executed plan. */
    private record Plan(JsonNode root) {

        long returned() {
            return root.get("Actual Rows").asLong() * root.get("Actual Loops").asLong();
        }

        /** Rows the scans of a table read (returned, or removed by a filter), over all their loops. */
        long rowsRead(String table) {
            return rowsRead(root, table);
        }

        private static long rowsRead(JsonNode node, String table) {
            boolean scan = node.path("Node Type").asText().endsWith("Scan");
            long rows = scan && table.equals(node.path("Relation Name").asText())
                    ? (node.get("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong())
                            * node.get("Actual Loops").asLong()
                    : 0;
            for (JsonNode child : node.path("Plans")) {
                rows += rowsRead(child, table);
            }
            return rows;
        }

        String text() {
            return root.toPrettyString();
        }
    }
}
