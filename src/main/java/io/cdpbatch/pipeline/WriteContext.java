package io.cdpbatch.pipeline;

import java.time.Instant;

import io.cdpbatch.lifecycle.RunState;

/**
 * What a writer needs besides the records: the tenant whose data it writes, the batch (for the
 * journal of effects that cannot simply be repeated), the time of the writes, where it counts the
 * rows it adds to each table, and what it keeps from one chunk of the attempt to the next.
 */
public record WriteContext(long clientId, long batchId, Instant now, TableGrowth growth, RunState run) {

    /** Counts rows this transaction added to a table. */
    public void added(TableGrowth.Table table, long rows) {
        growth.add(table, rows);
    }
}
