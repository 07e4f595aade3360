package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.RecordLine;
import io.cdpbatch.pipeline.RecordWriter;
import io.cdpbatch.pipeline.WriteContext;
import io.cdpbatch.records.GuestDelete;

/**
 * Guest {@code delete} and {@code gdpr_delete}, set-based: the guests of a run are resolved by the
 * identity rules in file order ({@link Removals#guestDeletes}), then deleted with one statement.
 * {@code delete} keeps the guest's orders, detached ({@code orders.guest_id} is set to null by the
 * foreign key); {@code gdpr_delete} deletes them first, their items with them. Applied deletes are
 * journaled (see {@link EffectJournal}).
 */
@ApplicationScoped
public class GuestDeleteWriter implements RecordWriter<GuestDelete> {

    @Override
    public Class<GuestDelete> type() {
        return GuestDelete.class;
    }

    @Override
    public List<Failure> apply(Connection connection, WriteContext context, List<RecordLine<GuestDelete>> run)
            throws SQLException {
        IdentityIndex identities = Identities.load(connection, context.clientId(), run.stream()
                .map(line -> new IdentityIndex.Wanted(line.record().identifiers(), line.record().email())).toList());
        Removals.GuestDeletes plan = Removals.guestDeletes(run, identities, EffectJournal.applied(connection,
                context.batchId(), run));
        if (!plan.gdpr().isEmpty()) {
            execute(connection, "DELETE FROM orders WHERE client_id = ? AND guest_id = ANY (?)", context.clientId(),
                    plan.gdpr());
        }
        if (!plan.deleted().isEmpty()) {
            execute(connection, "DELETE FROM guest WHERE client_id = ? AND id = ANY (?)", context.clientId(),
                    plan.deleted());
        }
        EffectJournal.record(connection, context.batchId(), plan.applied());
        return plan.failures();
    }

    /** A statement on a list of ids of the tenant. */
    private static void execute(Connection connection, String sql, long clientId, List<Long> ids) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, clientId);
            statement.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
            statement.executeUpdate();
        }
    }
}
