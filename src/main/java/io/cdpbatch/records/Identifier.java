package io.cdpbatch.records;

import java.time.Instant;

/**
 * One {@code identifiers[]} entry.
 *
 * @param provider non-empty, at most 255 characters
 * @param id non-empty, at most 255 characters
 * @param expiryDate null when the entry has none
 */
public record Identifier(String provider, String id, Instant expiryDate) {
}
