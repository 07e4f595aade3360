package io.cdpbatch.records;

import java.time.Instant;

/**
 * {@code schema: order, mode: delete}. {@code referenceId} is required;
 * {@code orderedAt} is optional: without it the order is looked up by referenceId alone, and several
 * matches give the 400 "please supply the orderedAt" outcome.
 *
 * @param orderedAt null when not given
 */
public record OrderDelete(String referenceId, Instant orderedAt) implements ValidRecord {

    /** {@code "o:" + referenceId}: a delete carries no contact. */
    @Override
    public String routingKey() {
        return "o:" + referenceId;
    }
}
