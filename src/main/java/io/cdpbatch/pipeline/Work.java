package io.cdpbatch.pipeline;

import io.cdpbatch.records.ValidRecord;

/** A valid record on its way to a worker, with its 1-based line in the decompressed file. */
public record Work(long line, String ref, ValidRecord record) {
}
