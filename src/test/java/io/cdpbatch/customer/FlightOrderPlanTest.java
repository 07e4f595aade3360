package io.cdpbatch.customer;

import static io.cdpbatch.customer.PlanLines.ids;
import static io.cdpbatch.customer.PlanLines.run;
import static io.cdpbatch.customer.PlanLines.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdpbatch.records.GuestField;
import io.cdpbatch.records.OrderField;
import io.cdpbatch.records.OrderWrite;
import io.cdpbatch.support.Lines;

/** Flight orders decided without a database: which guest each consumer is, travellers, what an upsert may not do. */
class FlightOrderPlanTest {

    static final String SEGMENT = "{'id':'S1','origin':'DUB','destination':'LHR','departureDateTime':'2026-12-15T07:00Z',"
            + "'arrivalDateTime':'2026-12-15T08:20Z','flightNumber':'EI154','fareClass':'Y','carrier':'EI'}";

    static String item(String referenceId, String flight) {
        return "{'type':'FLIGHT','productId':'DUB-LHR','name':'Dublin - London','description':'Economy','vendor':'EI',"
                + "'price':99,'currencyCode':'EUR','referenceId':'" + referenceId + "','status':'CONFIRMED'" + flight + "}";
    }

    static final String ITEMS = item("I-1", ",'consumerTypeCode':'ADT','flightSegments':[" + SEGMENT + "]") + ","
            + item("I-2", ",'consumerTypeCode':'CHD','flightSegments':[" + SEGMENT + "]");

    /** Contact crm/A, Ada Lovelace. */
    static String booking(String orderedAt, String... consumers) {
        return "{'referenceId':'PNR-1','channel':'WEB','pointOfSale':'air','status':'CONFIRMED','orderedAt':'" + orderedAt
                + "','currencyCode':'EUR','price':198,'paymentType':'Cash','contact':{" + ids("crm/A")
                + ",'firstName':'Ada','lastName':'Lovelace'},'orderItems':[" + ITEMS + "],'consumers':["
                + String.join(",", consumers) + "]}";
    }

    static String named(String first, String last, String item) {
        return "{'firstName':'" + first + "','lastName':'" + last + "','orderItems':[{'referenceId':'" + item + "'}]}";
    }

    static String identified(String identity, String item) {
        return "{" + identity + ",'firstName':'Bob','orderItems':[{'referenceId':'" + item + "'}]}";
    }

    static final String ORDERED_AT = "2026-11-27T10:00:00Z";

    /** Guest 10 holds crm/A (the contact), guest 20 crm/B, guest 30 crm/C. */
    static IdentityIndex identities() {
        return new IdentityIndex(Map.of("crm\u0000A", 10L, "crm\u0000B", 20L, "crm\u0000C", 30L), Map.of());
    }

    static Map<String, List<OrderPlan.KnownOrder>> none() {
        return new HashMap<>();
    }

    @Test
    void consumersLinkToTheirGuestByIdentityToTheContactByNameOrToANewTraveller() {
        IdentityIndex identities = identities();
        OrderPlan plan = OrderPlan.of(run(OrderWrite.class, Lines.line(null, "order", "insert", booking(ORDERED_AT,
                named("ADA", "lovelace", "I-1"), identified(ids("crm/B"), "I-1"), identified(ids("crm/NEW"), "I-1"),
                named("Byron", "King", "I-2")))), none(), identities);

        assertThat(plan.failures()).isEmpty();
        List<OrderPlan.PlannedConsumer> consumers = plan.patches().get(-1L).consumers;
        assertThat(consumers).extracting(OrderPlan.PlannedConsumer::link).containsExactly(OrderPlan.Link.CONTACT,
                OrderPlan.Link.IDENTITY, OrderPlan.Link.IDENTITY, OrderPlan.Link.TRAVELLER);
        assertThat(consumers).extracting(OrderPlan.PlannedConsumer::guestId).containsExactly(10L, 20L, -1L, -2L);
        assertThat(identities.newGuests()).isEqualTo(2);

        Map<Long, GuestPatch> guests = plan.guests().patches();
        assertThat(guests).containsOnlyKeys(10L, 20L, -1L, -2L);
        assertThat(guests.get(20L).values).containsOnly(Map.entry(GuestField.FIRST_NAME, "Bob"));
        assertThat(guests.get(-1L).values).containsEntry(GuestField.GUEST_TYPE, "customer")
                .containsEntry(GuestField.FIRST_NAME, "Bob");
        assertThat(guests.get(-1L).identifiers).containsOnlyKeys("crm\u0000NEW");
        assertThat(guests.get(-2L).created).isTrue();
        assertThat(guests.get(-2L).values).containsEntry(GuestField.GUEST_TYPE, "traveller")
                .containsEntry(GuestField.FIRST_NAME, "Byron").containsEntry(GuestField.LAST_NAME, "King")
                .containsEntry(GuestField.TITLE, null);
        assertThat(guests.get(-2L).identifiers).isEmpty();
        assertThat(plan.travellersToCheck()).isEmpty();
    }

    @Test
    void aNameOnlyConsumerIsTheContactOnlyWhenBothNamesAreTheContacts() {
        OrderPlan plan = OrderPlan.of(run(OrderWrite.class, Lines.line(null, "order", "insert", booking(ORDERED_AT,
                named("Ada", "King", "I-1")))), none(), identities());

        assertThat(plan.patches().get(-1L).consumers.get(0).link()).isEqualTo(OrderPlan.Link.TRAVELLER);
    }

    @Test
    void aReInsertKeepsTheTravellersOfTheSameNamesAndLetsTheOthersGo() {
        Map<String, List<OrderPlan.KnownOrder>> known = none();
        known.put("PNR-1", new ArrayList<>(List.of(new OrderPlan.KnownOrder(7, Instant.parse(ORDERED_AT), true,
                List.of(new OrderPlan.Traveller(100, "Byron", "King"), new OrderPlan.Traveller(101, "Old", "Friend"))))));
        IdentityIndex identities = identities();

        OrderPlan plan = OrderPlan.of(run(OrderWrite.class, Lines.line(null, "order", "insert", booking("2026-11-27T12:00:00Z",
                named("BYRON", "king", "I-2"), named("New", "Friend", "I-1")))), known, identities);

        List<OrderPlan.PlannedConsumer> consumers = plan.patches().get(7L).consumers;
        assertThat(consumers).extracting(OrderPlan.PlannedConsumer::guestId).containsExactly(100L, -1L);
        assertThat(plan.guests().patches().get(100L).created).isFalse();
        assertThat(plan.guests().patches().get(100L).values).containsEntry(GuestField.FIRST_NAME, "BYRON");
        assertThat(plan.guests().patches().get(-1L).created).isTrue();
        assertThat(plan.travellersToCheck()).containsExactly(101L);
    }

    @Test
    void theSameBookingTwiceInAChunkCreatesItsTravellersOnce() {
        IdentityIndex identities = identities();
        OrderPlan plan = OrderPlan.of(run(OrderWrite.class,
                Lines.line(null, "order", "insert", booking(ORDERED_AT, named("Byron", "King", "I-2"))),
                Lines.line(null, "order", "insert", booking(ORDERED_AT, named("Byron", "King", "I-2")))), none(), identities);

        assertThat(plan.failures()).isEmpty();
        assertThat(plan.patches()).containsOnlyKeys(-1L);
        assertThat(plan.patches().get(-1L).consumers.get(0).guestId()).isEqualTo(-1L);
        assertThat(identities.newGuests()).isEqualTo(1);
        assertThat(plan.travellersToCheck()).isEmpty();
    }

    @Test
    void anUpsertOfAnExistingOrderMayNotChangeItsFlightData() {
        Map<String, List<OrderPlan.KnownOrder>> known = none();
        known.put("PNR-1", new ArrayList<>(List.of(new OrderPlan.KnownOrder(7, Instant.parse(ORDERED_AT), true, List.of()))));
        known.put("PLAIN", new ArrayList<>(List.of(new OrderPlan.KnownOrder(8, Instant.parse(ORDERED_AT)))));
        String insteadInsert = " (insert the order to replace it whole)";

        OrderPlan plan = OrderPlan.of(run(OrderWrite.class,
                Lines.line(null, "order", "upsert", "{'referenceId':'PNR-1','orderItems':[" + ITEMS + "],'consumers':["
                        + named("Byron", "King", "I-2") + "]}"),
                Lines.line(null, "order", "upsert", "{'referenceId':'PLAIN','orderItems':[" + item("I-1", "") + ","
                        + item("I-2", ",'flightSegments':[" + SEGMENT + "]") + "]}"),
                Lines.line(null, "order", "upsert",
                        "{'referenceId':'PLAIN','orderItems':[" + item("I-1", ",'passengerTypeCode':'INF'")
                                + "]}"),
                Lines.line(null, "order", "upsert", "{'referenceId':'PNR-1','orderItems':[" + item("I-1", "") + "]}"),
                Lines.order(null).referenceId("PNR-1").set("status", "CANCELLED").upsert(),
                Lines.line(null, "order", "upsert", "{'referenceId':'PLAIN','orderItems':[" + item("I-9", "") + "]}")),
                known, identities());

        assertThat(texts(plan.failures())).containsExactly(
                "1|400|Validation error|value.consumers: an upsert of an existing order cannot change its consumers"
                        + insteadInsert,
                "2|400|Validation error|value.orderItems[1].flightSegments: an upsert of an existing order cannot change its"
                        + " flight segments" + insteadInsert,
                "3|400|Validation error|value.orderItems[0].consumerTypeCode: an upsert of an existing order cannot change its"
                        + " passenger type codes" + insteadInsert,
                "4|400|Validation error|value.orderItems: the order has consumers or flight segments linked to its items, an"
                        + " upsert cannot replace them" + insteadInsert);
        assertThat(plan.patches().get(7L).fields).containsEntry(OrderField.STATUS, "CANCELLED");
        assertThat(plan.patches().get(7L).consumers).isNull();
        assertThat(plan.patches().get(7L).items).isNull();
        assertThat(plan.patches().get(8L).items).hasSize(1);
    }

    @Test
    void anUpsertThatCreatesTheOrderMayCarryFlightData() {
        OrderPlan plan = OrderPlan.of(run(OrderWrite.class,
                Lines.line(null, "order", "upsert", booking(ORDERED_AT, named("Byron", "King", "I-2")))), none(), identities());

        assertThat(plan.failures()).isEmpty();
        assertThat(plan.patches().get(-1L).consumers).hasSize(1);
        assertThat(plan.patches().get(-1L).items.get(1).flightSegments()).hasSize(1);
    }

    @Test
    void aConsumerInConflictRefusesTheRecordAndUndoesWhatItsContactLearnt() {
        IdentityIndex identities = identities();
        String booking = booking(ORDERED_AT, named("Byron", "King", "I-2"), identified(ids("crm/B", "crm/C"), "I-1"))
                .replace(ids("crm/A"), ids("crm/NEW"));

        OrderPlan plan = OrderPlan.of(run(OrderWrite.class, Lines.line(null, "order", "insert", booking),
                Lines.line(null, "order", "insert",
                        booking.replace("PNR-1", "PNR-2").replace(ids("crm/B", "crm/C"), ids("crm/B")))),
                none(), identities);

        assertThat(texts(plan.failures())).containsExactly(
                "1|409|Identity conflict|value.consumers[1].identifiers: the identifiers belong to 2 different guests");
        // the second booking creates the contact and the traveller with the first placeholders: nothing of line 1 is left
        assertThat(plan.patches()).containsOnlyKeys(-1L);
        assertThat(plan.patches().get(-1L).guestId).isEqualTo(-1L);
        assertThat(plan.patches().get(-1L).consumers).extracting(OrderPlan.PlannedConsumer::guestId).containsExactly(-2L,
                20L);
        assertThat(identities.newGuests()).isEqualTo(2);
        assertThat(plan.guests().patches()).containsOnlyKeys(-1L, -2L, 20L);
    }
}
