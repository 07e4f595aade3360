package io.cdpbatch.pipeline;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.cdpbatch.records.ValidRecord;

/**
 * Applies a run of records of one type, in file order, inside an open transaction, with set-based
 * SQL. Records that cannot be applied for a reason of their own (not found, identity conflict) are
 * returned as failures; every other record of the run counts as applied when the transaction
 * commits. A writer must be idempotent: a batch taken over after a crash applies its file again.
 * <p>
 * Exactly one writer bean exists per type of {@link ValidRecord}; the pipeline checks it at start-up.
 *
 * @param <T> the record type this writer applies
 */
public interface RecordWriter<T extends ValidRecord> {

    /** The type of the records this writer applies. */
    Class<T> type();

    /** @return the failures, in line order */
    List<Failure> apply(Connection connection, WriteContext context, List<RecordLine<T>> run) throws SQLException;

    /** Applies a run whose records are all of {@link #type()}. */
    default List<Failure> write(Connection connection, WriteContext context, List<Work> run) throws SQLException {
        List<RecordLine<T>> typed = new ArrayList<>(run.size());
        for (Work work : run) {
            typed.add(new RecordLine<>(work.line(), work.ref(), type().cast(work.record())));
        }
        return apply(connection, context, typed);
    }
}
