package io.cdpbatch.customer;

import static io.cdpbatch.customer.CustomerLines.apply;
import static io.cdpbatch.customer.CustomerLines.guestBy;
import static io.cdpbatch.customer.CustomerLines.guestsBy;
import static io.cdpbatch.customer.CustomerLines.ids;
import static io.cdpbatch.customer.CustomerLines.log;
import static io.cdpbatch.customer.CustomerLines.orderInsert;
import static io.cdpbatch.customer.CustomerLines.ordersByReference;
import static io.cdpbatch.customer.CustomerLines.ordersOf;
import static io.cdpbatch.customer.FlightLines.ADA;
import static io.cdpbatch.customer.FlightLines.BACK;
import static io.cdpbatch.customer.FlightLines.OUT;
import static io.cdpbatch.customer.FlightLines.booking;
import static io.cdpbatch.customer.FlightLines.identified;
import static io.cdpbatch.customer.FlightLines.insert;
import static io.cdpbatch.customer.FlightLines.item;
import static io.cdpbatch.customer.FlightLines.items;
import static io.cdpbatch.customer.FlightLines.named;
import static io.cdpbatch.support.Lines.line;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Pipeline;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The customer tables have no foreign keys: every writer that deletes a guest or an order deletes or
 * detaches what refers to it. After each kind of delete, migration and re-insert, no row refers to a
 * parent that is gone ({@link Orphans}), also when a delete meets a writer of the same rows.
 */
@QuarkusTest
class CustomerReferencesTest {

    static final String ORDERED_AT = "2026-11-27T10:15:00Z";
    static final String FULL = "'firstName':'Grace','subscriptions':[{'name':'News','channel':'EMAIL','pointOfSale':'shop.example.com','status':'SUBSCRIBED','effectiveDate':'2026-11-01T00:00:00Z'}],"
            + "'extensions':[{'name':'ext','key':'default','tier':'gold'},{'name':'ext2','key':'default','seat':'aisle'}]";

    @Inject
    ApiClientService clients;

    @Inject
    AgroalDataSource dataSource;

    Tenants tenant;

    @BeforeEach
    void setUp() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        tenant = Tenants.create(clients);
    }

    @Test
    void theCheckFindsRowsWhoseParentIsGone() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute("INSERT INTO guest_extension (guest_id, name, attributes) VALUES (-7, 'ext', '{}')");
                s.execute("""
                        INSERT INTO order_consumer_item (order_id, consumer_position, item_position) VALUES (-7, 0, 0)""");
                assertThat(Orphans.find(c)).containsExactly(Map.entry("guest_extension -> guest", 1L),
                        Map.entry("order_consumer_item -> order_consumer", 1L),
                        Map.entry("order_consumer_item -> order_item", 1L));
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void aGuestDeleteTakesItsIdentitiesAndDetachesItsOrdersAndPassengerRows() throws SQLException {
        apply(tenant, line("g", "guest", "upsert", "{'identifiers':[{'provider':'crm','id':'G-1'},"
                + "{'provider':'loyalty','id':'L-1'}]," + FULL + "}"),
                orderInsert("o", "ORD-G", ORDERED_AT, "crm", "G-1"),
                insert("b", booking("PNR-G", ORDERED_AT, ADA, items(item("PNR-G-1", "ADT", OUT)),
                        named("Ada", "Lovelace", "PNR-G-1"), identified("crm", "G-1", "Grace", "Hopper", "PNR-G-1"))));
        long guest = guestId("crm", "G-1");
        assertThat(dependents(guest)).isEqualTo(new long[] { 2, 1, 2 });

        apply(tenant, line("d", "guest", "delete", "{" + ids("loyalty", "L-1") + "}"));

        assertThat(dependents(guest)).isEqualTo(new long[] { 0, 0, 0 });
        assertThat(ordersByReference(tenant, "ORD-G").getMap("items[0]")).containsEntry("contact", null);
        JsonPath booking = ordersByReference(tenant, "PNR-G");
        assertThat(booking.getList("items[0].consumers.guestRef")).hasSize(2).containsNull();
        assertNoOrphans();
    }

    @Test
    void aGdprDeleteTakesItsBookingsTravellersAndPassengerRows() throws SQLException {
        apply(tenant,
                insert("own", booking("PNR-O", ORDERED_AT, ADA,
                        items(item("PNR-O-1", "ADT", OUT, BACK), item("PNR-O-2", "CHD", OUT, BACK)),
                        named("Ada", "Lovelace", "PNR-O-1"), named("Byron", "King", "PNR-O-2"))),
                insert("other", booking("PNR-X", ORDERED_AT, "{" + ids("crm", "CB") + ",'firstName':'Charles'}",
                        items(item("PNR-X-1", "ADT", OUT), item("PNR-X-2", "ADT", OUT)),
                        named("Charles", "Babbage", "PNR-X-1"), identified("crm", "ADA-1", "Ada", "Lovelace", "PNR-X-2"))),
                line("ext", "guest", "upsert", "{" + ids("crm", "ADA-1") + "," + FULL + "}"));
        long ada = guestId("crm", "ADA-1");
        Object byron = ordersByReference(tenant, "PNR-O").getString("items[0].consumers[1].guestRef");

        apply(tenant, line("gdpr", "guest", "gdpr_delete", "{" + ids("crm", "ADA-1") + "}"));

        assertThat(dependents(ada)).isEqualTo(new long[] { 0, 0, 0 });
        assertThat(ordersByReference(tenant, "PNR-O").getInt("totalCount")).isZero();
        tenant.given().get("/v2.1/guests/{ref}", byron).then().statusCode(404);
        JsonPath other = ordersByReference(tenant, "PNR-X");
        assertThat(other.getList("items[0].consumers.firstName")).containsExactly("Charles");
        assertThat(other.getList("items[0].orderItems")).hasSize(2);
        assertNoOrphans();
    }

    @Test
    void aMigrationMovesTheOrdersAndPassengerRowsAndTakesTheSourcesIdentities() throws SQLException {
        apply(tenant,
                line("src", "guest", "upsert", "{" + ids("crm", "SRC") + "," + FULL + "}"),
                line("dst", "guest", "upsert", "{" + ids("crm", "DST") + ",'firstName':'Target'}"),
                orderInsert("o", "ORD-M", ORDERED_AT, "crm", "SRC"),
                insert("b", booking("PNR-M", ORDERED_AT, ADA, items(item("PNR-M-1", "ADT", OUT)),
                        identified("crm", "SRC", "Grace", "Hopper", "PNR-M-1"))));
        long source = guestId("crm", "SRC");

        apply(tenant, line("m", "migration", "guest",
                "{'migrateFrom':{" + ids("crm", "SRC") + "},'migrateTo':{" + ids("crm", "DST") + "}}"));

        assertThat(dependents(source)).isEqualTo(new long[] { 0, 0, 0 });
        Map<String, Object> target = guestBy(tenant, "crm", "DST");
        assertThat(ordersOf(tenant, target.get("ref")).getList("items.referenceId")).containsExactlyInAnyOrder("ORD-M",
                "PNR-M");
        assertNoOrphans();
    }

    @Test
    void anOrderDeleteTakesItsItemsSegmentsConsumersLinksAndTravellers() throws SQLException {
        apply(tenant, insert("b", booking("PNR-D", ORDERED_AT, ADA,
                items(item("PNR-D-1", "ADT", OUT, BACK), item("PNR-D-2", "CHD", OUT, BACK)),
                named("Ada", "Lovelace", "PNR-D-1"), named("Byron", "King", "PNR-D-2"))));
        long order = orderId("PNR-D");
        assertThat(orderRows(order)).isEqualTo(new long[] { 2, 4, 2, 2 });

        apply(tenant, line("d", "order", "delete", "{'referenceId':'PNR-D'}"));

        assertThat(orderRows(order)).isEqualTo(new long[] { 0, 0, 0, 0 });
        assertThat(travellers()).isZero();
        assertNoOrphans();
    }

    @Test
    void aReInsertReplacesItemsSegmentsAndConsumersAndRemovesTheTravellersItDropped() throws SQLException {
        apply(tenant, insert("b", booking("PNR-R", ORDERED_AT, ADA,
                items(item("PNR-R-1", "ADT", OUT, BACK), item("PNR-R-2", "CHD", OUT, BACK), item("PNR-R-3", "ADT", OUT)),
                named("Ada", "Lovelace", "PNR-R-1"), named("Byron", "King", "PNR-R-2"),
                named("Grace", "Hopper", "PNR-R-3"))));
        long order = orderId("PNR-R");
        assertThat(orderRows(order)).isEqualTo(new long[] { 3, 5, 3, 3 });
        assertThat(travellers()).isEqualTo(2);

        apply(tenant, insert("again", booking("PNR-R", ORDERED_AT, ADA, items(item("PNR-R-1", "ADT", OUT)),
                named("Ada", "Lovelace", "PNR-R-1"))));

        assertThat(orderRows(order)).isEqualTo(new long[] { 1, 1, 1, 1 });
        assertThat(travellers()).isZero();
        assertNoOrphans();
    }

    @Test
    void aDeleteWaitsForAWriterOfTheGuestAndTakesWhatItCommitted() throws SQLException {
        apply(tenant, line("g", "guest", "upsert", "{" + ids("crm", "RACE") + ",'firstName':'Raced'}"));
        long guest = guestId("crm", "RACE");
        try (Connection writer = dataSource.getConnection()) {
            // another instance writes the guest: it locks the guest row, then adds an extension group, and has not
            // committed yet when the delete arrives
            writer.setAutoCommit(false);
            try (Statement s = writer.createStatement()) {
                s.executeUpdate("UPDATE guest SET first_name = 'Raced again' WHERE id = " + guest);
                s.executeUpdate("INSERT INTO guest_extension (guest_id, name, attributes) VALUES (" + guest
                        + ", 'ext5', '{\"late\": true}')");
            }
            String ref = Batches.uploadLines(tenant, List.of(line("d", "guest", "delete", "{" + ids("crm", "RACE") + "}")));
            Awaitility.await("the delete waits for the writer").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        Pipeline.drive();
                        return waitingOnALock("DELETE FROM guest");
                    });
            writer.commit();

            assertThat(Batches.awaitTerminal(tenant, ref).getString("status.code")).isEqualTo("success");
        }
        assertThat(guestsBy(tenant, "crm", "RACE")).isEmpty();
        assertThat(dependents(guest)).isEqualTo(new long[] { 0, 0, 0 });
        assertNoOrphans();
    }

    @Test
    void aMigrationToAGuestDeletedMeanwhileStartsOverAndFindsNoTarget() throws SQLException {
        apply(tenant,
                line("src", "guest", "upsert", "{" + ids("crm", "FROM") + "}"),
                line("dst", "guest", "upsert", "{" + ids("crm", "TO") + "}"),
                orderInsert("o", "ORD-T", ORDERED_AT, "crm", "FROM"));
        long target = guestId("crm", "TO");
        JsonPath done;
        try (Connection deleter = dataSource.getConnection()) {
            // another instance deletes the target: its guest row is gone, its identifier not yet, not committed
            deleter.setAutoCommit(false);
            try (Statement s = deleter.createStatement()) {
                s.executeUpdate("DELETE FROM guest WHERE id = " + target);
            }
            String ref = Batches.uploadLines(tenant, List.of(line("m", "migration", "guest",
                    "{'migrateFrom':{" + ids("crm", "FROM") + "},'migrateTo':{" + ids("crm", "TO") + "}}")));
            Awaitility.await("the migration waits for the delete").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        Pipeline.drive();
                        return waitingOnALock("SELECT id FROM guest");
                    });
            try (Statement s = deleter.createStatement()) {
                s.executeUpdate("DELETE FROM guest_identifier WHERE guest_id = " + target);
            }
            deleter.commit();
            done = Batches.awaitTerminal(tenant, ref);
        }
        assertThat(log(done)).containsExactly(
                "m|404|Guest not found|value.migrateTo.identifiers: no guest has any of these identifiers");
        assertThat(ordersOf(tenant, guestBy(tenant, "crm", "FROM").get("ref")).getList("items.referenceId"))
                .containsExactly("ORD-T");
        assertNoOrphans();
    }

    void assertNoOrphans() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            assertThat(Orphans.find(c)).as("rows whose parent is gone").isEmpty();
        }
    }

    /** Whether a statement starting with this text waits for a lock (another transaction's). */
    boolean waitingOnALock(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        SELECT count(*) AS waiting FROM pg_stat_activity
                        WHERE wait_event_type = 'Lock' AND query LIKE ? || '%'""")) {
            s.setString(1, statement);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong("waiting") > 0;
            }
        }
    }

    long guestId(String provider, String id) throws SQLException {
        return single("""
                SELECT gi.guest_id FROM guest_identifier gi JOIN api_client c ON c.id = gi.client_id
                WHERE c.client_key = ? AND gi.provider = ? AND gi.id = ?""", tenant.clientKey(), provider, id);
    }

    long orderId(String referenceId) throws SQLException {
        return single("""
                SELECT o.id FROM orders o JOIN api_client c ON c.id = o.client_id
                WHERE c.client_key = ? AND o.reference_id = ?""", tenant.clientKey(), referenceId);
    }

    /** The traveller guests of this tenant. */
    long travellers() throws SQLException {
        return single("""
                SELECT count(*) FROM guest g JOIN api_client c ON c.id = g.client_id
                WHERE c.client_key = ? AND g.guest_type = 'traveller'""", tenant.clientKey());
    }

    /** A guest's identifiers, subscriptions and extension groups. */
    long[] dependents(long guestId) throws SQLException {
        return new long[] { single("SELECT count(*) FROM guest_identifier WHERE guest_id = ?", guestId),
                single("SELECT count(*) FROM guest_subscription WHERE guest_id = ?", guestId),
                single("SELECT count(*) FROM guest_extension WHERE guest_id = ?", guestId) };
    }

    /** An order's items, segments, consumers and consumer-to-item links. */
    long[] orderRows(long orderId) throws SQLException {
        return new long[] { single("SELECT count(*) FROM order_item WHERE order_id = ?", orderId),
                single("SELECT count(*) FROM flight_segment WHERE order_id = ?", orderId),
                single("SELECT count(*) FROM order_consumer WHERE order_id = ?", orderId),
                single("SELECT count(*) FROM order_consumer_item WHERE order_id = ?", orderId) };
    }

    long single(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = s.executeQuery()) {
                assertThat(rows.next()).as("a row of %s", sql).isTrue();
                return rows.getLong(1);
            }
        }
    }
}
