package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.RecordWriter;
import io.cdpbatch.pipeline.Work;
import io.cdpbatch.pipeline.WriteContext;
import io.cdpbatch.records.GuestMigration;
import io.cdpbatch.records.Rejection;
import io.cdpbatch.records.ValidRecord;

/**
 * Migrations: the orders of the {@code migrateFrom} guest move to the
 * {@code migrateTo} guest, then the source guest is deleted (with its identifiers, subscriptions and
 * extensions); no attribute of the target changes. The pipeline applies migrations alone, so each
 * record is resolved and applied on its own, in file order. Applied migrations are journaled (see
 * {@link EffectJournal}).
 */
@ApplicationScoped
public class MigrationWriter implements RecordWriter {

    @Override
    public boolean accepts(ValidRecord record) {
        return record instanceof GuestMigration;
    }

    @Override
    public List<Failure> write(Connection connection, WriteContext context, List<Work> run) throws SQLException {
        List<Failure> failures = new ArrayList<>();
        Set<Long> journaled = EffectJournal.applied(connection, context.batchId(), run);
        List<Long> applied = new ArrayList<>();
        for (Work work : run) {
            GuestMigration migration = (GuestMigration) work.record();
            Identities identities = Identities.load(connection, context.clientId(),
                    List.of(new Identities.Wanted(migration.from(), null), new Identities.Wanted(migration.to(), null)));
            Identities.Resolution from = identities.resolve(migration.from(), null);
            Identities.Resolution to = identities.resolve(migration.to(), null);
            Failure failure = null;
            if (from.conflict()) {
                failure = conflict(work, "migrateFrom", from);
            } else if (to.conflict()) {
                failure = conflict(work, "migrateTo", to);
            } else if (!from.found() || !to.found()) {
                if (!journaled.contains(work.line())) {
                    failure = new Failure(work.line(), work.ref(), 404, Rejection.GUEST_NOT_FOUND, "value."
                            + (!from.found() ? "migrateFrom" : "migrateTo")
                            + ".identifiers: no guest has any of these identifiers");
                }
            } else if (from.guestId() == to.guestId()) {
                failure = new Failure(work.line(), work.ref(), 400, Rejection.VALIDATION_ERROR,
                        "value.migrateTo.identifiers: belong to the same guest as migrateFrom, a guest cannot be migrated into itself");
            } else {
                migrate(connection, context, from.guestId(), to.guestId());
                applied.add(work.line());
            }
            if (failure != null) {
                failures.add(failure);
            }
        }
        EffectJournal.record(connection, context.batchId(), applied);
        return failures;
    }

    private static Failure conflict(Work work, String side, Identities.Resolution resolution) {
        return new Failure(work.line(), work.ref(), 409, Rejection.IDENTITY_CONFLICT,
                "value." + side + ".identifiers: the identifiers belong to " + resolution.guests() + " different guests");
    }

    private static void migrate(Connection connection, WriteContext context, long from, long to) throws SQLException {
        try (PreparedStatement statement = connection
                .prepareStatement("UPDATE orders SET guest_id = ?, modified_at = ? WHERE client_id = ? AND guest_id = ?")) {
            statement.setLong(1, to);
            statement.setObject(2, GuestUpsertWriter.timestamp(context.now()));
            statement.setLong(3, context.clientId());
            statement.setLong(4, from);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM guest WHERE client_id = ? AND id = ?")) {
            statement.setLong(1, context.clientId());
            statement.setLong(2, from);
            statement.executeUpdate();
        }
    }
}
