package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.RecordLine;
import io.cdpbatch.pipeline.RecordWriter;
import io.cdpbatch.pipeline.WriteContext;
import io.cdpbatch.records.GuestUpsert;

/**
 * Guest upserts, set-based: the identities of a whole run are loaded with two queries, the records
 * resolved and folded in file order in memory ({@link GuestUpsertPlan}), and the final state of each
 * guest written with one batched statement per table. Applying the same run again changes nothing.
 */
@ApplicationScoped
public class GuestUpsertWriter implements RecordWriter<GuestUpsert> {

    @Override
    public Class<GuestUpsert> type() {
        return GuestUpsert.class;
    }

    @Override
    public List<Failure> apply(Connection connection, WriteContext context, List<RecordLine<GuestUpsert>> run)
            throws SQLException {
        IdentityIndex identities = Identities.load(connection, context.clientId(), run.stream()
                .map(line -> new IdentityIndex.Wanted(line.record().identifiers(), line.record().email())).toList());
        GuestUpsertPlan plan = GuestUpsertPlan.of(run, identities);
        GuestTables.write(connection, context, plan.changes(), identities);
        return plan.failures();
    }
}
