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
import io.cdpbatch.records.GuestDelete;
import io.cdpbatch.records.Rejection;
import io.cdpbatch.records.ValidRecord;

/**
 * Guest {@code delete} and {@code gdpr_delete}, set-based: the guests of a run are resolved by guest
 * identity (identifiers, else e-mail) in file order, then deleted with one statement.
 * {@code delete} keeps the guest's orders, detached ({@code orders.guest_id} is set to null by the
 * foreign key); {@code gdpr_delete} deletes them first, their items with them. Applied deletes are
 * journaled (see {@link EffectJournal}).
 */
@ApplicationScoped
public class GuestDeleteWriter implements RecordWriter {

    @Override
    public boolean accepts(ValidRecord record) {
        return record instanceof GuestDelete;
    }

    @Override
    public List<Failure> write(Connection connection, WriteContext context, List<Work> run) throws SQLException {
        List<Failure> failures = new ArrayList<>();
        Identities identities = Identities.load(connection, context.clientId(), run.stream()
                .map(w -> (GuestDelete) w.record()).map(d -> new Identities.Wanted(d.identifiers(), d.email())).toList());
        Set<Long> journaled = EffectJournal.applied(connection, context.batchId(), run);
        List<Long> deleted = new ArrayList<>();
        List<Long> withOrders = new ArrayList<>();
        List<Long> applied = new ArrayList<>();
        for (Work work : run) {
            GuestDelete delete = (GuestDelete) work.record();
            Identities.Resolution resolution = identities.resolve(delete.identifiers(), delete.email());
            if (resolution.conflict()) {
                failures.add(new Failure(work.line(), work.ref(), 409, Rejection.IDENTITY_CONFLICT,
                        "value.identifiers: the identifiers belong to " + resolution.guests() + " different guests"));
            } else if (!resolution.found()) {
                if (!journaled.contains(work.line())) {
                    failures.add(new Failure(work.line(), work.ref(), 404, Rejection.GUEST_NOT_FOUND,
                            delete.identifiers().isEmpty() ? "value.email: no guest has this email"
                                    : "value.identifiers: no guest has any of these identifiers"));
                }
            } else {
                long guestId = resolution.guestId();
                identities.forget(guestId);
                deleted.add(guestId);
                if (delete.gdpr()) {
                    withOrders.add(guestId);
                }
                applied.add(work.line());
            }
        }
        if (!withOrders.isEmpty()) {
            try (PreparedStatement statement = connection
                    .prepareStatement("DELETE FROM orders WHERE client_id = ? AND guest_id = ANY (?)")) {
                statement.setLong(1, context.clientId());
                statement.setArray(2, connection.createArrayOf("bigint", withOrders.toArray()));
                statement.executeUpdate();
            }
        }
        if (!deleted.isEmpty()) {
            try (PreparedStatement statement = connection
                    .prepareStatement("DELETE FROM guest WHERE client_id = ? AND id = ANY (?)")) {
                statement.setLong(1, context.clientId());
                statement.setArray(2, connection.createArrayOf("bigint", deleted.toArray()));
                statement.executeUpdate();
            }
        }
        EffectJournal.record(connection, context.batchId(), applied);
        return failures;
    }
}
