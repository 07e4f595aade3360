package io.cdpbatch.customer;

import static io.cdpbatch.customer.PlanLines.ids;
import static io.cdpbatch.customer.PlanLines.run;
import static io.cdpbatch.customer.PlanLines.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdpbatch.records.GuestField;
import io.cdpbatch.records.GuestUpsert;
import io.cdpbatch.support.Lines;

/** Guest upserts of one chunk, decided in file order. */
class GuestUpsertPlanTest {

    /** Guest 10 holds crm/A, guest 20 holds crm/B and bob@example.com. */
    static IdentityIndex stored() {
        return new IdentityIndex(Map.of("crm\u0000A", 10L, "crm\u0000B", 20L), Map.of("bob@example.com", 20L));
    }

    @Test
    void recordsAboutOneGuestFoldInFileOrderTheLastValueWins() {
        GuestUpsertPlan plan = GuestUpsertPlan.of(run(GuestUpsert.class,
                Lines.guest(null).identifier("crm", "A").firstName("Ann").set("city", "Cork").upsert(),
                Lines.line(null, "guest", "upsert", "{" + ids("crm/A") + ",'firstName':'Anne','lastName':null}"),
                Lines.guest(null).email("bob@example.com").set("city", "Galway").upsert()), stored());

        assertThat(plan.failures()).isEmpty();
        GuestPatch ann = plan.changes().patches().get(10L);
        assertThat(ann.created).isFalse();
        assertThat(ann.values).containsEntry(GuestField.FIRST_NAME, "Anne").containsEntry(GuestField.CITY, "Cork")
                .containsEntry(GuestField.LAST_NAME, null).doesNotContainKey(GuestField.EMAIL);
        assertThat(plan.changes().patches().get(20L).values).containsOnly(Map.entry(GuestField.EMAIL, "bob@example.com"),
                Map.entry(GuestField.CITY, "Galway"));
        assertThat(plan.changes().patches()).containsOnlyKeys(10L, 20L);
    }

    @Test
    void aGuestCreatedInTheChunkIsFoundByLaterRecordsByIdentifierOrByItsEmail() {
        IdentityIndex identities = stored();
        GuestUpsertPlan plan = GuestUpsertPlan.of(run(GuestUpsert.class,
                Lines.guest(null).identifier("crm", "NEW").email("New@Example.com").firstName("Nia").upsert(),
                Lines.guest(null).identifier("crm", "NEW").identifier("loyalty", "7").lastName("Byrne").upsert(),
                Lines.guest(null).email("new@example.com").set("city", "Sligo").upsert()), identities);

        assertThat(plan.failures()).isEmpty();
        assertThat(plan.changes().patches()).containsOnlyKeys(-1L);
        GuestPatch created = plan.changes().patches().get(-1L);
        assertThat(created.created).isTrue();
        assertThat(created.values).containsEntry(GuestField.FIRST_NAME, "Nia").containsEntry(GuestField.LAST_NAME, "Byrne")
                .containsEntry(GuestField.CITY, "Sligo").containsEntry(GuestField.EMAIL, "new@example.com");
        assertThat(created.identifiers).containsOnlyKeys("crm\u0000NEW", "loyalty\u00007");
        assertThat(identities.newGuests()).isEqualTo(1);
    }

    @Test
    void identifiersOfTwoGuestsRefuseTheRecordAndChangeNothing() {
        GuestUpsertPlan plan = GuestUpsertPlan.of(run(GuestUpsert.class,
                Lines.guest(null).identifier("crm", "A").identifier("crm", "B").firstName("Merged").upsert(),
                Lines.guest(null).identifier("crm", "A").set("city", "Cork").upsert()), stored());

        assertThat(texts(plan.failures()))
                .containsExactly("1|409|Identity conflict|value.identifiers: the identifiers belong to 2 different guests");
        assertThat(plan.changes().patches()).containsOnlyKeys(10L);
        assertThat(plan.changes().patches().get(10L).values).containsExactlyEntriesOf(Map.of(GuestField.CITY, "Cork"));
    }
}
