package io.cdpbatch.pipeline;

import io.cdpbatch.records.ValidRecord;

/**
 * A valid record on its way to a worker, with its 1-based line in the decompressed file and the
 * length of that line in bytes: the measure of the memory it holds until it is applied.
 */
public record Work(long line, String ref, ValidRecord record, int bytes) {

    public Work(long line, String ref, ValidRecord record) {
        this(line, ref, record, 0);
    }
}
