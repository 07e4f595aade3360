package io.cdpbatch.pipeline;

import java.util.HashMap;
import java.util.Map;

/**
 * The rows a chunk's writers added, by table: once the chunk commits, {@link TableStatistics} decides
 * whether a table grew enough since it was last analysed to analyse it again.
 */
public final class TableGrowth {

    private final Map<String, Long> added = new HashMap<>(8);

    /** Counts rows added to a table in this chunk's transaction. */
    public void add(String table, long rows) {
        if (rows > 0) {
            added.merge(table, rows, Long::sum);
        }
    }

    Map<String, Long> added() {
        return added;
    }
}
