package io.cdpbatch.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A batch reached a terminal status. Fired synchronously inside the transaction of the transition,
 * so an observer that writes (the webhook outbox) commits exactly when the status changes.
 *
 * @param summary the final counts, null for a {@code corrupted} batch (nothing was processed)
 */
public record BatchFinished(long batchId, long clientId, UUID ref, BatchStatus status, Summary summary, boolean hasLog,
        String message, Instant occurredAt, boolean dryRun) {

    /** Counts as the status answer shows them; {@code errors} is the error summary, null when none. */
    public record Summary(long timeToProcessMs, long totalCount, long succeededCount, long failedCount,
            List<ErrorGroup> errors) {
    }
}
