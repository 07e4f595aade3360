package io.cdpbatch.pipeline;

import java.time.Instant;

/**
 * What a writer needs besides the records: the tenant whose data it writes, the batch (for the
 * journal of effects that cannot simply be repeated) and the time of the writes.
 */
public record WriteContext(long clientId, long batchId, Instant now) {
}
