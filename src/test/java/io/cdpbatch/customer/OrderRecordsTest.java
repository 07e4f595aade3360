package io.cdpbatch.customer;

import static io.cdpbatch.customer.CustomerLines.apply;
import static io.cdpbatch.customer.CustomerLines.contact;
import static io.cdpbatch.customer.CustomerLines.guestBy;
import static io.cdpbatch.customer.CustomerLines.item;
import static io.cdpbatch.customer.CustomerLines.log;
import static io.cdpbatch.customer.CustomerLines.order;
import static io.cdpbatch.customer.CustomerLines.orderInsert;
import static io.cdpbatch.customer.CustomerLines.ordersByReference;
import static io.cdpbatch.customer.CustomerLines.ordersOf;
import static io.cdpbatch.customer.CustomerLines.process;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@ApiTest
class OrderRecordsTest {

    static final String ORDERED_AT = "2026-11-27T10:15:00Z";

    @Inject
    AgroalDataSource dataSource;

    Tenants tenant;

    @Test
    void orderIsInsertedForItsContactReplacedWholeByAnInsertAndPatchedByAnUpsert() {
        String contact = "{'identifiers':[{'provider':'crm','id':'C-1'}],'email':'Ada@Example.com','firstName':'Ada'}";
        apply(tenant, Lines.line("o1", "order", "insert", order("ORD-1", ORDERED_AT, contact, "")));

        Map<String, Object> guest = guestBy(tenant, "crm", "C-1");
        assertThat(guest).containsEntry("firstName", "Ada").containsEntry("email", "ada@example.com");
        JsonPath orders = ordersOf(tenant, guest.get("ref"));
        assertThat(orders.getInt("totalCount")).isEqualTo(1);
        Map<String, Object> inserted = orders.getMap("items[0]");
        assertThat(inserted).containsEntry("referenceId", "ORD-1").containsEntry("channel", "WEB")
                .containsEntry("pointOfSale", "shop.example.com").containsEntry("status", "PURCHASED")
                .containsEntry("orderedAt", "2026-11-27T10:15:00.000Z").containsEntry("currencyCode", "EUR")
                .containsEntry("paymentType", "Card").containsEntry("cardType", "VISA")
                .containsEntry("contact", Map.of("ref", guest.get("ref")))
                .containsEntry("extensions", List.of(Map.of("name", "ext", "key", "default", "giftWrap", true, "points", 12)));
        assertThat(orders.getString("items[0].price")).isEqualTo("129.9");
        assertThat(orders.getList("items[0].orderItems")).hasSize(1);
        Map<String, Object> item = orders.getMap("items[0].orderItems[0]");
        Map<String, Object> expectedItem = new HashMap<>();
        expectedItem.putAll(Map.of("type", "PRODUCT", "productId", "SKU-1", "name", "Kettle", "description", "1.7 l kettle",
                "vendor", "Acme", "price", 129.9f, "currencyCode", "EUR", "referenceId", "ITEM-1", "status", "PURCHASED",
                "quantity", 1));
        expectedItem.put("extensions", List.of(Map.of("name", "ext", "key", "default", "color", "red")));
        expectedItem.put("orderedAt", null);
        expectedItem.put("originalPrice", null);
        expectedItem.put("originalCurrencyCode", null);
        expectedItem.put("channel", null);
        expectedItem.put("consumerTypeCode", null);
        expectedItem.put("flightSegments", List.of());
        assertThat(item).isEqualTo(expectedItem);
        assertThat(inserted).containsEntry("consumers", List.of()).containsEntry("role", "contact");
        String orderRef = (String) inserted.get("ref");
        Map<String, Object> byRef = tenant.given().get("/v2.1/orders/{ref}", orderRef).then().statusCode(200).extract()
                .jsonPath().getMap("");
        // the same order; only a guest's list of orders says what the guest is in it
        Map<String, Object> withoutRole = new HashMap<>(inserted);
        withoutRole.remove("role");
        assertThat(byRef).isEqualTo(withoutRole);

        // the same order (orderedAt 2 hours later, within 24 h) inserted again: replaced whole, no duplicate
        String replacement = "{'referenceId':'ORD-1','channel':'MOBILE_APP','pointOfSale':'app','status':'CONFIRMED',"
                + "'orderedAt':'2026-11-27T12:15:00Z','currencyCode':'USD','price':10,'paymentType':'Cash',"
                + "'contact':" + contact("crm", "C-1") + ",'orderItems':[" + item("Toaster") + "," + item("Mug") + "]}";
        apply(tenant, Lines.line("o2", "order", "insert", replacement));

        JsonPath again = ordersByReference(tenant, "ORD-1");
        assertThat(again.getInt("totalCount")).isEqualTo(1);
        Map<String, Object> replaced = again.getMap("items[0]");
        assertThat(replaced).containsEntry("ref", orderRef).containsEntry("channel", "MOBILE_APP")
                .containsEntry("pointOfSale", "app").containsEntry("status", "CONFIRMED")
                .containsEntry("orderedAt", "2026-11-27T12:15:00.000Z").containsEntry("currencyCode", "USD")
                .containsEntry("price", 10).containsEntry("paymentType", "Cash").containsEntry("cardType", null)
                .containsEntry("extensions", List.of()).containsEntry("createdAt", inserted.get("createdAt"));
        assertThat(again.getList("items[0].orderItems.name")).containsExactly("Toaster", "Mug");

        // upsert: status only, everything else as it was
        apply(tenant,
                Lines.order("o3").referenceId("ORD-1").orderedAt("2026-11-27T12:15:00Z").set("status", "CANCELLED").upsert());

        Map<String, Object> upserted = ordersByReference(tenant, "ORD-1").getMap("items[0]");
        Map<String, Object> expected = new HashMap<>(replaced);
        expected.put("status", "CANCELLED");
        expected.remove("modifiedAt");
        Map<String, Object> actual = new HashMap<>(upserted);
        actual.remove("modifiedAt");
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void invalidOrdersAreRejectedWithPreciseDetails() {
        String contact = contact("crm", "V-1");
        String base = order("ORD-V", ORDERED_AT, contact, "");
        JsonPath done = process(tenant,
                Lines.line("card", "order", "insert", base.replace(",'cardType':'VISA'", "")),
                Lines.line("items", "order", "insert", base.replace(",'orderItems':[" + item("Kettle") + "]", "")),
                Lines.line("name", "order", "insert", base.replace("'name':'Kettle'", "'name':'" + "n".repeat(129) + "'")),
                Lines.line("currency", "order", "insert",
                        base.replace("'currencyCode':'EUR','price'", "'currencyCode':'EUX','price'")),
                Lines.line("contact", "order", "insert", base.replace(contact, "{'firstName':'Nobody'}")));

        assertThat(done.getString("status.code")).isEqualTo("error");
        assertThat(done.getLong("status.summary.failedCount")).isEqualTo(5);
        assertThat(log(done)).containsExactly(
                "card|400|Validation error|value.cardType: required when paymentType is \"Card\"",
                "items|400|Validation error|value.orderItems: required for insert (at least one item)",
                "name|400|Validation error|value.orderItems[0].name: at most 128 characters, got 129",
                "currency|400|Validation error|value.currencyCode: not an ISO 4217 currency code, got \"EUX\"",
                "contact|400|Identity information missing|value.contact: no identifiers and no email");
        assertThat(ordersByReference(tenant, "ORD-V").getInt("totalCount")).isZero();
        assertThat(CustomerLines.guestsBy(tenant, "crm", "V-1")).isEmpty();
    }

    @Test
    void orderDeleteFoundNoneOrSeveral() throws SQLException {
        apply(tenant,
                orderInsert("a1", "TWICE", "2026-11-01T10:00:00Z", "crm", "D-1"),
                orderInsert("a2", "TWICE", "2026-11-05T10:00:00Z", "crm", "D-1"),
                orderInsert("a3", "ONCE", "2026-11-05T10:00:00Z", "crm", "D-1"));
        assertThat(itemCount()).isEqualTo(3);

        JsonPath done = process(tenant,
                Lines.order("found").referenceId("ONCE").orderedAt("2026-11-05T22:00:00Z").delete(),
                Lines.order("none").referenceId("NOPE").orderedAt("2026-11-05T10:00:00Z").delete(),
                Lines.order("far").referenceId("TWICE").orderedAt("2026-11-10T10:00:00Z").delete(),
                Lines.order("several").referenceId("TWICE").delete());

        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(1);
        assertThat(done.getLong("status.summary.failedCount")).isEqualTo(3);
        assertThat(log(done)).containsExactly(
                "none|404|No order found for the provided referenceId and orderedAt attributes.|value: no order with"
                        + " referenceId \"NOPE\" and orderedAt within 24 hours of 2026-11-05T10:00:00Z",
                "far|404|No order found for the provided referenceId and orderedAt attributes.|value: no order with"
                        + " referenceId \"TWICE\" and orderedAt within 24 hours of 2026-11-10T10:00:00Z",
                "several|400|More than one order exists with that referenceId, please supply the orderedAt date for the order"
                        + " you wish to delete.|value: 2 orders with referenceId \"TWICE\"");
        assertThat(ordersByReference(tenant, "ONCE").getInt("totalCount")).isZero();
        assertThat(ordersByReference(tenant, "TWICE").getInt("totalCount")).isEqualTo(2);
        assertThat(itemCount()).isEqualTo(2);

        apply(tenant, Lines.order("one").referenceId("TWICE").orderedAt("2026-11-01T10:00:00Z").delete());
        assertThat(ordersByReference(tenant, "TWICE").getList("items.orderedAt")).containsExactly("2026-11-05T10:00:00.000Z");
    }

    @Test
    void upsertThatCannotFindOrCreateItsOrderFails() {
        apply(tenant,
                orderInsert("a1", "TWICE", "2026-11-01T10:00:00Z", "crm", "U-1"),
                orderInsert("a2", "TWICE", "2026-11-05T10:00:00Z", "crm", "U-1"));

        JsonPath done = process(tenant,
                Lines.order("unknown").referenceId("NEW").orderedAt("2026-11-01T10:00:00Z").set("status", "CONFIRMED").upsert(),
                Lines.order("several").referenceId("TWICE").set("status", "CONFIRMED").upsert(),
                Lines.line("creates", "order", "upsert", order("NEW-2", ORDERED_AT, contact("crm", "U-1"), "")),
                Lines.order("closest").referenceId("TWICE").orderedAt("2026-11-05T20:00:00Z").set("status", "REFUNDED")
                        .upsert());

        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(2);
        assertThat(log(done)).containsExactly(
                "unknown|404|No order found for the provided referenceId and orderedAt attributes.|value: no order with"
                        + " referenceId \"NEW\" and orderedAt within 24 hours of 2026-11-01T10:00:00Z exists, and the upsert"
                        + " cannot create one without channel, pointOfSale, currencyCode, price, paymentType, contact, orderItems",
                "several|400|Validation error|value.orderedAt: required to tell apart the 2 orders with referenceId \"TWICE\"");
        assertThat(ordersByReference(tenant, "NEW").getInt("totalCount")).isZero();
        assertThat(ordersByReference(tenant, "NEW-2").getInt("totalCount")).isEqualTo(1);
        JsonPath twice = ordersByReference(tenant, "TWICE");
        assertThat(twice.getList("items.status")).containsExactly("PURCHASED", "REFUNDED");
        assertThat(twice.getList("items.orderedAt")).containsExactly("2026-11-01T10:00:00.000Z", "2026-11-05T20:00:00.000Z");
    }

    long itemCount() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT count(*) FROM order_item i JOIN orders o ON o.id = i.order_id JOIN api_client a ON a.id = o.client_id
                WHERE a.client_key = ?""")) {
            s.setString(1, tenant.clientKey());
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
