package io.cdpbatch.pipeline;

import io.cdpbatch.records.ParsedRecord;
import io.cdpbatch.records.ValidRecord;

/**
 * A valid record on its way to a worker, with its 1-based line in the decompressed file and the
 * memory it holds until it is applied, estimated in bytes: the length of its line, plus
 * {@link #VALUE_BYTES} for each JSON value in it. A line of a few large values (1 MB of text) costs
 * about its length; a line of many small ones (25,000 identifiers) costs several times its length once
 * parsed and applied, and is weighed so.
 */
public record Work(long line, String ref, ValidRecord record, int bytes) {

    /**
     * Heap a JSON value of a record costs, beyond its bytes in the line, from parsing to the end of its
     * chunk (its object, its strings, its identity entries and SQL array elements): measured on guests of
     * 25,000 identifiers, about 400 bytes per identifier of three values.
     */
    static final int VALUE_BYTES = 128;

    public Work(long line, String ref, ValidRecord record) {
        this(line, ref, record, 0);
    }

    /** The work of a parsed line of {@code lineBytes} bytes. */
    static Work of(long line, ParsedRecord parsed, int lineBytes) {
        long bytes = lineBytes + (long) VALUE_BYTES * parsed.values();
        return new Work(line, parsed.ref(), parsed.record(), (int) Math.min(Integer.MAX_VALUE, bytes));
    }
}
