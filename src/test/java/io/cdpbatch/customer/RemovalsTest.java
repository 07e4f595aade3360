package io.cdpbatch.customer;

import static io.cdpbatch.customer.PlanLines.run;
import static io.cdpbatch.customer.PlanLines.text;
import static io.cdpbatch.customer.PlanLines.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.cdpbatch.records.GuestDelete;
import io.cdpbatch.records.GuestMigration;
import io.cdpbatch.records.OrderDelete;
import io.cdpbatch.support.Lines;

/** Guest deletes, migrations and order deletes, decided without a database. */
class RemovalsTest {

    /** Guest 10 holds crm/A and ann@example.com, guest 20 crm/B. */
    static IdentityIndex identities() {
        return new IdentityIndex(Map.of("crm\u0000A", 10L, "crm\u0000B", 20L), Map.of("ann@example.com", 10L));
    }

    @Test
    void guestDeletesInFileOrder() {
        Removals.GuestDeletes plan = Removals.guestDeletes(run(GuestDelete.class,
                Lines.guest(null).email("Ann@Example.com").gdprDelete(),
                Lines.guest(null).identifier("crm", "A").delete(),
                Lines.guest(null).identifier("crm", "A").identifier("crm", "B").delete(),
                Lines.guest(null).email("nobody@example.com").delete(),
                Lines.guest(null).identifier("crm", "B").delete()), identities(), Set.of());

        // line 1 deletes guest 10: line 2 finds nobody, and line 3 only guest 20 (no conflict any more)
        assertThat(texts(plan.failures())).containsExactly(
                "2|404|Guest not found|value.identifiers: no guest has any of these identifiers",
                "4|404|Guest not found|value.email: no guest has this email",
                "5|404|Guest not found|value.identifiers: no guest has any of these identifiers");
        assertThat(plan.deleted()).containsExactly(10L, 20L);
        assertThat(plan.gdpr()).containsExactly(10L);
        assertThat(plan.applied()).containsExactly(1L, 3L);
    }

    @Test
    void aGuestDeleteInConflictIsRefusedAndAJournaledOneThatFindsNothingWasApplied() {
        Removals.GuestDeletes plan = Removals.guestDeletes(run(GuestDelete.class,
                Lines.guest(null).identifier("crm", "A").identifier("crm", "B").delete(),
                Lines.guest(null).identifier("crm", "GONE").delete()), identities(), Set.of(2L));

        assertThat(texts(plan.failures())).containsExactly(
                "1|409|Identity conflict|value.identifiers: the identifiers belong to 2 different guests");
        assertThat(plan.deleted()).isEmpty();
        assertThat(plan.applied()).isEmpty();
    }

    @Test
    void migrationOutcomes() {
        List<io.cdpbatch.pipeline.RecordLine<GuestMigration>> run = run(GuestMigration.class,
                Lines.migration(null).from("crm", "A").to("crm", "B").line(),
                Lines.migration(null).from("crm", "GONE").to("crm", "B").line(),
                Lines.migration(null).from("crm", "A").to("crm", "GONE").line(),
                Lines.migration(null).from("crm", "A").to("crm", "X").line(),
                Lines.migration(null).from("crm", "A").to("crm", "X").to("crm", "B").line());
        IdentityIndex identities = new IdentityIndex(Map.of("crm\u0000A", 10L, "crm\u0000B", 20L, "crm\u0000X", 10L),
                Map.of());

        assertThat(Removals.migration(run.get(0), identities, false)).isEqualTo(Removals.Decision.apply(10, 20));
        assertThat(text(Removals.migration(run.get(1), identities, false).failure()))
                .isEqualTo("2|404|Guest not found|value.migrateFrom.identifiers: no guest has any of these identifiers");
        assertThat(text(Removals.migration(run.get(2), identities, false).failure()))
                .isEqualTo("3|404|Guest not found|value.migrateTo.identifiers: no guest has any of these identifiers");
        assertThat(Removals.migration(run.get(2), identities, true)).isEqualTo(Removals.Decision.APPLIED_BEFORE);
        assertThat(text(Removals.migration(run.get(3), identities, false).failure())).isEqualTo("4|400|Validation error|"
                + "value.migrateTo.identifiers: belong to the same guest as migrateFrom, a guest cannot be migrated into itself");
        IdentityIndex split = new IdentityIndex(Map.of("crm\u0000A", 10L, "crm\u0000B", 20L, "crm\u0000X", 30L), Map.of());
        assertThat(text(Removals.migration(run.get(4), split, false).failure()))
                .isEqualTo("5|409|Identity conflict|value.migrateTo.identifiers: the identifiers belong to 2 different guests");
    }

    @Test
    void orderDeleteOutcomes() {
        var run = run(OrderDelete.class, Lines.order(null).referenceId("ORD-1").delete(),
                Lines.order(null).referenceId("ORD-2").orderedAt("2026-11-01T10:00:00Z").delete());

        assertThat(Removals.orderDelete(run.get(0), List.of(7L), false)).isEqualTo(Removals.Decision.apply(7, 0));
        assertThat(text(Removals.orderDelete(run.get(0), List.of(7L, 8L), false).failure())).isEqualTo("1|400|More than one"
                + " order exists with that referenceId, please supply the orderedAt date for the order you wish to delete."
                + "|value: 2 orders with referenceId \"ORD-1\"");
        assertThat(text(Removals.orderDelete(run.get(1), List.of(), false).failure())).isEqualTo("2|404|No order found for"
                + " the provided referenceId and orderedAt attributes.|value: no order with referenceId \"ORD-2\" and"
                + " orderedAt within 24 hours of 2026-11-01T10:00:00Z");
        assertThat(Removals.orderDelete(run.get(1), List.of(), true)).isEqualTo(Removals.Decision.APPLIED_BEFORE);
    }
}
