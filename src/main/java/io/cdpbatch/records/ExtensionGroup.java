package io.cdpbatch.records;

import java.util.Map;

/**
 * One extension group; its {@code key} was {@code default}.
 *
 * @param name {@code ext}, {@code ext1} ... {@code ext5} (guests) or {@code ext} (orders, order items)
 * @param attributes in document order (unmodifiable, insertion-ordered); values are {@link String},
 *        {@link Boolean} or {@link java.math.BigDecimal}, never null
 */
public record ExtensionGroup(String name, Map<String, Object> attributes) {
}
