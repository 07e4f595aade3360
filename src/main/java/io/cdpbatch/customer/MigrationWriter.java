package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.RecordLine;
import io.cdpbatch.pipeline.RecordWriter;
import io.cdpbatch.pipeline.WriteContext;
import io.cdpbatch.records.GuestMigration;

/**
 * Migrations: the orders of the {@code migrateFrom} guest move to the {@code migrateTo} guest, and so
 * do the consumer rows that name it; then the source guest is deleted (with its identifiers,
 * subscriptions and extensions); no attribute of the target changes. The pipeline applies migrations
 * alone, so each record is resolved ({@link Removals#migration}) and applied on its own, in file order.
 * Applied migrations are journaled (see {@link EffectJournal}).
 */
@ApplicationScoped
public class MigrationWriter implements RecordWriter<GuestMigration> {

    @Override
    public Class<GuestMigration> type() {
        return GuestMigration.class;
    }

    @Override
    public List<Failure> apply(Connection connection, WriteContext context, List<RecordLine<GuestMigration>> run)
            throws SQLException {
        List<Failure> failures = new ArrayList<>();
        Set<Long> journaled = EffectJournal.applied(connection, context.batchId(), run);
        List<Long> applied = new ArrayList<>();
        for (RecordLine<GuestMigration> line : run) {
            GuestMigration migration = line.record();
            IdentityIndex identities = Identities.load(connection, context.clientId(), List.of(
                    new IdentityIndex.Wanted(migration.from(), null), new IdentityIndex.Wanted(migration.to(), null)));
            Removals.Decision decision = Removals.migration(line, identities, journaled.contains(line.line()));
            switch (decision.kind()) {
                case APPLY -> {
                    migrate(connection, context, decision.first(), decision.second());
                    applied.add(line.line());
                }
                case REFUSED -> failures.add(decision.failure());
                case APPLIED_BEFORE -> {
                    // nothing left to do
                }
            }
        }
        EffectJournal.record(connection, context.batchId(), applied);
        return failures;
    }

    private static void migrate(Connection connection, WriteContext context, long from, long to) throws SQLException {
        // the target must outlive this transaction (its new orders refer to it); the source row goes first
        Dependents.lockGuest(connection, context.clientId(), to);
        List<Long> deleted = Dependents.deleteGuestRows(connection, context.clientId(), List.of(from));
        // the tenant as client_id + 0, the orders found by their guest (see Dependents.DELETE_GUESTS)
        try (PreparedStatement statement = connection
                .prepareStatement("UPDATE orders SET guest_id = ?, modified_at = ? WHERE client_id + 0 = ? AND guest_id = ?")) {
            statement.setLong(1, to);
            statement.setObject(2, GuestTables.timestamp(context.now()));
            statement.setLong(3, context.clientId());
            statement.setLong(4, from);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection
                .prepareStatement("UPDATE order_consumer SET guest_id = ? WHERE guest_id = ?")) {
            statement.setLong(1, to);
            statement.setLong(2, from);
            statement.executeUpdate();
        }
        Dependents.detachFromGuests(connection, deleted);
    }
}
