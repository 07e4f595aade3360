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
 * guest written with one batched statement per table. Applying the same run again changes nothing. For a
 * tenant that held no identifier when the attempt began, the identifiers the attempt has not met are not
 * looked up ({@link UnseenIdentifiers}).
 */
@ApplicationScoped
public class GuestUpsertWriter implements RecordWriter<GuestUpsert> {

    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public Class<GuestUpsert> type() {
        return GuestUpsert.class;
    }

    @Override
    public List<Failure> apply(Connection connection, WriteContext context, List<RecordLine<GuestUpsert>> run)
            throws SQLException {
        List<IdentityIndex.Wanted> wanted = run.stream()
                .map(line -> new IdentityIndex.Wanted(line.record().identifiers(), line.record().email())).toList();
        UnseenIdentifiers unseen = context.run().get(UnseenIdentifiers.class, UnseenIdentifiers::new);
        boolean skipping = unseen.active(connection, context.clientId());
        IdentityIndex identities = skipping
                ? Identities.load(connection, context.clientId(), wanted, unseen::mayHaveMet)
                : Identities.load(connection, context.clientId(), wanted);
        if (skipping) {
            // after the lookups: this chunk's own repeats are resolved in memory, later chunks look them up
            for (IdentityIndex.Wanted w : wanted) {
                w.identifiers().forEach(unseen::met);
            }
        }
        GuestUpsertPlan plan = GuestUpsertPlan.of(run, identities);
        try {
            GuestTables.write(connection, context, plan.changes(), identities);
        } catch (SQLException e) {
            if (skipping && UNIQUE_VIOLATION.equals(e.getSQLState())) {
                // an identifier taken since the attempt looked at the tenant: the chunk is applied again, with lookups
                unseen.stop();
            }
            throw e;
        }
        return plan.failures();
    }
}
