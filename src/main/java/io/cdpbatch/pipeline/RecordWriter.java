package io.cdpbatch.pipeline;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Applies a run of records of one kind, in file order, inside an open transaction, with set-based
 * SQL. Records that cannot be applied for a reason of their own (not found, identity conflict) are
 * returned as failures; every other record of the run counts as applied when the transaction
 * commits. A writer must be idempotent: a batch taken over after a crash applies its file again.
 */
public interface RecordWriter {

    /** Whether this writer applies that record. */
    boolean accepts(io.cdpbatch.records.ValidRecord record);

    /** @return the failures, in line order */
    List<Failure> write(Connection connection, WriteContext context, List<Work> run) throws SQLException;
}
