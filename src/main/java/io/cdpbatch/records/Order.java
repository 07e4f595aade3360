package io.cdpbatch.records;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The order of an {@link OrderWrite}. A field is null when the record left it out (orders have no field
 * that a JSON null clears: null is the same as leaving it out). {@code referenceId} is never null.
 *
 * @param channel one of AIRPORT_KIOSK, BRANCH, CALL_CENTER, GDS, KIOSK, MOBILE_APP, MOBILE_WEB, OFFLINE, OTA,
 *        OTHER, WEB
 * @param status one of PURCHASED, PAYMENT_PENDING, CONFIRMED, CANCELLED, REFUNDED
 * @param currencyCode ISO 4217, upper case
 * @param price at most 15 integer digits and 20 decimal places
 * @param cardType only when {@code paymentType} is {@code Card} or not given
 * @param contact the owner, parsed and validated as a guest upsert value (identifiers or email present):
 *        apply it as a guest upsert to find or create the owner
 * @param items at least one when given; empty when left out
 * @param extensions group {@code ext} only, never null
 * @param consumers the people who consume the items (a flight's passengers), in record order; null when the
 *        record did not give {@code consumers}
 */
public record Order(
        String referenceId,
        String channel,
        String pointOfSale,
        String status,
        Instant orderedAt,
        String currencyCode,
        BigDecimal price,
        String paymentType,
        String cardType,
        GuestUpsert contact,
        List<OrderItem> items,
        List<ExtensionGroup> extensions,
        List<Consumer> consumers) {

    /** The {@code paymentType} that requires a {@code cardType}. */
    public static final String CARD = "Card";

    /** Whether the record gives consumers, flight segments or passenger type codes. */
    public boolean hasFlightData() {
        return consumers != null && !consumers.isEmpty() || items.stream().anyMatch(OrderItem::hasFlightData);
    }
}
