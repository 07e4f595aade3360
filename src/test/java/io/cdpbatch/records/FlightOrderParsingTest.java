package io.cdpbatch.records;

import static io.cdpbatch.records.RecordLines.record;
import static io.cdpbatch.records.RecordLines.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.cdpbatch.support.Lines;

/** The flight variant of orders: consumers, flight segments, passenger type codes. */
class FlightOrderParsingTest {

    static final String SEGMENT_OUT = "{'id':'EI154-1215','origin':'DUB','destination':'LHR',"
            + "'departureDateTime':'2026-12-15T07:00Z','arrivalDateTime':'2026-12-15T08:20:00Z','flightNumber':'EI154',"
            + "'fareClass':'Y','carrier':'EI','fareFamily':'Saver','bookingClass':'V','equipmentType':'A320',"
            + "'originDestination':'DUB-LHR'}";
    static final String SEGMENT_BACK = "{'id':'EI159-1220','origin':'LHR','destination':'DUB',"
            + "'departureDateTime':'2026-12-20T18:40Z','arrivalDateTime':'2026-12-20T20:00Z','flightNumber':'EI159',"
            + "'fareClass':'Y','carrier':'EI'}";

    static String item(String referenceId, String code) {
        return "{'type':'FLIGHT','productId':'DUB-LHR-RTN','name':'Dublin - London return','description':'Economy',"
                + "'vendor':'EI','price':189,'currencyCode':'EUR','referenceId':'" + referenceId + "','status':'CONFIRMED',"
                + code + "'flightSegments':[" + SEGMENT_OUT + "," + SEGMENT_BACK + "]}";
    }

    static final String CONTACT = "{'identifiers':[{'provider':'crm','id':'C-1'}],'firstName':'Ada','lastName':'Lovelace'}";
    static final String ADA = "{'firstName':'Ada','lastName':'Lovelace','title':'Dr','orderItems':[{'referenceId':'I-1'}]}";
    static final String BOB = "{'identifiers':[{'provider':'crm','id':'B-1'}],'email':'Bob@Example.com','firstName':'Bob',"
            + "'orderItems':[{'referenceId':'I-2'}]}";
    static final String KID = "{'firstName':'Byron','lastName':'King','dateOfBirth':'2018-05-16T00:00Z','gender':'female',"
            + "'orderItems':[{'referenceId':'I-3'},{'referenceId':'I-1'}]}";

    /** A complete flight order: three items, three consumers; {@code consumers} and {@code items} replaceable. */
    static String order(String items, String consumers) {
        return "{'referenceId':'PNR-1','channel':'WEB','pointOfSale':'air','status':'CONFIRMED',"
                + "'orderedAt':'2026-11-27T10:15:00Z','currencyCode':'EUR','price':567,'paymentType':'Card','cardType':'VISA',"
                + "'contact':" + CONTACT + ",'orderItems':[" + items + "],'consumers':[" + consumers + "]}";
    }

    static final String ITEMS = item("I-1", "'consumerTypeCode':'ADT',") + "," + item("I-2", "'passengerTypeCode':'ADT',")
            + "," + item("I-3", "'consumerTypeCode':'CHD',");
    static final String CONSUMERS = ADA + "," + BOB + "," + KID;

    static String insert(String value) {
        return Lines.line("r1", "order", "insert", value);
    }

    @Test
    void aBookingIsParsedTyped() {
        OrderWrite write = record(insert(order(ITEMS, CONSUMERS)), OrderWrite.class);

        Order order = write.order();
        assertThat(order.hasFlightData()).isTrue();
        assertThat(order.items()).extracting(OrderItem::consumerTypeCode).containsExactly("ADT", "ADT", "CHD");
        FlightSegment out = order.items().get(0).flightSegments().get(0);
        assertThat(out).isEqualTo(new FlightSegment("EI154-1215", "DUB", "LHR", Instant.parse("2026-12-15T07:00:00Z"),
                Instant.parse("2026-12-15T08:20:00Z"), "EI154", "Y", "EI", "Saver", "V", "A320", "DUB-LHR"));
        assertThat(order.items().get(2).flightSegments().get(1)).isEqualTo(new FlightSegment("EI159-1220", "LHR", "DUB",
                Instant.parse("2026-12-20T18:40:00Z"), Instant.parse("2026-12-20T20:00:00Z"), "EI159", "Y", "EI", null,
                null, null, null));

        List<Consumer> consumers = order.consumers();
        assertThat(consumers).hasSize(3);
        assertThat(consumers.get(0).identified()).isFalse();
        assertThat(consumers.get(0).person().title()).isEqualTo("Dr");
        assertThat(consumers.get(0).itemPositions()).containsExactly(0);
        assertThat(consumers.get(1).identified()).isTrue();
        assertThat(consumers.get(1).person().email()).isEqualTo("bob@example.com");
        assertThat(consumers.get(1).emails()).containsExactly("bob@example.com");
        assertThat(consumers.get(1).routingKey()).isEqualTo("i:crm\u0000B-1");
        assertThat(consumers.get(2).itemReferenceIds()).containsExactly("I-3", "I-1");
        assertThat(consumers.get(2).itemPositions()).containsExactly(0, 2);
        assertThat(consumers.get(2).person().given()).containsExactlyInAnyOrder(GuestField.FIRST_NAME,
                GuestField.LAST_NAME, GuestField.DATE_OF_BIRTH, GuestField.GENDER);
        // Bob identifies another guest than the contact: the order touches two guests and is applied alone
        assertThat(write.routingKey()).isNull();
    }

    @Test
    void consumersKnownByNameOrByTheContactsIdentityRouteByTheContact() {
        String sameGuest = "{'identifiers':[{'provider':'crm','id':'C-1'}],'orderItems':[{'referenceId':'I-1'}]}";
        OrderWrite write = record(insert(order(ITEMS, ADA + "," + KID + "," + sameGuest)), OrderWrite.class);

        assertThat(write.routingKey()).isEqualTo("i:crm\u0000C-1");
    }

    @Test
    void emailsGiveTheConsumersEmailsTheFirstIdentifies() {
        OrderWrite write = record(insert(order(ITEMS, "{'emails':['Kid@Example.com','kid2@example.com'],"
                + "'orderItems':[{'referenceId':'I-3'}]}")), OrderWrite.class);

        Consumer consumer = write.order().consumers().get(0);
        assertThat(consumer.emails()).containsExactly("kid@example.com", "kid2@example.com");
        assertThat(consumer.person().email()).isEqualTo("kid@example.com");
        assertThat(consumer.identified()).isTrue();
    }

    @Test
    void anOrderWithoutFlightDataHasNone() {
        OrderWrite write = record(insert(order(item("I-1", "").replace(",'flightSegments':[" + SEGMENT_OUT + ","
                + SEGMENT_BACK + "]", ""), ADA).replace(",'consumers':[" + ADA + "]", "")), OrderWrite.class);

        assertThat(write.order().consumers()).isNull();
        assertThat(write.order().items().get(0).flightSegments()).isEmpty();
        assertThat(write.order().hasFlightData()).isFalse();
    }

    static String segment(String from, String to) {
        return order(item("I-1", "").replace(SEGMENT_OUT, SEGMENT_OUT.replace(from, to)), ADA);
    }

    static String consumer(String replacement) {
        return order(ITEMS, replacement);
    }

    static final String AT = "value.orderItems[0].flightSegments[0].";
    static final String LOCAL = "a local date-time with a trailing Z, minutes or seconds precision, e.g. 2025-08-15T16:00Z";

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(segment("'origin':'DUB'", "'origin':'dub'"),
                        AT + "origin: must be an IATA airport or city code (3 upper-case letters), got \"dub\""),
                Arguments.of(segment("'destination':'LHR'", "'destination':'LOND'"),
                        AT + "destination: must be an IATA airport or city code (3 upper-case letters), got \"LOND\""),
                Arguments.of(segment("'origin':'DUB'", "'origin':12"), AT + "origin: must be a string, got number"),
                Arguments.of(segment("'carrier':'EI'", "'carrier':'E'"),
                        AT + "carrier: must be an IATA airline code (2 upper-case letters or digits), got \"E\""),
                Arguments.of(segment("'carrier':'EI'", "'carrier':'ei'"),
                        AT + "carrier: must be an IATA airline code (2 upper-case letters or digits), got \"ei\""),
                Arguments.of(segment("'departureDateTime':'2026-12-15T07:00Z'", "'departureDateTime':'2026-12-15T07:00'"),
                        AT + "departureDateTime: must be " + LOCAL + ", got \"2026-12-15T07:00\""),
                Arguments.of(segment("'departureDateTime':'2026-12-15T07:00Z'",
                        "'departureDateTime':'2026-12-15T07:00+01:00'"),
                        AT + "departureDateTime: must be " + LOCAL + ", got \"2026-12-15T07:00+01:00\""),
                Arguments.of(segment("'arrivalDateTime':'2026-12-15T08:20:00Z'",
                        "'arrivalDateTime':'2026-12-15T08:20:00.000Z'"),
                        AT + "arrivalDateTime: must be " + LOCAL + ", got \"2026-12-15T08:20:00.000Z\""),
                Arguments.of(segment("'arrivalDateTime':'2026-12-15T08:20:00Z'", "'arrivalDateTime':'2026-02-30T08:20Z'"),
                        AT + "arrivalDateTime: must be " + LOCAL + ", got \"2026-02-30T08:20Z\""),
                Arguments.of(segment("'departureDateTime':'2026-12-15T07:00Z'", "'departureDateTime':1765782000"),
                        AT + "departureDateTime: must be a string (" + LOCAL + "), got number"),
                Arguments.of(segment("'bookingClass':'V'", "'bookingClass':'v1'"),
                        AT + "bookingClass: must be upper-case letters, got \"v1\""),
                Arguments.of(segment("'originDestination':'DUB-LHR'", "'originDestination':'DUBLHR'"),
                        AT + "originDestination: must be two IATA codes joined by a hyphen, e.g. DUB-LHR, got \"DUBLHR\""),
                Arguments.of(segment(",'flightNumber':'EI154'", ""), AT + "flightNumber: required"),
                Arguments.of(segment("'id':'EI154-1215',", ""), AT + "id: required"),
                Arguments.of(segment("'fareClass':'Y'", "'fareClass':'Y','meal':'veg'"), AT + "meal: unknown attribute"),
                Arguments.of(order(item("I-1", "").replace(SEGMENT_BACK, SEGMENT_BACK.replace("EI159-1220", "EI154-1215")),
                        ADA), "value.orderItems[0].flightSegments[1].id: same id as value.orderItems[0].flightSegments[0]"),
                Arguments.of(order(item("I-1", "").replace("'flightSegments':[" + SEGMENT_OUT + "," + SEGMENT_BACK + "]",
                        "'flightSegments':{}"), ADA),
                        "value.orderItems[0].flightSegments: must be an array, got object"),
                Arguments.of(order(item("I-1", "'consumerTypeCode':'adult',"), ADA), "value.orderItems[0].consumerTypeCode:"
                        + " must be a passenger type code (3 upper-case letters, e.g. ADT, CHD, INF), got \"adult\""),
                Arguments.of(order(item("I-1", "'consumerTypeCode':'ADT','passengerTypeCode':'ADT',"), ADA),
                        "value.orderItems[0].passengerTypeCode: passengerTypeCode and consumerTypeCode are synonyms,"
                                + " give only one of them"),
                Arguments.of(consumer("{'firstName':'Ada','lastName':'Lovelace','orderItems':[{'referenceId':'I-9'}]}"),
                        "value.consumers[0].orderItems[0].referenceId: \"I-9\" names no item of this order"
                                + " (orderItems[].referenceId)"),
                Arguments.of(consumer(ADA + ",{'firstName':'Al','lastName':'King','orderItems':[{'referenceId':'I-1'},"
                        + "{'referenceId':'I-1'}]}"),
                        "value.consumers[1].orderItems[1].referenceId: \"I-1\" is already named by"
                                + " value.consumers[1].orderItems[0]"),
                Arguments.of(consumer("{'firstName':'Ada','lastName':'Lovelace'}"), "value.consumers[0].orderItems: required"),
                Arguments.of(consumer("{'firstName':'Ada','lastName':'Lovelace','orderItems':[]}"),
                        "value.consumers[0].orderItems: must name at least one item of the order"),
                Arguments.of(consumer("{'firstName':'Ada','lastName':'Lovelace','orderItems':[{'id':'I-1'}]}"),
                        "value.consumers[0].orderItems[0].id: unknown attribute"),
                Arguments.of(consumer("{'firstName':'Ada','lastName':'Lovelace','street':['1 Main St'],"
                        + "'orderItems':[{'referenceId':'I-1'}]}"), "value.consumers[0].street: unknown attribute"),
                Arguments.of(consumer("{'firstName':'Ada','lastName':'Lovelace','gender':'F',"
                        + "'orderItems':[{'referenceId':'I-1'}]}"),
                        "value.consumers[0].gender: must be one of male, female, unknown, got \"F\""),
                Arguments.of(consumer("{'email':'a@example.com','emails':['b@example.com'],"
                        + "'orderItems':[{'referenceId':'I-1'}]}"),
                        "value.consumers[0].emails: give email or emails, not both"),
                Arguments.of(consumer("{'emails':['not-an-email'],'orderItems':[{'referenceId':'I-1'}]}"),
                        "value.consumers[0].emails[0]: not a valid e-mail address"),
                Arguments.of(consumer("{'firstName':'Ada','lastName':'Lovelace','dateOfBirth':'2085-01-01T00:00Z',"
                        + "'orderItems':[{'referenceId':'I-1'}]}"),
                        "value.consumers[0].dateOfBirth: must be in the past, got \"2085-01-01T00:00Z\""),
                Arguments.of(consumer("{}"), "value.consumers[0].orderItems: required"),
                Arguments.of(order(ITEMS, ADA).replace("'consumers':[" + ADA + "]", "'consumers':" + ADA),
                        "value.consumers: must be an array, got object"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refusals")
    void refusedWithThePreciseDetail(String value, String detail) {
        Rejection rejection = rejection(insert(value));

        assertThat(rejection.code()).isEqualTo(400);
        assertThat(rejection.message()).isEqualTo(Rejection.VALIDATION_ERROR);
        assertThat(rejection.detail()).isEqualTo(detail);
    }

    @Test
    void aConsumerWithNoIdentityAtAllIsIdentityInformationMissing() {
        Rejection firstNameOnly = rejection(
                insert(consumer(ADA + ",{'firstName':'Byron','orderItems':[{'referenceId':'I-3'}]}")));
        Rejection nothing = rejection(insert(consumer("{'title':'Mr','orderItems':[{'referenceId':'I-3'}]}")));

        assertThat(firstNameOnly).isEqualTo(new Rejection("r1", 400, Rejection.IDENTITY_MISSING,
                "value.consumers[1]: no identifiers, no email, and not both firstName and lastName"));
        assertThat(nothing.detail())
                .isEqualTo("value.consumers[0]: no identifiers, no email, and not both firstName and lastName");
        assertThat(nothing.message()).isEqualTo(Rejection.IDENTITY_MISSING);
    }

    /** {@code items} items sharing one referenceId, and {@code consumers} consumers known by name that all name it. */
    static String sharedItem(int items, int consumers) {
        List<String> itemList = java.util.Collections.nCopies(items, item("SHARED", ""));
        List<String> consumerList = java.util.stream.IntStream.range(0, consumers)
                .mapToObj(c -> "{'firstName':'F" + c + "','lastName':'L" + c + "','orderItems':[{'referenceId':'SHARED'}]}")
                .toList();
        return order(String.join(",", itemList), String.join(",", consumerList));
    }

    @Test
    void consumersMayConsumeTenThousandItemsInAllNotOneMore() {
        OrderWrite atTheLimit = record(insert(sharedItem(100, 100)), OrderWrite.class);
        Rejection overTheLimit = rejection(insert(sharedItem(101, 100)));
        // 3,000 items of one referenceId and 6,000 consumers naming it: 18 million links from a line of under 1 MiB
        Rejection amplified = rejection(insert(sharedItem(3_000, 6_000)));

        assertThat(atTheLimit.order().consumers()).hasSize(100)
                .allSatisfy(consumer -> assertThat(consumer.itemPositions()).hasSize(100));
        assertThat(overTheLimit).isEqualTo(new Rejection("r1", 400, Rejection.VALIDATION_ERROR, "value.consumers: the "
                + "consumers consume 10100 order items in all (a reference names every item with its referenceId), at most "
                + "10000 per order"));
        assertThat(amplified.detail()).startsWith("value.consumers: the consumers consume 18000000 order items in all");
    }

    @Test
    void anUpsertWithConsumersButNoItemsNamesNoItem() {
        Rejection rejection = rejection(
                Lines.line("r1", "order", "upsert", "{'referenceId':'PNR-1','consumers':[" + ADA + "]}"));

        assertThat(rejection.detail()).isEqualTo("value.consumers[0].orderItems[0].referenceId: \"I-1\" names no item of this"
                + " order (the record gives no orderItems)");
    }
}
