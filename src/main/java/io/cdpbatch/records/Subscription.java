package io.cdpbatch.records;

import java.time.Instant;

/**
 * One {@code subscriptions[]} entry; all five fields are required. Merged into the guest's set by
 * (name, channel, pointOfSale).
 *
 * @param status one of PENDING, SUBSCRIBED, UNSUBSCRIBED, UNKNOWN
 */
public record Subscription(String name, String channel, String pointOfSale, String status, Instant effectiveDate) {
}
