package io.cdpbatch.records;

import static io.cdpbatch.records.RecordLines.j;
import static io.cdpbatch.records.RecordLines.record;
import static io.cdpbatch.records.RecordLines.rejection;
import static io.cdpbatch.records.RecordLines.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.cdpbatch.support.Lines;

class OrderParsingTest {

    static final String CONTACT = "{'identifiers':[{'provider':'email','id':'ann@example.com'}],'firstName':'Ann'}";
    static final String ITEM = "{'type':'FLIGHT','productId':'DUB-LHR','name':'Dublin to London','description':'Economy',"
            + "'vendor':'EI','price':99.5,'currencyCode':'EUR','referenceId':'item-1','status':'CONFIRMED'}";

    /** A complete order whose {@code price} attribute is {@code price} and that ends with {@code extra}. */
    static String order(String extra) {
        return "{'referenceId':'ORD-1','channel':'WEB','pointOfSale':'shop','status':'PURCHASED',"
                + "'orderedAt':'2025-11-20T10:15:00Z','currencyCode':'EUR','price':199.00,'paymentType':'Card',"
                + "'cardType':'Visa','contact':" + CONTACT + ",'orderItems':[" + ITEM + "]" + extra + "}";
    }

    static String insert(String value) {
        return Lines.line("r1", "order", "insert", value);
    }

    static String upsert(String value) {
        return Lines.line("r1", "order", "upsert", value);
    }

    @Test
    void completeInsertIsParsedTyped() {
        OrderWrite write = record(insert(j(order(",'extensions':[{'name':'ext','key':'default','giftWrap':true}]")
                .replace(ITEM, "{'type':'FLIGHT','productId':'DUB-LHR','name':'Dublin to London','description':'Economy',"
                        + "'vendor':'EI','price':99.5,'currencyCode':'eur','referenceId':'item-1','status':'CONFIRMED',"
                        + "'orderedAt':'2025-11-20T10:15Z','quantity':2,'originalPrice':120,'originalCurrencyCode':'GBP',"
                        + "'channel':'WEB','extensions':[{'name':'ext','key':'default','seat':'12A'}]}"))),
                OrderWrite.class);

        assertThat(write.insert()).isTrue();
        assertThat(write.complete()).isTrue();
        assertThat(write.given()).containsExactlyInAnyOrder(OrderField.values());
        Order order = write.order();
        assertThat(order.referenceId()).isEqualTo("ORD-1");
        assertThat(order.channel()).isEqualTo("WEB");
        assertThat(order.pointOfSale()).isEqualTo("shop");
        assertThat(order.status()).isEqualTo("PURCHASED");
        assertThat(order.orderedAt()).isEqualTo(Instant.parse("2025-11-20T10:15:00Z"));
        assertThat(order.currencyCode()).isEqualTo("EUR");
        assertThat(order.price()).isEqualTo(new BigDecimal("199.00"));
        assertThat(order.paymentType()).isEqualTo("Card");
        assertThat(order.cardType()).isEqualTo("Visa");
        assertThat(order.contact().identifiers()).containsExactly(new Identifier("email", "ann@example.com", null));
        assertThat(order.contact().firstName()).isEqualTo("Ann");
        assertThat(order.contact().given()).containsExactlyInAnyOrder(GuestField.IDENTIFIERS, GuestField.FIRST_NAME);
        assertThat(order.extensions()).containsExactly(new ExtensionGroup("ext", Map.of("giftWrap", true)));
        assertThat(order.items()).containsExactly(new OrderItem("FLIGHT", "DUB-LHR", "Dublin to London", "Economy", "EI",
                new BigDecimal("99.5"), "EUR", "item-1", "CONFIRMED", Instant.parse("2025-11-20T10:15:00Z"), 2,
                new BigDecimal("120"), "GBP", "WEB", List.of(new ExtensionGroup("ext", Map.of("seat", "12A")))));
        assertThat(write.routingKey()).isEqualTo("i:email\u0000ann@example.com");
    }

    @Test
    void insertWithoutCardTypeForOtherPaymentTypes() {
        OrderWrite write = record(insert(j(order("").replace("'paymentType':'Card','cardType':'Visa'",
                "'paymentType':'Cash'"))), OrderWrite.class);

        assertThat(write.complete()).isTrue();
        assertThat(write.order().cardType()).isNull();
        assertThat(write.has(OrderField.CARD_TYPE)).isFalse();
    }

    @Test
    void upsertMayGiveOnlyReferenceIdAndSomeFields() {
        OrderWrite write = record(upsert(j("{'referenceId':'ORD-1','status':'REFUNDED','price':null}")), OrderWrite.class);

        assertThat(write.insert()).isFalse();
        assertThat(write.complete()).isFalse();
        assertThat(write.given()).containsExactlyInAnyOrder(OrderField.REFERENCE_ID, OrderField.STATUS);
        assertThat(write.order().status()).isEqualTo("REFUNDED");
        assertThat(write.order().price()).isNull();
        assertThat(write.order().items()).isEmpty();
        assertThat(write.order().extensions()).isEmpty();
        assertThat(write.routingKey()).isEqualTo("o:ORD-1");
    }

    @Test
    void upsertWithEverythingIsComplete() {
        OrderWrite write = record(upsert(j(order(""))), OrderWrite.class);

        assertThat(write.complete()).isTrue();
        OrderWrite noCardType = record(upsert(j(order("").replace(",'cardType':'Visa'", ""))), OrderWrite.class);
        assertThat(noCardType.complete()).isFalse();
    }

    @Test
    void contactByEmailRoutesByEmail() {
        OrderWrite write = record(upsert(j("{'referenceId':'R','contact':{'email':'Ann@Example.com'}}")), OrderWrite.class);

        assertThat(write.order().contact().email()).isEqualTo("ann@example.com");
        assertThat(write.routingKey()).isEqualTo("e:ann@example.com");
    }

    @Test
    void deleteWithAndWithoutOrderedAt() {
        assertThat(record(Lines.order("r1").referenceId("ORD-1").orderedAt("2025-11-20T10:15+01:00").delete(),
                OrderDelete.class)).isEqualTo(new OrderDelete("ORD-1", Instant.parse("2025-11-20T09:15:00Z")));
        OrderDelete delete = record(Lines.order("r1").referenceId("ORD-1").delete(), OrderDelete.class);
        assertThat(delete).isEqualTo(new OrderDelete("ORD-1", null));
        assertThat(delete.routingKey()).isEqualTo("o:ORD-1");
        assertThat(record(Lines.line("r1", "order", "delete", "{'referenceId':'ORD-1','orderedAt':null}"), OrderDelete.class))
                .isEqualTo(new OrderDelete("ORD-1", null));
    }

    @Test
    void moneyKeepsItsDigitsAndLimitsAreInclusive() {
        OrderWrite write = record(upsert(j("{'referenceId':'R','price':999999999999999.12345678901234567890,"
                + "'orderItems':[" + ITEM.replace("'price':99.5", "'price':1e2,'quantity':2147483647,'originalPrice':2.0")
                        .replace("'name':'Dublin to London'", "'name':'" + repeat('n', 128) + "'")
                + "]}")),
                OrderWrite.class);

        assertThat(write.order().price()).isEqualTo(new BigDecimal("999999999999999.12345678901234567890"));
        OrderItem item = write.order().items().get(0);
        assertThat(item.price()).isEqualTo(new BigDecimal("100"));
        assertThat(item.quantity()).isEqualTo(Integer.MAX_VALUE);
        assertThat(item.originalPrice()).isEqualTo(new BigDecimal("2.0"));
    }

    static Stream<Arguments> badOrders() {
        String card = "'paymentType':'Card','cardType':'Visa'";
        return Stream.of(
                // insert: every required field
                insertBad(order("").replace("'channel':'WEB',", ""), "value.channel: required for insert"),
                insertBad(order("").replace("'pointOfSale':'shop',", ""), "value.pointOfSale: required for insert"),
                insertBad(order("").replace("'status':'PURCHASED',", ""), "value.status: required for insert"),
                insertBad(order("").replace("'orderedAt':'2025-11-20T10:15:00Z',", ""), "value.orderedAt: required for insert"),
                insertBad(order("").replace("'currencyCode':'EUR','price'", "'price'"),
                        "value.currencyCode: required for insert"),
                insertBad(order("").replace("'price':199.00,", ""), "value.price: required for insert"),
                insertBad(order("").replace("'price':199.00,", "'price':null,"), "value.price: required for insert"),
                insertBad(order("").replace(card, "'cardType':'Visa'"), "value.paymentType: required for insert"),
                insertBad(order("").replace(",'cardType':'Visa'", ""), "value.cardType: required when paymentType is \"Card\""),
                insertBad(order("").replace("'contact':" + CONTACT + ",", ""), "value.contact: required for insert"),
                insertBad(order("").replace(",'orderItems':[" + ITEM + "]", ""),
                        "value.orderItems: required for insert (at least one item)"),
                insertBad(order("").replace("'referenceId':'ORD-1',", ""), "value.referenceId: required"),
                // types and values
                insertBad(order("").replace(card, "'paymentType':'Cash','cardType':'Visa'"),
                        "value.cardType: only allowed when paymentType is \"Card\", got paymentType \"Cash\""),
                upsertBad("{'referenceId':'R','paymentType':'Voucher','cardType':'Visa'}",
                        "value.cardType: only allowed when paymentType is \"Card\", got paymentType \"Voucher\""),
                upsertBad("{'status':'PURCHASED'}", "value.referenceId: required"),
                upsertBad("{'referenceId':''}", "value.referenceId: must not be empty"),
                upsertBad("{'referenceId':42}", "value.referenceId: must be a string, got number"),
                upsertBad("{'referenceId':'R','discount':5}", "value.discount: unknown attribute"),
                upsertBad("{'referenceId':'R','channel':'web'}", "value.channel: must be one of " + OrderValues.CHANNELS_LISTED
                        + ", got \"web\""),
                upsertBad("{'referenceId':'R','status':'DONE'}", "value.status: must be one of " + OrderValues.STATUSES_LISTED
                        + ", got \"DONE\""),
                upsertBad("{'referenceId':'R','currencyCode':'XYZ'}",
                        "value.currencyCode: not an ISO 4217 currency code, got \"XYZ\""),
                upsertBad("{'referenceId':'R','currencyCode':'EURO'}",
                        "value.currencyCode: not an ISO 4217 currency code, got \"EURO\""),
                upsertBad("{'referenceId':'R','price':'10.00'}", "value.price: must be a number, got string"),
                upsertBad("{'referenceId':'R','price':1e400}", "value.price: out of range (at most 15 digits before and 20 "
                        + "after the decimal point), got 1E+400"),
                upsertBad("{'referenceId':'R','price':1000000000000000}", "value.price: out of range (at most 15 digits "
                        + "before and 20 after the decimal point), got 1000000000000000"),
                upsertBad("{'referenceId':'R','price':0.000000000000000000001}", "value.price: out of range (at most 15 "
                        + "digits before and 20 after the decimal point), got 1E-21"),
                upsertBad("{'referenceId':'R','orderedAt':'yesterday'}",
                        "value.orderedAt: must be " + Fields.DATE_TIME_FORMAT + ", got \"yesterday\""),
                upsertBad("{'referenceId':'R','orderedAt':'2025-13-01T00:00Z'}",
                        "value.orderedAt: must be " + Fields.DATE_TIME_FORMAT + ", got \"2025-13-01T00:00Z\""),
                upsertBad("{'referenceId':'R','pointOfSale':'" + repeat('p', 256) + "'}",
                        "value.pointOfSale: at most 255 characters, got 256"),
                upsertBad("{'referenceId':'R','paymentType':true}", "value.paymentType: must be a string, got boolean"),
                // contact
                upsertBad("{'referenceId':'R','contact':'ann@example.com'}", "value.contact: must be an object, got string"),
                upsertBad("{'referenceId':'R','contact':{'email':'ann@'}}", "value.contact.email: not a valid e-mail address"),
                upsertBad("{'referenceId':'R','contact':{'email':'a@b.com','shoeSize':44}}",
                        "value.contact.shoeSize: unknown attribute"),
                upsertBad("{'referenceId':'R','contact':{'identifiers':[{'provider':'p'}]}}",
                        "value.contact.identifiers[0].id: required"),
                Arguments.of(upsert(j("{'referenceId':'R','contact':{'firstName':'Ann','lastName':'Lee'}}")), 400,
                        Rejection.IDENTITY_MISSING, "value.contact: no identifiers and no email"),
                Arguments.of(insert(j(order("").replace(CONTACT, "{'firstName':'Ann'}"))), 400, Rejection.IDENTITY_MISSING,
                        "value.contact: no identifiers and no email"),
                // items
                upsertBad("{'referenceId':'R','orderItems':{}}", "value.orderItems: must be an array, got object"),
                upsertBad("{'referenceId':'R','orderItems':[]}", "value.orderItems: must contain at least one item"),
                upsertBad("{'referenceId':'R','orderItems':['x']}", "value.orderItems[0]: must be an object, got string"),
                upsertBad("{'referenceId':'R','orderItems':[" + ITEM + "," + ITEM.replace("'vendor':'EI',", "") + "]}",
                        "value.orderItems[1].vendor: required"),
                upsertBad("{'referenceId':'R','orderItems':[" + ITEM.replace("'type':'FLIGHT',", "'type':null,") + "]}",
                        "value.orderItems[0].type: required"),
                upsertBad("{'referenceId':'R','orderItems':[" + ITEM.replace("'name':'Dublin to London'",
                        "'name':'" + repeat('n', 140) + "'") + "]}",
                        "value.orderItems[0].name: at most 128 characters, got 140"),
                upsertBad("{'referenceId':'R','orderItems':[" + ITEM.replace("'description':'Economy'",
                        "'description':'" + repeat('d', 4097) + "'") + "]}",
                        "value.orderItems[0].description: at most 4096 characters, got 4097"),
                upsertBad("{'referenceId':'R','orderItems':[" + ITEM.replace("'currencyCode':'EUR'", "'currencyCode':'EU'")
                        + "]}", "value.orderItems[0].currencyCode: not an ISO 4217 currency code, got \"EU\""),
                upsertBad("{'referenceId':'R','orderItems':[" + ITEM.replace("}", ",'quantity':2147483648}") + "]}",
                        "value.orderItems[0].quantity: must be a whole number from 0 to 2147483647, got 2147483648"),
                upsertBad("{'referenceId':'R','orderItems':[" + ITEM.replace("}", ",'quantity':1.5}") + "]}",
                        "value.orderItems[0].quantity: must be a whole number from 0 to 2147483647, got 1.5"),
                upsertBad("{'referenceId':'R','orderItems':[" + ITEM.replace("}", ",'quantity':-1}") + "]}",
                        "value.orderItems[0].quantity: must be a whole number from 0 to 2147483647, got -1"),
                upsertBad("{'referenceId':'R','orderItems':[" + ITEM.replace("}", ",'quantity':'2'}") + "]}",
                        "value.orderItems[0].quantity: must be a number, got string"),
                upsertBad("{'referenceId':'R','orderItems':[" + ITEM.replace("}", ",'originalPrice':1e16}") + "]}",
                        "value.orderItems[0].originalPrice: out of range (at most 15 digits before and 20 after the decimal "
                                + "point), got 1E+16"),
                upsertBad("{'referenceId':'R','orderItems':[" + ITEM.replace("}", ",'orderedAt':'2025-11-20'}") + "]}",
                        "value.orderItems[0].orderedAt: must be " + Fields.DATE_TIME_FORMAT + ", got \"2025-11-20\""),
                upsertBad("{'referenceId':'R','orderItems':[" + ITEM.replace("}", ",'colour':'red'}") + "]}",
                        "value.orderItems[0].colour: unknown attribute"),
                upsertBad("{'referenceId':'R','orderItems':[" + ITEM.replace("}",
                        ",'extensions':[{'name':'ext1','key':'default'}]}") + "]}",
                        "value.orderItems[0].extensions[0].name: must be one of ext, got \"ext1\""),
                // delete
                deleteBad("{}", "value.referenceId: required"),
                deleteBad("{'orderedAt':'2025-11-20T10:15Z'}", "value.referenceId: required"),
                deleteBad("{'referenceId':'R','orderedAt':'2025-11-20 10:15'}",
                        "value.orderedAt: must be " + Fields.DATE_TIME_FORMAT + ", got \"2025-11-20 10:15\""),
                deleteBad("{'referenceId':'R','channel':'WEB'}", "value.channel: unknown attribute"),
                deleteBad("{'referenceId':['R']}", "value.referenceId: must be a string, got array"));
    }

    private static Arguments insertBad(String value, String detail) {
        return Arguments.of(insert(j(value)), 400, Rejection.VALIDATION_ERROR, detail);
    }

    private static Arguments upsertBad(String value, String detail) {
        return Arguments.of(upsert(j(value)), 400, Rejection.VALIDATION_ERROR, detail);
    }

    private static Arguments deleteBad(String value, String detail) {
        return Arguments.of(Lines.line("r1", "order", "delete", value), 400, Rejection.VALIDATION_ERROR, detail);
    }

    @ParameterizedTest
    @MethodSource("badOrders")
    void badOrderIsRejectedWithPreciseDetail(String line, int code, String message, String detail) {
        assertThat(rejection(line)).isEqualTo(new Rejection("r1", code, message, detail));
    }
}
