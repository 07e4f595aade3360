package io.cdpbatch.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.RecordLine;
import io.cdpbatch.records.GuestDelete;
import io.cdpbatch.records.GuestMigration;
import io.cdpbatch.records.OrderDelete;
import io.cdpbatch.records.Rejection;

/**
 * What guest deletes, migrations and order deletes do, decided in memory (pure). A target that is gone
 * when the line was journaled as applied by an earlier attempt at the batch (see {@link EffectJournal})
 * counts as applied instead of not found.
 */
final class Removals {

    private Removals() {
    }

    enum Kind {
        /** apply it */
        APPLY,
        /** an earlier attempt at the batch applied it: nothing to do, not a failure */
        APPLIED_BEFORE,
        /** refused, with a failure */
        REFUSED
    }

    /** The outcome of one record: for a migration {@code first} is the source guest and {@code second} the target. */
    record Decision(Kind kind, Failure failure, long first, long second) {
        static Decision apply(long first, long second) {
            return new Decision(Kind.APPLY, null, first, second);
        }

        static Decision refuse(Failure failure) {
            return new Decision(Kind.REFUSED, failure, 0, 0);
        }

        static final Decision APPLIED_BEFORE = new Decision(Kind.APPLIED_BEFORE, null, 0, 0);
    }

    /**
     * Guest deletes of a run, in file order: a deleted guest is forgotten, so a later delete of it in the run
     * is not found.
     *
     * @param deleted the guests to delete
     * @param gdpr those of them deleted with everything that belongs to them
     * @param applied the lines that deleted a guest (for the journal)
     */
    record GuestDeletes(List<Failure> failures, List<Long> deleted, List<Long> gdpr, List<Long> applied) {
    }

    static GuestDeletes guestDeletes(List<RecordLine<GuestDelete>> run, IdentityIndex identities, Set<Long> journaled) {
        GuestDeletes plan = new GuestDeletes(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (RecordLine<GuestDelete> line : run) {
            GuestDelete delete = line.record();
            IdentityIndex.Resolution resolution = identities.resolve(delete.identifiers(), delete.email());
            if (resolution.conflict()) {
                plan.failures().add(line.failure(409, Rejection.IDENTITY_CONFLICT,
                        "value.identifiers: the identifiers belong to " + resolution.guests() + " different guests"));
            } else if (!resolution.found()) {
                if (!journaled.contains(line.line())) {
                    plan.failures().add(line.failure(404, Rejection.GUEST_NOT_FOUND,
                            delete.identifiers().isEmpty() ? "value.email: no guest has this email"
                                    : "value.identifiers: no guest has any of these identifiers"));
                }
            } else {
                long guestId = resolution.guestId();
                identities.forget(guestId);
                plan.deleted().add(guestId);
                if (delete.gdpr()) {
                    plan.gdpr().add(guestId);
                }
                plan.applied().add(line.line());
            }
        }
        return plan;
    }

    /** A migration, from the identities of its two sides. */
    static Decision migration(RecordLine<GuestMigration> line, IdentityIndex identities, boolean journaled) {
        GuestMigration migration = line.record();
        IdentityIndex.Resolution from = identities.resolve(migration.from(), null);
        IdentityIndex.Resolution to = identities.resolve(migration.to(), null);
        if (from.conflict()) {
            return Decision.refuse(conflict(line, "migrateFrom", from));
        }
        if (to.conflict()) {
            return Decision.refuse(conflict(line, "migrateTo", to));
        }
        if (!from.found() || !to.found()) {
            return journaled ? Decision.APPLIED_BEFORE
                    : Decision.refuse(line.failure(404, Rejection.GUEST_NOT_FOUND, "value."
                            + (!from.found() ? "migrateFrom" : "migrateTo")
                            + ".identifiers: no guest has any of these identifiers"));
        }
        if (from.guestId() == to.guestId()) {
            return Decision.refuse(line.failure(400, Rejection.VALIDATION_ERROR,
                    "value.migrateTo.identifiers: belong to the same guest as migrateFrom, a guest cannot be migrated"
                            + " into itself"));
        }
        return Decision.apply(from.guestId(), to.guestId());
    }

    private static Failure conflict(RecordLine<GuestMigration> line, String side, IdentityIndex.Resolution resolution) {
        return line.failure(409, Rejection.IDENTITY_CONFLICT,
                "value." + side + ".identifiers: the identifiers belong to " + resolution.guests() + " different guests");
    }

    /**
     * An order delete, from the orders with its referenceId (and orderedAt within 24 hours, when given):
     * exactly one is deleted; none is 404, several 400.
     */
    static Decision orderDelete(RecordLine<OrderDelete> line, List<Long> found, boolean journaled) {
        OrderDelete delete = line.record();
        if (found.size() == 1) {
            return Decision.apply(found.get(0), 0);
        }
        if (journaled) {
            // an earlier attempt at this batch deleted it
            return Decision.APPLIED_BEFORE;
        }
        String which = "referenceId " + OrderPlan.quote(delete.referenceId())
                + (delete.orderedAt() == null ? "" : " and orderedAt within 24 hours of " + delete.orderedAt());
        if (found.isEmpty()) {
            return Decision.refuse(line.failure(404, Rejection.ORDER_NOT_FOUND, "value: no order with " + which));
        }
        return Decision
                .refuse(line.failure(400, Rejection.ORDER_AMBIGUOUS, "value: " + found.size() + " orders with " + which));
    }
}
