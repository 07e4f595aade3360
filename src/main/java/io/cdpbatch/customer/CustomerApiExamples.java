package io.cdpbatch.customer;

/** Examples of the read API's bodies for the OpenAPI document. */
final class CustomerApiExamples {

    private CustomerApiExamples() {
    }

    static final String GUEST = """
            {"ref": "5f1d1a47-2a55-4a8e-9a77-2c3c1d0e4b6a", "guestType": "customer", "title": "Dr", "firstName": "Ada",
             "lastName": "Lovelace", "gender": "female", "email": "ada@example.com", "phoneNumbers": ["+44 20 7946 0000"],
             "street": ["12 St James's Square"], "city": "London", "state": null, "postCode": "SW1Y 4JH", "country": "GB",
             "language": "en", "nationality": "British", "dateOfBirth": "1815-12-10T00:00:00.000Z", "passportNumber": null,
             "passportExpiry": null, "firstSeen": "2026-01-05T09:00:00.000Z", "lastSeen": null,
             "identifiers": [{"provider": "crm", "id": "C-1815", "expiryDate": null}],
             "subscriptions": [{"name": "newsletter", "channel": "EMAIL", "pointOfSale": "shop.example.com",
               "status": "SUBSCRIBED", "effectiveDate": "2026-01-05T09:00:00.000Z"}],
             "extensions": [{"name": "ext", "key": "default", "loyaltyTier": "gold"}],
             "createdAt": "2026-11-28T14:04:05.123Z", "modifiedAt": "2026-11-28T14:04:05.123Z"}""";

    static final String GUEST_PAGE = "{\"totalCount\": 1, \"offset\": 0, \"limit\": 100, \"items\": [" + GUEST + "]}";

    /** An order without its closing brace, so that a guest's list can add the role. */
    private static final String ORDER_FIELDS = """
            {"ref": "0b7e8a51-7c1f-4c36-a7c4-9d3f0f2b6e11", "referenceId": "ORD-1001", "channel": "WEB",
             "pointOfSale": "shop.example.com", "status": "PURCHASED", "orderedAt": "2026-11-27T10:15:00.000Z",
             "currencyCode": "EUR", "price": 129.90, "paymentType": "Card", "cardType": "VISA",
             "contact": {"ref": "5f1d1a47-2a55-4a8e-9a77-2c3c1d0e4b6a"},
             "orderItems": [{"type": "PRODUCT", "productId": "SKU-1", "name": "Kettle", "description": "1.7 l kettle",
               "vendor": "Acme", "price": 129.90, "currencyCode": "EUR", "referenceId": "ORD-1001-1", "status": "PURCHASED",
               "orderedAt": null, "quantity": 1, "originalPrice": null, "originalCurrencyCode": null, "channel": null,
               "extensions": [], "consumerTypeCode": null, "flightSegments": []}],
             "consumers": [],
             "extensions": [{"name": "ext", "key": "default", "giftWrap": true}],
             "createdAt": "2026-11-28T14:04:05.123Z", "modifiedAt": "2026-11-28T14:04:05.123Z\"""";

    static final String ORDER = ORDER_FIELDS + "}";

    /** A flight booking: two passengers (the contact, and a child known by name only), one segment each way. */
    private static final String FLIGHT_ORDER_FIELDS = """
            {"ref": "7d2c4e0a-1b9f-4f7e-8a51-3c6d2e9f0a14", "referenceId": "PNR-X7K2Q9", "channel": "WEB",
             "pointOfSale": "air.example.com", "status": "CONFIRMED", "orderedAt": "2026-11-27T10:15:00.000Z",
             "currencyCode": "EUR", "price": 318.00, "paymentType": "Card", "cardType": "VISA",
             "contact": {"ref": "5f1d1a47-2a55-4a8e-9a77-2c3c1d0e4b6a"},
             "orderItems": [
              {"type": "FLIGHT", "productId": "DUB-LHR-RTN", "name": "Dublin - London return", "description": "Economy",
               "vendor": "EI", "price": 189.00, "currencyCode": "EUR", "referenceId": "PNR-X7K2Q9-1", "status": "CONFIRMED",
               "orderedAt": null, "quantity": 1, "originalPrice": null, "originalCurrencyCode": null, "channel": null,
               "extensions": [], "consumerTypeCode": "ADT",
               "flightSegments": [
                {"id": "EI154-20261215", "origin": "DUB", "destination": "LHR", "departureDateTime": "2026-12-15T07:00:00.000Z",
                 "arrivalDateTime": "2026-12-15T08:20:00.000Z", "flightNumber": "EI154", "fareClass": "Y", "carrier": "EI",
                 "fareFamily": "Saver", "bookingClass": "V", "equipmentType": "A320", "originDestination": "DUB-LHR"},
                {"id": "EI159-20261220", "origin": "LHR", "destination": "DUB", "departureDateTime": "2026-12-20T18:40:00.000Z",
                 "arrivalDateTime": "2026-12-20T20:00:00.000Z", "flightNumber": "EI159", "fareClass": "Y", "carrier": "EI",
                 "fareFamily": "Saver", "bookingClass": "V", "equipmentType": "A320", "originDestination": "LHR-DUB"}]},
              {"type": "FLIGHT", "productId": "DUB-LHR-RTN", "name": "Dublin - London return", "description": "Economy, child",
               "vendor": "EI", "price": 129.00, "currencyCode": "EUR", "referenceId": "PNR-X7K2Q9-2", "status": "CONFIRMED",
               "orderedAt": null, "quantity": 1, "originalPrice": null, "originalCurrencyCode": null, "channel": null,
               "extensions": [], "consumerTypeCode": "CHD",
               "flightSegments": [
                {"id": "EI154-20261215", "origin": "DUB", "destination": "LHR", "departureDateTime": "2026-12-15T07:00:00.000Z",
                 "arrivalDateTime": "2026-12-15T08:20:00.000Z", "flightNumber": "EI154", "fareClass": "Y", "carrier": "EI",
                 "fareFamily": "Saver", "bookingClass": "V", "equipmentType": "A320", "originDestination": "DUB-LHR"},
                {"id": "EI159-20261220", "origin": "LHR", "destination": "DUB", "departureDateTime": "2026-12-20T18:40:00.000Z",
                 "arrivalDateTime": "2026-12-20T20:00:00.000Z", "flightNumber": "EI159", "fareClass": "Y", "carrier": "EI",
                 "fareFamily": "Saver", "bookingClass": "V", "equipmentType": "A320", "originDestination": "LHR-DUB"}]}],
             "consumers": [
              {"guestRef": "5f1d1a47-2a55-4a8e-9a77-2c3c1d0e4b6a", "title": "Dr", "firstName": "Ada", "lastName": "Lovelace",
               "gender": "female", "dateOfBirth": null, "email": null, "emails": [], "phoneNumbers": null, "nationality": null,
               "country": null, "passportNumber": null, "passportExpiry": null, "identifiers": [],
               "orderItems": [{"referenceId": "PNR-X7K2Q9-1"}]},
              {"guestRef": "2b8e6f3c-4d1a-4c9e-b7f2-8a0d5e6c1b97", "title": "Mstr", "firstName": "Byron", "lastName": "King",
               "gender": "male", "dateOfBirth": "2018-05-16T00:00:00.000Z", "email": null, "emails": [], "phoneNumbers": null,
               "nationality": null, "country": null, "passportNumber": null, "passportExpiry": null, "identifiers": [],
               "orderItems": [{"referenceId": "PNR-X7K2Q9-2"}]}],
             "extensions": [],
             "createdAt": "2026-11-28T14:04:05.123Z", "modifiedAt": "2026-11-28T14:04:05.123Z\"""";

    static final String FLIGHT_ORDER = FLIGHT_ORDER_FIELDS + "}";

    static final String ORDER_PAGE = "{\"totalCount\": 1, \"offset\": 0, \"limit\": 100, \"items\": [" + ORDER + "]}";

    /** A guest's orders: each with the guest's role in it. */
    static final String GUEST_ORDER_PAGE = "{\"totalCount\": 2, \"offset\": 0, \"limit\": 100, \"items\": ["
            + ORDER_FIELDS + ", \"role\": \"contact\"}, " + FLIGHT_ORDER_FIELDS + ", \"role\": \"consumer\"}]}";

    /** A traveller: the guest of a consumer known by name only. */
    static final String TRAVELLER = """
            {"ref": "2b8e6f3c-4d1a-4c9e-b7f2-8a0d5e6c1b97", "guestType": "traveller", "title": "Mstr", "firstName": "Byron",
             "lastName": "King", "gender": "male", "email": null, "phoneNumbers": null, "street": null, "city": null,
             "state": null, "postCode": null, "country": null, "language": null, "nationality": null,
             "dateOfBirth": "2018-05-16T00:00:00.000Z", "passportNumber": null, "passportExpiry": null, "firstSeen": null,
             "lastSeen": null, "identifiers": [], "subscriptions": [], "extensions": [],
             "createdAt": "2026-11-28T14:04:05.123Z", "modifiedAt": "2026-11-28T14:04:05.123Z"}""";

    static final String BAD_GUEST_REF = """
            {"status": 400, "code": 400, "message": "guestRef must be a UUID",
             "developerMessage": "guestRef must be a UUID such as 12af3453-62da-4b31-b646-631b7b5f3009, got \\"x\\"", "moreInfo": ""}""";

    static final String BAD_ORDER_REF = """
            {"status": 400, "code": 400, "message": "orderRef must be a UUID",
             "developerMessage": "orderRef must be a UUID such as 12af3453-62da-4b31-b646-631b7b5f3009, got \\"x\\"", "moreInfo": ""}""";

    static final String BAD_GUEST_QUERY = """
            {"status": 400, "code": 400, "message": "Give identifiers.provider and identifiers.id, or email",
             "developerMessage": "Give identifiers.provider and identifiers.id, or email: identifiers.id is missing", "moreInfo": ""}""";

    static final String BAD_LIMIT = """
            {"status": 400, "code": 400, "message": "limit must be an integer between 1 and 1000",
             "developerMessage": "limit must be an integer between 1 and 1000, got \\"0\\"", "moreInfo": ""}""";

    static final String MISSING_REFERENCE_ID = """
            {"status": 400, "code": 400, "message": "referenceId is required",
             "developerMessage": "referenceId is required: GET /v2.1/orders?referenceId=...", "moreInfo": ""}""";

    static final String GUEST_NOT_FOUND = """
            {"status": 404, "code": 404, "message": "Guest not found", "developerMessage": "Guest not found", "moreInfo": ""}""";

    static final String ORDER_NOT_FOUND = """
            {"status": 404, "code": 404, "message": "Order not found", "developerMessage": "Order not found", "moreInfo": ""}""";
}
