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
        List<ExtensionGroup> extensions) {
}
