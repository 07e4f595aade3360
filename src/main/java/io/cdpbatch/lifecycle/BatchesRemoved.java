package io.cdpbatch.lifecycle;

import java.util.List;
import java.util.UUID;

/**
 * Batches removed by retention, fired inside the transaction that deletes their rows: an observer
 * removes what hangs on them (pending deliveries of their callbacks, cached copies).
 */
public record BatchesRemoved(List<Removed> batches) {

    public record Removed(long batchId, long clientId, UUID ref) {
    }
}
