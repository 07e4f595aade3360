package io.cdpbatch.pipeline;

import java.time.Instant;

/**
 * What a writer needs besides the records: the tenant whose data it writes, the batch (for the
 * journal of effects that cannot simply be repeated), the time of the writes, and where it counts the
 * rows it adds to each table.
 */
public record WriteContext(long clientId, long batchId, Instant now, TableGrowth growth) {

    /** Counts rows this transaction added to a table. */
    public void added(TableGrowth.Table table, long rows) {
        growth.add(table, rows);
    }
}
