package io.cdpbatch.pipeline;

import java.util.HashMap;
import java.util.Map;

/**
 * The rows a chunk's writers added, by table: once the chunk commits, {@link TableStatistics} decides
 * whether a table grew enough since it was last analysed to analyse it again.
 */
public final class TableGrowth {

    /**
     * A table that batches make grow, and the columns its rows are looked up by (in writers' statements
     * and the read API): the columns an analysis refreshes, so that it costs a fraction of a full one.
     */
    public record Table(String name, String lookupColumns) {
    }

    private final Map<Table, Long> added = new HashMap<>(8);

    /** Counts rows added to a table in this chunk's transaction. */
    public void add(Table table, long rows) {
        if (rows > 0) {
            added.merge(table, rows, Long::sum);
        }
    }

    Map<Table, Long> added() {
        return added;
    }
}
