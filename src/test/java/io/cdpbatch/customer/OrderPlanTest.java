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

/** Which order a record is, and what it changes, decided in file order without a database. */
class OrderPlanTest {

    static final String ITEM = "{'type':'PRODUCT','productId':'SKU-1','name':'Kettle','description':'1.7 l',"
            + "'vendor':'Acme','price':10,'currencyCode':'EUR','referenceId':'I-1','status':'PURCHASED'}";

    static String order(String referenceId, String orderedAt, String contact, String extra) {
        return "{'referenceId':'" + referenceId + "','channel':'WEB','pointOfSale':'shop','status':'PURCHASED',"
                + "'orderedAt':'" + orderedAt + "','currencyCode':'EUR','price':10,'paymentType':'Cash',"
                + "'contact':" + contact + ",'orderItems':[" + ITEM + "]" + extra + "}";
    }

    static String insert(String value) {
        return Lines.line(null, "order", "insert", value);
    }

    static String upsert(String value) {
        return Lines.line(null, "order", "upsert", value);
    }

    static final String ANN = "{" + ids("crm/A") + "}";

    /** ORD-1 stored twice (orders 1 and 2, five days apart); guest 10 holds crm/A, guest 20 crm/B. */
    static Map<String, List<OrderPlan.KnownOrder>> stored() {
        Map<String, List<OrderPlan.KnownOrder>> known = new HashMap<>();
        known.put("ORD-1", new ArrayList<>(List.of(new OrderPlan.KnownOrder(1, Instant.parse("2026-11-01T10:00:00Z")),
                new OrderPlan.KnownOrder(2, Instant.parse("2026-11-06T10:00:00Z")))));
        return known;
    }

    static IdentityIndex identities() {
        return new IdentityIndex(Map.of("crm\u0000A", 10L, "crm\u0000B", 20L), Map.of());
    }

    @Test
    void theSameOrderIsTheClosestWithTheSameReferenceWithin24Hours() {
        OrderPlan plan = OrderPlan.of(run(OrderWrite.class,
                upsert("{'referenceId':'ORD-1','orderedAt':'2026-11-01T20:00:00Z','status':'CONFIRMED'}"),
                upsert("{'referenceId':'ORD-1','orderedAt':'2026-11-05T12:00:00Z','status':'REFUNDED'}"),
                insert(order("ORD-1", "2026-11-03T10:00:00Z", ANN, ""))), stored(), identities());

        assertThat(plan.failures()).isEmpty();
        assertThat(plan.patches()).containsOnlyKeys(1L, 2L, -1L);
        assertThat(plan.patches().get(1L).fields).containsEntry(OrderField.STATUS, "CONFIRMED")
                .containsEntry(OrderField.ORDERED_AT, Instant.parse("2026-11-01T20:00:00Z"));
        assertThat(plan.patches().get(2L).fields).containsEntry(OrderField.STATUS, "REFUNDED");
        // two days from both: a new order
        assertThat(plan.patches().get(-1L).created).isTrue();
        assertThat(plan.newOrders()).isEqualTo(1);
    }

    @Test
    void withoutOrderedAtTheOnlyOrderOfTheReferenceElseOrderedAtIsRequired() {
        Map<String, List<OrderPlan.KnownOrder>> known = stored();
        known.put("ORD-2", new ArrayList<>(List.of(new OrderPlan.KnownOrder(3, Instant.parse("2026-11-01T10:00:00Z")))));

        OrderPlan plan = OrderPlan.of(run(OrderWrite.class,
                upsert("{'referenceId':'ORD-1','status':'CONFIRMED'}"),
                upsert("{'referenceId':'ORD-2','status':'CONFIRMED'}")), known, identities());

        assertThat(texts(plan.failures())).containsExactly(
                "1|400|Validation error|value.orderedAt: required to tell apart the 2 orders with referenceId \"ORD-1\"");
        assertThat(plan.patches()).containsOnlyKeys(3L);
    }

    @Test
    void anUpsertThatFindsNothingCreatesOnlyWhenComplete() {
        OrderPlan plan = OrderPlan.of(run(OrderWrite.class,
                upsert("{'referenceId':'NEW','orderedAt':'2026-11-01T10:00:00Z','status':'CONFIRMED'}"),
                upsert(order("NEW-2", "2026-11-01T10:00:00Z", ANN, ""))), stored(), identities());

        assertThat(texts(plan.failures())).containsExactly("1|404|No order found for the provided referenceId and"
                + " orderedAt attributes.|value: no order with referenceId \"NEW\" and orderedAt within 24 hours of"
                + " 2026-11-01T10:00:00Z exists, and the upsert cannot create one without channel, pointOfSale,"
                + " currencyCode, price, paymentType, contact, orderItems");
        assertThat(plan.patches()).containsOnlyKeys(-1L);
        assertThat(plan.patches().get(-1L).replaced).isTrue();
    }

    @Test
    void anInsertReplacesWholeAnUpsertChangesWhatItGivesInFileOrder() {
        OrderPlan plan = OrderPlan.of(run(OrderWrite.class,
                upsert("{'referenceId':'ORD-1','orderedAt':'2026-11-01T10:00:00Z','status':'CONFIRMED','paymentType':'Card',"
                        + "'cardType':'VISA'}"),
                insert(order("ORD-1", "2026-11-01T11:00:00Z", ANN, "")),
                upsert("{'referenceId':'ORD-1','orderedAt':'2026-11-01T11:00:00Z','status':'REFUNDED'}")),
                stored(), identities());

        assertThat(plan.failures()).isEmpty();
        OrderPatch patch = plan.patches().get(1L);
        assertThat(patch.replaced).isTrue();
        assertThat(patch.fields).containsEntry(OrderField.STATUS, "REFUNDED").containsEntry(OrderField.PAYMENT_TYPE, "Cash");
        assertThat(patch.cardTypeSet).isTrue();
        assertThat(patch.cardType).isNull();
        assertThat(patch.guestId).isEqualTo(10L);
        assertThat(patch.items).hasSize(1);
        assertThat(plan.patches()).containsOnlyKeys(1L);
    }

    @Test
    void anOrderCreatedInTheChunkIsFoundByLaterRecords() {
        OrderPlan plan = OrderPlan.of(run(OrderWrite.class,
                insert(order("ORD-9", "2026-11-01T10:00:00Z", "{" + ids("crm/NEW") + ",'firstName':'Nia'}", "")),
                upsert("{'referenceId':'ORD-9','status':'CONFIRMED'}")), stored(), identities());

        assertThat(plan.failures()).isEmpty();
        assertThat(plan.patches()).containsOnlyKeys(-1L);
        assertThat(plan.patches().get(-1L).fields).containsEntry(OrderField.STATUS, "CONFIRMED");
        assertThat(plan.patches().get(-1L).guestId).isEqualTo(-1L);
        assertThat(plan.guests().patches().get(-1L).values).containsEntry(GuestField.FIRST_NAME, "Nia");
    }

    @Test
    void aContactInConflictRefusesTheRecordAndChangesNothing() {
        IdentityIndex identities = identities();
        OrderPlan plan = OrderPlan.of(run(OrderWrite.class,
                insert(order("ORD-5", "2026-11-01T10:00:00Z", "{" + ids("crm/A", "crm/B") + ",'firstName':'X'}", ""))),
                stored(), identities);

        assertThat(texts(plan.failures())).containsExactly(
                "1|409|Identity conflict|value.contact.identifiers: the identifiers belong to 2 different guests");
        assertThat(plan.patches()).isEmpty();
        assertThat(plan.guests().isEmpty()).isTrue();
        assertThat(plan.newOrders()).isZero();
    }
}
