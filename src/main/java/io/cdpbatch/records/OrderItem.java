package io.cdpbatch.records;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One {@code orderItems[]} entry. The required fields are never null; the optional
 * ones ({@code orderedAt}, {@code quantity}, {@code originalPrice}, {@code originalCurrencyCode},
 * {@code channel}) are null when left out or given as JSON null.
 *
 * @param name at most 128 characters
 * @param description at most 4096 characters
 * @param currencyCode ISO 4217, upper case
 * @param quantity 0 .. 2147483647
 * @param extensions group {@code ext} only, never null
 * @param consumerTypeCode a flight item's passenger type code (3 upper-case letters: ADT, CHD, INF, ...), from
 *        {@code consumerTypeCode} or its synonym {@code passengerTypeCode}; null when neither
 * @param flightSegments a flight item's segments, in record order; empty when left out
 */
public record OrderItem(
        String type,
        String productId,
        String name,
        String description,
        String vendor,
        BigDecimal price,
        String currencyCode,
        String referenceId,
        String status,
        Instant orderedAt,
        Integer quantity,
        BigDecimal originalPrice,
        String originalCurrencyCode,
        String channel,
        List<ExtensionGroup> extensions,
        String consumerTypeCode,
        List<FlightSegment> flightSegments) {

    /** An item without flight data. */
    public OrderItem(String type, String productId, String name, String description, String vendor, BigDecimal price,
            String currencyCode, String referenceId, String status, Instant orderedAt, Integer quantity,
            BigDecimal originalPrice, String originalCurrencyCode, String channel, List<ExtensionGroup> extensions) {
        this(type, productId, name, description, vendor, price, currencyCode, referenceId, status, orderedAt, quantity,
                originalPrice, originalCurrencyCode, channel, extensions, null, List.of());
    }

    /** Whether the item carries flight data (segments or a passenger type code). */
    public boolean hasFlightData() {
        return consumerTypeCode != null || !flightSegments.isEmpty();
    }
}
