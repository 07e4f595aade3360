package io.cdpbatch.records;

import java.util.HashMap;
import java.util.Map;

/** The top-level fields of an order, by their JSON names. */
public enum OrderField {
    REFERENCE_ID("referenceId"),
    CHANNEL("channel"),
    POINT_OF_SALE("pointOfSale"),
    STATUS("status"),
    ORDERED_AT("orderedAt"),
    CURRENCY_CODE("currencyCode"),
    PRICE("price"),
    PAYMENT_TYPE("paymentType"),
    CARD_TYPE("cardType"),
    CONTACT("contact"),
    ORDER_ITEMS("orderItems"),
    EXTENSIONS("extensions");

    private static final Map<String, OrderField> BY_JSON_NAME = new HashMap<>();

    static {
        for (OrderField field : values()) {
            BY_JSON_NAME.put(field.jsonName, field);
        }
    }

    private final String jsonName;

    OrderField(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The attribute name in {@code value}. */
    public String jsonName() {
        return jsonName;
    }

    /** The field of this JSON name, or null. */
    public static OrderField byJsonName(String name) {
        return BY_JSON_NAME.get(name);
    }
}
