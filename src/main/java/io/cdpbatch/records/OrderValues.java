package io.cdpbatch.records;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code value} of order records. In orders and their items a JSON {@code null} is the same as leaving
 * the attribute out (no order field can be cleared).
 */
final class OrderValues {

    static final Set<String> CHANNELS = Set.of("AIRPORT_KIOSK", "BRANCH", "CALL_CENTER", "GDS", "KIOSK",
            "MOBILE_APP", "MOBILE_WEB", "OFFLINE", "OTA", "OTHER", "WEB");
    static final String CHANNELS_LISTED = "AIRPORT_KIOSK, BRANCH, CALL_CENTER, GDS, KIOSK, MOBILE_APP, MOBILE_WEB, "
            + "OFFLINE, OTA, OTHER, WEB";
    static final Set<String> STATUSES = Set.of("PURCHASED", "PAYMENT_PENDING", "CONFIRMED", "CANCELLED", "REFUNDED");
    static final String STATUSES_LISTED = "PURCHASED, PAYMENT_PENDING, CONFIRMED, CANCELLED, REFUNDED";
    /** Item descriptions are longer free text than the other strings. */
    static final int DESCRIPTION = 4096;
    static final int ITEM_NAME = 128;
    static final String CONSUMERS = "consumers";

    private final GuestValues guests;
    private final FlightValues flights;

    OrderValues(GuestValues guests, FlightValues flights) {
        this.guests = guests;
        this.flights = flights;
    }

    /** {@code insert} (every required field present) or {@code upsert} (referenceId required). */
    OrderWrite write(ObjectNode value, boolean insert) {
        Path path = Path.VALUE;
        Set<OrderField> given = EnumSet.noneOf(OrderField.class);
        String referenceId = null;
        String channel = null;
        String pointOfSale = null;
        String status = null;
        Instant orderedAt = null;
        String currencyCode = null;
        BigDecimal price = null;
        String paymentType = null;
        String cardType = null;
        GuestUpsert contact = null;
        List<OrderItem> items = List.of();
        List<ExtensionGroup> extensions = List.of();
        List<Consumer> consumers = null;

        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String key = entry.getKey();
            JsonNode node = entry.getValue();
            if (key.equals(CONSUMERS)) {
                // the flight variant: a list of its own, not one of the order's fields
                consumers = node.isNull() ? null : flights.consumers(node, path.field(key));
                continue;
            }
            OrderField field = OrderField.byJsonName(key);
            if (field == null) {
                throw Fields.unknownAttribute(path, key);
            }
            if (node.isNull()) {
                continue;
            }
            Path at = path.field(key);
            given.add(field);
            switch (field) {
                case REFERENCE_ID -> referenceId = Fields.nonEmptyText(node, at, Fields.TEXT);
                case CHANNEL -> channel = Fields.oneOf(node, at, CHANNELS, CHANNELS_LISTED);
                case POINT_OF_SALE -> pointOfSale = Fields.text(node, at, Fields.TEXT);
                case STATUS -> status = Fields.oneOf(node, at, STATUSES, STATUSES_LISTED);
                case ORDERED_AT -> orderedAt = Fields.dateTime(node, at);
                case CURRENCY_CODE -> currencyCode = Fields.currency(node, at);
                case PRICE -> price = Fields.money(node, at);
                case PAYMENT_TYPE -> paymentType = Fields.text(node, at, Fields.TEXT);
                case CARD_TYPE -> cardType = Fields.text(node, at, Fields.TEXT);
                case CONTACT -> contact = guests.upsert(Fields.object(node, at), at);
                case ORDER_ITEMS -> items = items(node, at);
                case EXTENSIONS -> extensions = Extensions.parse(node, at, Extensions.ORDER_GROUPS,
                        Extensions.ORDER_GROUPS_LISTED);
            }
        }
        if (referenceId == null) {
            throw Fields.required(path.field("referenceId"));
        }
        if (cardType != null && paymentType != null && !Order.CARD.equals(paymentType)) {
            throw Invalid.validation(path.field("cardType") + ": only allowed when paymentType is \"Card\", got paymentType "
                    + Text.quote(paymentType));
        }
        if (insert) {
            requiredForInsert(channel, "channel");
            requiredForInsert(pointOfSale, "pointOfSale");
            requiredForInsert(status, "status");
            requiredForInsert(orderedAt, "orderedAt");
            requiredForInsert(currencyCode, "currencyCode");
            requiredForInsert(price, "price");
            requiredForInsert(paymentType, "paymentType");
            if (cardType == null && Order.CARD.equals(paymentType)) {
                throw Invalid.validation(path.field("cardType") + ": required when paymentType is \"Card\"");
            }
            requiredForInsert(contact, "contact");
            if (items.isEmpty()) {
                throw Invalid.validation(path.field("orderItems") + ": required for insert (at least one item)");
            }
        }
        if (consumers != null) {
            consumers = FlightValues.link(consumers, items, path.field(CONSUMERS));
        }
        Order order = new Order(referenceId, channel, pointOfSale, status, orderedAt, currencyCode, price, paymentType,
                cardType, contact, items, extensions, consumers);
        return new OrderWrite(insert, order, Collections.unmodifiableSet(given));
    }

    private static void requiredForInsert(Object value, String name) {
        if (value == null) {
            throw Invalid.validation(Path.VALUE.field(name) + ": required for insert");
        }
    }

    /** {@code delete}: referenceId required, orderedAt optional. */
    OrderDelete delete(ObjectNode value) {
        Path path = Path.VALUE;
        String referenceId = null;
        Instant orderedAt = null;
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String key = entry.getKey();
            JsonNode node = entry.getValue();
            switch (key) {
                case "referenceId" -> referenceId = node.isNull() ? null
                        : Fields.nonEmptyText(node, path.field(key), Fields.TEXT);
                case "orderedAt" -> orderedAt = node.isNull() ? null : Fields.dateTime(node, path.field(key));
                default -> throw Fields.unknownAttribute(path, key);
            }
        }
        if (referenceId == null) {
            throw Fields.required(path.field("referenceId"));
        }
        return new OrderDelete(referenceId, orderedAt);
    }

    private static List<OrderItem> items(JsonNode node, Path at) {
        ArrayNode array = Fields.array(node, at);
        if (array.isEmpty()) {
            throw Invalid.validation(at + ": must contain at least one item");
        }
        List<OrderItem> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            Path itemPath = at.index(i);
            items.add(item(Fields.object(array.get(i), itemPath), itemPath));
        }
        return Collections.unmodifiableList(items);
    }

    private static OrderItem item(ObjectNode object, Path path) {
        String type = null;
        String productId = null;
        String name = null;
        String description = null;
        String vendor = null;
        BigDecimal price = null;
        String currencyCode = null;
        String referenceId = null;
        String status = null;
        Instant orderedAt = null;
        Integer quantity = null;
        BigDecimal originalPrice = null;
        String originalCurrencyCode = null;
        String channel = null;
        List<ExtensionGroup> extensions = List.of();
        String consumerTypeCode = null;
        String typeCodeKey = null;
        List<FlightSegment> segments = List.of();
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            String key = entry.getKey();
            JsonNode node = entry.getValue();
            if (node.isNull() && isItemField(key)) {
                continue;
            }
            Path at = path.field(key);
            switch (key) {
                case "type" -> type = Fields.text(node, at, Fields.TEXT);
                case "productId" -> productId = Fields.text(node, at, Fields.TEXT);
                case "name" -> name = Fields.text(node, at, ITEM_NAME);
                case "description" -> description = Fields.text(node, at, DESCRIPTION);
                case "vendor" -> vendor = Fields.text(node, at, Fields.TEXT);
                case "price" -> price = Fields.money(node, at);
                case "currencyCode" -> currencyCode = Fields.currency(node, at);
                case "referenceId" -> referenceId = Fields.text(node, at, Fields.TEXT);
                case "status" -> status = Fields.text(node, at, Fields.TEXT);
                case "orderedAt" -> orderedAt = Fields.dateTime(node, at);
                case "quantity" -> quantity = Fields.count(node, at);
                case "originalPrice" -> originalPrice = Fields.money(node, at);
                case "originalCurrencyCode" -> originalCurrencyCode = Fields.currency(node, at);
                case "channel" -> channel = Fields.text(node, at, Fields.TEXT);
                case "extensions" -> extensions = Extensions.parse(node, at, Extensions.ORDER_GROUPS,
                        Extensions.ORDER_GROUPS_LISTED);
                case "consumerTypeCode", "passengerTypeCode" -> {
                    if (typeCodeKey != null) {
                        throw Invalid.validation(at + ": " + key + " and " + typeCodeKey
                                + " are synonyms, give only one of them");
                    }
                    typeCodeKey = key;
                    consumerTypeCode = FlightValues.typeCode(node, at);
                }
                case "flightSegments" -> segments = FlightValues.segments(node, at);
                default -> throw Fields.unknownAttribute(path, key);
            }
        }
        requiredInItem(type, path, "type");
        requiredInItem(productId, path, "productId");
        requiredInItem(name, path, "name");
        requiredInItem(description, path, "description");
        requiredInItem(vendor, path, "vendor");
        requiredInItem(price, path, "price");
        requiredInItem(currencyCode, path, "currencyCode");
        requiredInItem(referenceId, path, "referenceId");
        requiredInItem(status, path, "status");
        return new OrderItem(type, productId, name, description, vendor, price, currencyCode, referenceId, status,
                orderedAt, quantity, originalPrice, originalCurrencyCode, channel, extensions, consumerTypeCode, segments);
    }

    private static boolean isItemField(String key) {
        return switch (key) {
            case "type", "productId", "name", "description", "vendor", "price", "currencyCode", "referenceId",
                    "status", "orderedAt", "quantity", "originalPrice", "originalCurrencyCode", "channel",
                    "extensions", "consumerTypeCode", "passengerTypeCode", "flightSegments" ->
                true;
            default -> false;
        };
    }

    private static void requiredInItem(Object value, Path item, String name) {
        if (value == null) {
            throw Fields.required(item.field(name));
        }
    }
}
