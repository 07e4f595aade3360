package io.cdpbatch.customer;

import io.cdpbatch.support.Lines;

/** Flight order records for the customer tests; single quotes stand for double quotes. */
final class FlightLines {

    private FlightLines() {
    }

    static final String OUT = segment("EI154-1215", "DUB", "LHR", "2026-12-15T07:00Z", "2026-12-15T08:20Z", "EI154");
    static final String BACK = segment("EI159-1220", "LHR", "DUB", "2026-12-20T18:40Z", "2026-12-20T20:00Z", "EI159");

    static String segment(String id, String origin, String destination, String departure, String arrival, String flight) {
        return "{'id':'" + id + "','origin':'" + origin + "','destination':'" + destination + "','departureDateTime':'"
                + departure + "','arrivalDateTime':'" + arrival + "','flightNumber':'" + flight + "','fareClass':'Y',"
                + "'carrier':'EI','fareFamily':'Saver','bookingClass':'V','equipmentType':'A320','originDestination':'"
                + origin + "-" + destination + "'}";
    }

    /** A return flight for one passenger: type code ADT, CHD or INF. */
    static String item(String referenceId, String typeCode, String... segments) {
        return "{'type':'FLIGHT','productId':'DUB-LHR-RTN','name':'Dublin - London return','description':'Economy',"
                + "'vendor':'EI','price':159,'currencyCode':'EUR','referenceId':'" + referenceId + "','status':'CONFIRMED',"
                + "'quantity':1,'consumerTypeCode':'" + typeCode + "','flightSegments':[" + String.join(",", segments) + "]}";
    }

    static String items(String... items) {
        return String.join(",", items);
    }

    /** Ada Lovelace, identified by crm/ADA-1. */
    static final String ADA = "{'identifiers':[{'provider':'crm','id':'ADA-1'}],'title':'Dr','firstName':'Ada',"
            + "'lastName':'Lovelace','email':'ada@example.com'}";

    /** A consumer known by name only. */
    static String named(String first, String last, String... items) {
        return Lines.person().firstName(first).lastName(last).items(items).value();
    }

    /** A consumer with an identifier of its own. */
    static String identified(String provider, String id, String first, String last, String... items) {
        return Lines.person().identifier(provider, id).firstName(first).lastName(last).items(items).value();
    }

    /** A booking value: contact, items, consumers. */
    static String booking(String referenceId, String orderedAt, String contact, String items, String... consumers) {
        return "{'referenceId':'" + referenceId + "','channel':'WEB','pointOfSale':'air.example.com','status':'CONFIRMED',"
                + "'orderedAt':'" + orderedAt + "','currencyCode':'EUR','price':477,'paymentType':'Card','cardType':'VISA',"
                + "'contact':" + contact + ",'orderItems':[" + items + "],'consumers':[" + String.join(",", consumers)
                + "]}";
    }

    static String insert(String ref, String value) {
        return Lines.line(ref, "order", "insert", value);
    }
}
