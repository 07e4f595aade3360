package io.cdpbatch.pipeline;

import io.cdpbatch.records.ValidRecord;

/**
 * A valid record of one type as its writer receives it, with its 1-based line in the decompressed
 * file and its ref (for the error log).
 */
public record RecordLine<T extends ValidRecord>(long line, String ref, T record) {

    /** A failure of this line: the record is not applied. */
    public Failure failure(int code, String message, String detail) {
        return new Failure(line, ref, code, message, detail);
    }
}
