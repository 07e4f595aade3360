package io.cdpbatch.customer;

import static io.cdpbatch.customer.CustomerLines.apply;
import static io.cdpbatch.customer.CustomerLines.guestBy;
import static io.cdpbatch.customer.CustomerLines.guestsBy;
import static io.cdpbatch.customer.CustomerLines.ids;
import static io.cdpbatch.customer.CustomerLines.log;
import static io.cdpbatch.customer.CustomerLines.ordersByReference;
import static io.cdpbatch.customer.CustomerLines.ordersOf;
import static io.cdpbatch.customer.CustomerLines.process;
import static io.cdpbatch.customer.FlightLines.ADA;
import static io.cdpbatch.customer.FlightLines.BACK;
import static io.cdpbatch.customer.FlightLines.OUT;
import static io.cdpbatch.customer.FlightLines.booking;
import static io.cdpbatch.customer.FlightLines.identified;
import static io.cdpbatch.customer.FlightLines.insert;
import static io.cdpbatch.customer.FlightLines.item;
import static io.cdpbatch.customer.FlightLines.items;
import static io.cdpbatch.customer.FlightLines.named;
import static io.cdpbatch.customer.FlightLines.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.lifecycle.WorkRunner;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Sql;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Flight orders end to end: consumers, their guests and travellers, flight segments, through real uploads. */
@QuarkusTest
@ApiTest
class FlightOrdersTest {

    static final String ORDERED_AT = "2026-11-27T10:15:00Z";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WorkRunner claimer;

    Tenants tenant;

    @AfterEach
    void resume() {
        claimer.setPaused(false);
    }

    /** Ada books for herself, Charles (his own loyalty number) and her nephew Byron (a child, name only). */
    static String familyBooking(String referenceId) {
        return booking(referenceId, ORDERED_AT, ADA,
                items(item(referenceId + "-1", "ADT", OUT, BACK), item(referenceId + "-2", "ADT", OUT, BACK),
                        item(referenceId + "-3", "CHD", OUT, BACK)),
                named("Ada", "Lovelace", referenceId + "-1"),
                identified("loyalty", "FF-2002", "Charles", "Babbage", referenceId + "-2"),
                named("Byron", "King", referenceId + "-3"));
    }

    Map<String, Object> guest(Object ref) {
        return tenant.given().get("/v2.1/guests/{ref}", ref).then().statusCode(200).extract().jsonPath().getMap("");
    }

    void guestIsGone(Object ref) {
        tenant.given().get("/v2.1/guests/{ref}", ref).then().statusCode(404);
    }

    @Test
    void aBookingLinksItsPassengersToTheirGuestsAndKeepsItsFlights() {
        JsonPath done = process(tenant, insert("booking", familyBooking("PNR-1")),
                insert("unknown", booking("PNR-2", ORDERED_AT, ADA, items(item("PNR-2-1", "ADT", OUT)),
                        named("Ada", "Lovelace", "PNR-2-9"))));

        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(1);
        assertThat(done.getLong("status.summary.failedCount")).isEqualTo(1);
        assertThat(log(done)).containsExactly("unknown|400|Validation error|value.consumers[0].orderItems[0].referenceId:"
                + " \"PNR-2-9\" names no item of this order (orderItems[].referenceId)");
        assertThat(ordersByReference(tenant, "PNR-2").getInt("totalCount")).isZero();

        Map<String, Object> ada = guestBy(tenant, "crm", "ADA-1");
        Map<String, Object> charles = guestBy(tenant, "loyalty", "FF-2002");
        assertThat(charles).containsEntry("guestType", "customer").containsEntry("firstName", "Charles")
                .containsEntry("lastName", "Babbage");
        JsonPath order = ordersByReference(tenant, "PNR-1");
        assertThat(order.getInt("totalCount")).isEqualTo(1);
        assertThat(order.getString("items[0].contact.ref")).isEqualTo(ada.get("ref"));

        List<Map<String, Object>> consumers = order.getList("items[0].consumers");
        assertThat(consumers).hasSize(3);
        assertThat(consumers.get(0)).containsEntry("guestRef", ada.get("ref")).containsEntry("firstName", "Ada")
                .containsEntry("lastName", "Lovelace").containsEntry("orderItems", List.of(Map.of("referenceId", "PNR-1-1")));
        Map<String, Object> loyalty = new HashMap<>(Map.of("provider", "loyalty", "id", "FF-2002"));
        loyalty.put("expiryDate", null);
        assertThat(consumers.get(1)).containsEntry("guestRef", charles.get("ref"))
                .containsEntry("identifiers", List.of(loyalty))
                .containsEntry("orderItems", List.of(Map.of("referenceId", "PNR-1-2")));
        Object byron = consumers.get(2).get("guestRef");
        assertThat(byron).isNotIn(ada.get("ref"), charles.get("ref"));
        assertThat(guest(byron)).containsEntry("guestType", "traveller").containsEntry("firstName", "Byron")
                .containsEntry("lastName", "King").containsEntry("identifiers", List.of()).containsEntry("email", null);
        assertThat(consumers.get(2)).containsEntry("orderItems", List.of(Map.of("referenceId", "PNR-1-3")));

        Map<String, Object> child = order.getMap("items[0].orderItems[2]");
        assertThat(child).containsEntry("referenceId", "PNR-1-3").containsEntry("consumerTypeCode", "CHD");
        assertThat(order.getList("items[0].orderItems.consumerTypeCode")).containsExactly("ADT", "ADT", "CHD");
        List<Map<String, Object>> segments = order.getList("items[0].orderItems[2].flightSegments");
        assertThat(segments).hasSize(2);
        assertThat(segments.get(0)).isEqualTo(Map.ofEntries(Map.entry("id", "EI154-1215"), Map.entry("origin", "DUB"),
                Map.entry("destination", "LHR"), Map.entry("departureDateTime", "2026-12-15T07:00:00.000Z"),
                Map.entry("arrivalDateTime", "2026-12-15T08:20:00.000Z"), Map.entry("flightNumber", "EI154"),
                Map.entry("fareClass", "Y"), Map.entry("carrier", "EI"), Map.entry("fareFamily", "Saver"),
                Map.entry("bookingClass", "V"), Map.entry("equipmentType", "A320"), Map.entry("originDestination", "DUB-LHR")));
        assertThat(segments.get(1)).containsEntry("id", "EI159-1220").containsEntry("origin", "LHR")
                .containsEntry("departureDateTime", "2026-12-20T18:40:00.000Z");

        JsonPath charlesOrders = ordersOf(tenant, charles.get("ref"));
        assertThat(charlesOrders.getInt("totalCount")).isEqualTo(1);
        assertThat(charlesOrders.getString("items[0].referenceId")).isEqualTo("PNR-1");
        assertThat(charlesOrders.getString("items[0].role")).isEqualTo("consumer");
        JsonPath adaOrders = ordersOf(tenant, ada.get("ref"));
        assertThat(adaOrders.getList("items.role")).containsExactly("contact");
        assertThat(ordersOf(tenant, byron).getList("items.referenceId")).containsExactly("PNR-1");
        // the order by its ref is the same, without a role
        Map<String, Object> byRef = tenant.given().get("/v2.1/orders/{ref}", order.getString("items[0].ref")).then()
                .statusCode(200).extract().jsonPath().getMap("");
        assertThat(byRef).isEqualTo(order.getMap("items[0]")).doesNotContainKey("role");
    }

    @Test
    void recordsAboutAPassengersGuestTakeEffectInFileOrderAroundTheBooking() {
        apply(tenant,
                Lines.guest("g1").identifier("loyalty", "FF-2002").firstName("Chas").set("city", "London").upsert(),
                insert("booking", familyBooking("PNR-1")),
                Lines.guest("g2").identifier("loyalty", "FF-2002").lastName("B.").upsert());

        assertThat(guestBy(tenant, "loyalty", "FF-2002")).containsEntry("firstName", "Charles")
                .containsEntry("lastName", "B.").containsEntry("city", "London").containsEntry("guestType", null);
    }

    @Test
    void aReInsertReplacesConsumersAndSegmentsKeepingTheTravellersStillNamed() throws SQLException {
        apply(tenant, insert("first", booking("PNR-R", ORDERED_AT, ADA,
                items(item("PNR-R-1", "ADT", OUT, BACK), item("PNR-R-2", "CHD", OUT, BACK)),
                named("Ada", "Lovelace", "PNR-R-1"), named("Byron", "King", "PNR-R-2"), named("Grace", "Hopper", "PNR-R-1"))));
        JsonPath first = ordersByReference(tenant, "PNR-R");
        String orderRef = first.getString("items[0].ref");
        Object byron = first.getString("items[0].consumers[1].guestRef");
        Object grace = first.getString("items[0].consumers[2].guestRef");

        // two hours later: the same order; Grace no longer flies, Alan does, and the flight home changes
        String home = segment("EI161-1221", "LHR", "DUB", "2026-12-21T09:00Z", "2026-12-21T10:20Z", "EI161");
        apply(tenant, insert("again", booking("PNR-R", "2026-11-27T12:15:00Z", ADA,
                items(item("PNR-R-1", "ADT", OUT, home), item("PNR-R-2", "CHD", OUT, home)),
                named("BYRON", "king", "PNR-R-2"), named("Alan", "Turing", "PNR-R-1"))));

        JsonPath again = ordersByReference(tenant, "PNR-R");
        assertThat(again.getInt("totalCount")).isEqualTo(1);
        assertThat(again.getString("items[0].ref")).isEqualTo(orderRef);
        assertThat(again.getList("items[0].consumers.firstName")).containsExactly("BYRON", "Alan");
        assertThat(again.getString("items[0].consumers[0].guestRef")).isEqualTo(byron);
        Object alan = again.getString("items[0].consumers[1].guestRef");
        assertThat(alan).isNotIn(byron, grace);
        assertThat(guest(byron)).containsEntry("guestType", "traveller").containsEntry("firstName", "BYRON");
        assertThat(guest(alan)).containsEntry("guestType", "traveller").containsEntry("lastName", "Turing");
        guestIsGone(grace);
        assertThat(again.getList("items[0].orderItems[0].flightSegments.id")).containsExactly("EI154-1215", "EI161-1221");
        assertThat(again.getList("items[0].consumers[1].orderItems.referenceId")).containsExactly("PNR-R-1");
        assertThat(flightRows()).isEqualTo(new long[] { 2, 2, 4 });
    }

    @Test
    void anUpsertOfABookingMayChangeItsFieldsButNotItsFlights() {
        apply(tenant, insert("first", familyBooking("PNR-U")));

        JsonPath done = process(tenant,
                Lines.order("status").referenceId("PNR-U").set("status", "CANCELLED").upsert(),
                Lines.line("items", "order", "upsert",
                        "{'referenceId':'PNR-U','orderItems':[" + item("PNR-U-1", "ADT", OUT) + "]}"),
                Lines.line("consumers", "order", "upsert", "{'referenceId':'PNR-U','orderItems':[" + item("PNR-U-1", "ADT", OUT)
                        + "],'consumers':[" + named("Ada", "Lovelace", "PNR-U-1") + "]}"));

        assertThat(log(done)).containsExactly(
                "items|400|Validation error|value.orderItems[0].flightSegments: an upsert of an existing order cannot change"
                        + " its flight segments (insert the order to replace it whole)",
                "consumers|400|Validation error|value.consumers: an upsert of an existing order cannot change its consumers"
                        + " (insert the order to replace it whole)");
        JsonPath order = ordersByReference(tenant, "PNR-U");
        assertThat(order.getString("items[0].status")).isEqualTo("CANCELLED");
        assertThat(order.getList("items[0].consumers")).hasSize(3);
        assertThat(order.getList("items[0].orderItems")).hasSize(3);
    }

    @Test
    void deletingTheOrderRemovesItsFlightsConsumersAndTravellers() throws SQLException {
        apply(tenant, insert("booking", familyBooking("PNR-D")));
        JsonPath order = ordersByReference(tenant, "PNR-D");
        Object byron = order.getString("items[0].consumers[2].guestRef");
        assertThat(flightRows()).isEqualTo(new long[] { 3, 3, 6 });
        long orderId = Sql.count("SELECT id FROM orders WHERE reference_id = 'PNR-D' AND client_id = " + TENANT,
                tenant.clientKey());
        assertThat(rowsOfOrder(orderId)).isEqualTo(3 + 3 + 6 + 3);

        apply(tenant, Lines.line("delete", "order", "delete", "{'referenceId':'PNR-D','orderedAt':'" + ORDERED_AT + "'}"));

        assertThat(ordersByReference(tenant, "PNR-D").getInt("totalCount")).isZero();
        guestIsGone(byron);
        Map<String, Object> charles = guestBy(tenant, "loyalty", "FF-2002");
        assertThat(ordersOf(tenant, charles.get("ref")).getInt("totalCount")).isZero();
        assertThat(ordersOf(tenant, guestBy(tenant, "crm", "ADA-1").get("ref")).getInt("totalCount")).isZero();
        assertThat(flightRows()).isEqualTo(new long[] { 0, 0, 0 });
        assertThat(rowsOfOrder(orderId)).isZero();
    }

    @Test
    void gdprDeleteRemovesTheGuestsBookingsTravellersAndPassengerRowsAndDeleteDetaches() {
        String charles = "{" + ids("loyalty", "FF-2002") + ",'firstName':'Charles','lastName':'Babbage'}";
        apply(tenant,
                insert("ada", booking("PNR-A", ORDERED_AT, ADA, items(item("PNR-A-1", "ADT", OUT), item("PNR-A-2", "CHD", OUT)),
                        named("Ada", "Lovelace", "PNR-A-1"), named("Byron", "King", "PNR-A-2"))),
                insert("charles", booking("PNR-C", ORDERED_AT, charles, items(item("PNR-C-1", "ADT", OUT)),
                        named("Charles", "Babbage", "PNR-C-1"), identified("crm", "ADA-1", "Ada", "Lovelace", "PNR-C-1"))));
        Object byron = ordersByReference(tenant, "PNR-A").getString("items[0].consumers[1].guestRef");
        Map<String, Object> charlesGuest = guestBy(tenant, "loyalty", "FF-2002");
        assertThat(ordersOf(tenant, guestBy(tenant, "crm", "ADA-1").get("ref")).getList("items.role"))
                .containsExactlyInAnyOrder("contact", "consumer");

        apply(tenant, Lines.guest("gdpr").identifier("crm", "ADA-1").gdprDelete());

        assertThat(guestsBy(tenant, "crm", "ADA-1")).isEmpty();
        assertThat(ordersByReference(tenant, "PNR-A").getInt("totalCount")).isZero();
        guestIsGone(byron);
        JsonPath kept = ordersByReference(tenant, "PNR-C");
        assertThat(kept.getList("items[0].consumers.firstName")).containsExactly("Charles");
        assertThat(kept.getString("items[0].consumers[0].guestRef")).isEqualTo(charlesGuest.get("ref"));

        apply(tenant, Lines.guest("delete").identifier("loyalty", "FF-2002").delete());

        JsonPath detached = ordersByReference(tenant, "PNR-C");
        assertThat(detached.getMap("items[0]")).containsEntry("contact", null);
        assertThat(detached.getList("items[0].consumers")).hasSize(1);
        assertThat(detached.getMap("items[0].consumers[0]")).containsEntry("guestRef", null)
                .containsEntry("firstName", "Charles");
    }

    @Test
    void aMigrationMovesThePassengerLinksWithTheOrders() {
        apply(tenant,
                Lines.guest("src").identifier("crm", "SRC").firstName("Old").upsert(),
                Lines.guest("dst").identifier("crm", "DST").firstName("New").upsert(),
                insert("booking", booking("PNR-M", ORDERED_AT, ADA, items(item("PNR-M-1", "ADT", OUT)),
                        identified("crm", "SRC", "Old", "Name", "PNR-M-1"))),
                insert("own", booking("PNR-S", ORDERED_AT, "{" + ids("crm", "SRC") + "}", items(item("PNR-S-1", "ADT", OUT)),
                        identified("crm", "SRC", "Old", "Name", "PNR-S-1"))));

        apply(tenant, Lines.migration("m").from("crm", "SRC").to("crm", "DST").line());

        assertThat(guestsBy(tenant, "crm", "SRC")).isEmpty();
        Map<String, Object> target = guestBy(tenant, "crm", "DST");
        assertThat(target).containsEntry("firstName", "New");
        JsonPath orders = ordersOf(tenant, target.get("ref"));
        assertThat(orders.getList("items.referenceId")).containsExactly("PNR-M", "PNR-S");
        assertThat(orders.getList("items.role")).containsExactly("consumer", "contact");
        assertThat(orders.getList("items.consumers.guestRef")).containsExactly(List.of(target.get("ref")),
                List.of(target.get("ref")));
    }

    @Test
    void aDryRunOfBookingsChangesNothingAndTheSameFileAgainIsFlaggedAsADuplicate() throws SQLException {
        byte[] file = TestFiles.ndjsonGz(List.of(insert("booking", familyBooking("PNR-1")),
                insert("own", booking("PNR-2", ORDERED_AT, ADA, items(item("PNR-2-1", "ADT", OUT)),
                        named("Ada", "Lovelace", "PNR-2-1")))));

        JsonPath dry = Batches.awaitTerminal(tenant, upload(file, ",\"dryRun\":true"));
        assertThat(dry.getBoolean("dryRun")).isTrue();
        assertThat(dry.getString("status.code")).isEqualTo("success");
        assertThat(dry.getLong("status.summary.succeededCount")).isEqualTo(2);
        assertThat(tenantRows()).isZero();

        String real = upload(file, "");
        JsonPath done = Batches.awaitTerminal(tenant, real);
        assertThat(done.getString("status.code")).isEqualTo("success");
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(2);
        // guests Ada, Charles, Byron (2 identifiers); 2 orders; 4 items; 7 segments; 4 consumers; 4 links
        assertThat(tenantRows()).isEqualTo(3 + 2 + 2 + 4 + 7 + 4 + 4);

        tenant.given().body("{\"checksum\":\"" + TestFiles.md5Hex(file) + "\",\"size\":" + file.length + "}")
                .when().put("/v2/batches/{ref}", UUID.randomUUID().toString()).then().statusCode(201)
                .body("duplicateOf", equalTo(real));
        tenant.given().body("{\"checksum\":\"" + TestFiles.md5Hex(file) + "\",\"size\":" + file.length + ",\"dryRun\":true}")
                .when().put("/v2/batches/{ref}", UUID.randomUUID().toString()).then().statusCode(201)
                .body("duplicateOf", equalTo(real)).body("dryRun", equalTo(true));
        tenant.given().get("/v2/batches/{ref}", real).then().statusCode(200).body("duplicateOf", nullValue());
    }

    @Test
    void bookingsAppliedAgainAfterATakeOverEndInTheSameStateWithTheSameGuests() throws SQLException {
        String ref = Batches.uploadLines(tenant, List.of(
                Lines.guest("g").identifier("crm", "ADA-1").set("city", "London").upsert(),
                insert("b1", familyBooking("PNR-1")),
                insert("b2", booking("PNR-2", ORDERED_AT, ADA, items(item("PNR-2-1", "CHD", OUT, BACK)),
                        named("Byron", "King", "PNR-2-1"), named("Grace", "Hopper", "PNR-2-1"))),
                insert("b2again", booking("PNR-2", "2026-11-27T11:15:00Z", ADA, items(item("PNR-2-1", "CHD", OUT)),
                        named("Byron", "King", "PNR-2-1"), named("Alan", "Turing", "PNR-2-1"))),
                insert("b3", booking("PNR-3", ORDERED_AT, ADA, items(item("PNR-3-1", "INF", OUT)),
                        named("Ada", "Byron", "PNR-3-1"))),
                Lines.line("x3", "order", "delete", "{'referenceId':'PNR-3','orderedAt':'" + ORDERED_AT + "'}"),
                insert("bad", booking("PNR-4", ORDERED_AT, ADA, items(item("PNR-4-1", "ADT", OUT)),
                        named("Ada", "Lovelace", "PNR-4-9")))));
        JsonPath first = Batches.awaitTerminal(tenant, ref);
        assertThat(first.getLong("status.summary.totalCount")).isEqualTo(7);
        assertThat(first.getLong("status.summary.succeededCount")).isEqualTo(6);
        List<String> firstLog = log(first);
        assertThat(firstLog).containsExactly("bad|400|Validation error|value.consumers[0].orderItems[0].referenceId:"
                + " \"PNR-4-9\" names no item of this order (orderItems[].referenceId)");
        List<String> state = state();
        assertThat(state).filteredOn(s -> s.startsWith("guest ")).containsExactly(
                "guest - Ada Lovelace London", "guest customer Charles Babbage -", "guest traveller Alan Turing -",
                "guest traveller Byron King -", "guest traveller Byron King -");
        assertThat(state).filteredOn(s -> s.startsWith("consumer ")).containsExactly(
                "consumer PNR-1/0 Ada guest=- Ada items=0", "consumer PNR-1/1 Charles guest=customer Charles items=1",
                "consumer PNR-1/2 Byron guest=traveller Byron items=2", "consumer PNR-2/0 Byron guest=traveller Byron items=0",
                "consumer PNR-2/1 Alan guest=traveller Alan items=0");
        assertThat(state).filteredOn(s -> s.startsWith("segment ")).hasSize(7);
        Set<String> refs = guestRefs();
        String alan = ordersByReference(tenant, "PNR-2").getString("items[0].consumers[1].guestRef");

        // the instance that processed it "crashed" before finishing: another one takes it over
        claimer.setPaused(true);
        Sql.updateOne("UPDATE batch SET status = 'processing', lease_owner = 'crashed-instance',"
                + " lease_expires_at = clock_timestamp() - interval '1 second' WHERE ref = ?::uuid", ref);
        claimer.setPaused(false);
        JsonPath second = Batches.awaitTerminal(tenant, ref);

        assertThat(second.getLong("status.summary.succeededCount")).isEqualTo(6);
        assertThat(second.getLong("status.summary.failedCount")).isEqualTo(1);
        assertThat(log(second)).isEqualTo(firstLog);
        assertThat(state()).isEqualTo(state);
        // Every guest keeps its ref but Alan's: line b2 replaces him by Grace again (nothing refers to his guest
        // then, so it goes), and line b2again brings him back as a new traveller. The people and links are the same.
        Set<String> again = guestRefs();
        Set<String> gone = new HashSet<>(refs);
        gone.removeAll(again);
        assertThat(gone).containsExactly(alan);
        again.removeAll(refs);
        assertThat(again).containsExactly(ordersByReference(tenant, "PNR-2").getString("items[0].consumers[1].guestRef"));
    }

    /** Uploads with this allocation body extension; returns the ref. */
    String upload(byte[] file, String extension) {
        String ref = UUID.randomUUID().toString();
        String url = tenant.given()
                .body("{\"checksum\":\"" + TestFiles.md5Hex(file) + "\",\"size\":" + file.length + extension + "}")
                .when().put("/v2/batches/{ref}", ref).then().statusCode(201).extract().path("location.href");
        assertThat(Uploads.put(url, file).status()).isEqualTo(200);
        return ref;
    }

    static final String TENANT = "(SELECT id FROM api_client WHERE client_key = ?)";

    /** Consumers, links to items, segments of the tenant's orders. */
    long[] flightRows() throws SQLException {
        return new long[] {
                Sql.count("SELECT count(*) FROM order_consumer c JOIN orders o ON o.id = c.order_id WHERE o.client_id = "
                        + TENANT, tenant.clientKey()),
                Sql.count("SELECT count(*) FROM order_consumer_item l JOIN orders o ON o.id = l.order_id WHERE o.client_id = "
                        + TENANT, tenant.clientKey()),
                Sql.count("SELECT count(*) FROM flight_segment s JOIN orders o ON o.id = s.order_id WHERE o.client_id = "
                        + TENANT, tenant.clientKey()) };
    }

    /** The consumer, link, segment and item rows of one order, whatever its tenant. */
    long rowsOfOrder(long orderId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT (SELECT count(*) FROM order_consumer WHERE order_id = ?) + (SELECT count(*) FROM order_consumer_item
                    WHERE order_id = ?) + (SELECT count(*) FROM flight_segment WHERE order_id = ?)
                    + (SELECT count(*) FROM order_item WHERE order_id = ?) AS total""")) {
            for (int i = 1; i <= 4; i++) {
                s.setLong(i, orderId);
            }
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong("total");
            }
        }
    }

    /** Every customer row of the tenant. */
    long tenantRows() throws SQLException {
        long[] flight = flightRows();
        return Sql.count("SELECT count(*) FROM guest WHERE client_id = " + TENANT, tenant.clientKey())
                + Sql.count("SELECT count(*) FROM guest_identifier WHERE client_id = " + TENANT, tenant.clientKey())
                + Sql.count("SELECT count(*) FROM orders WHERE client_id = " + TENANT, tenant.clientKey())
                + Sql.count(
                        "SELECT count(*) FROM order_item i JOIN orders o ON o.id = i.order_id WHERE o.client_id = " + TENANT,
                        tenant.clientKey())
                + flight[0] + flight[1] + flight[2];
    }

    /** The tenant's guests, orders (with their refs), consumers (with their guest's kind and name) and segments. */
    List<String> state() throws SQLException {
        List<String> state = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        """
                                SELECT 'guest ' || coalesce(g.guest_type, '-') || ' ' || coalesce(g.first_name, '-') || ' '
                                    || coalesce(g.last_name, '-') || ' ' || coalesce(g.city, '-') AS line
                                FROM guest g WHERE g.client_id = (SELECT id FROM api_client WHERE client_key = ?)
                                UNION ALL
                                SELECT 'order ' || o.ref || ' ' || o.reference_id || ' ' || o.ordered_at || ' contact=' || g.ref
                                FROM orders o JOIN guest g ON g.id = o.guest_id WHERE o.client_id = (SELECT id FROM api_client WHERE client_key = ?)
                                UNION ALL
                                SELECT 'consumer ' || o.reference_id || '/' || c.position || ' ' || c.first_name || ' guest='
                                    || coalesce(g.guest_type, '-') || ' ' || g.first_name
                                    || ' items=' || (SELECT string_agg(l.item_position::text, ',' ORDER BY l.item_position)
                                        FROM order_consumer_item l WHERE l.order_id = c.order_id AND l.consumer_position = c.position)
                                FROM order_consumer c JOIN orders o ON o.id = c.order_id JOIN guest g ON g.id = c.guest_id
                                WHERE o.client_id = (SELECT id FROM api_client WHERE client_key = ?)
                                UNION ALL
                                SELECT 'segment ' || o.reference_id || '/' || s.item_position || '/' || s.position || ' ' || s.segment_id
                                FROM flight_segment s JOIN orders o ON o.id = s.order_id
                                WHERE o.client_id = (SELECT id FROM api_client WHERE client_key = ?)
                                ORDER BY 1""")) {
            for (int i = 1; i <= 4; i++) {
                s.setString(i, tenant.clientKey());
            }
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    state.add(rows.getString("line"));
                }
            }
        }
        return state;
    }

    Set<String> guestRefs() throws SQLException {
        Set<String> refs = new HashSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT ref::text AS ref FROM guest WHERE client_id = (SELECT id FROM api_client WHERE client_key = ?)")) {
            s.setString(1, tenant.clientKey());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    refs.add(rows.getString("ref"));
                }
            }
        }
        return refs;
    }

}
