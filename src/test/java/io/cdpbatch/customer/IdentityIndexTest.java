package io.cdpbatch.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdpbatch.records.Identifier;

/** Guest identity in memory: identifiers first, e-mail only without identifiers, conflicts, file order. */
class IdentityIndexTest {

    static final Identifier A = new Identifier("crm", "A", null);
    static final Identifier B = new Identifier("crm", "B", null);
    static final Identifier NEW = new Identifier("crm", "NEW", null);

    /** Guest 10 holds crm/A and ann@example.com; guest 20 holds crm/B and bob@example.com. */
    static IdentityIndex stored() {
        return new IdentityIndex(Map.of(IdentityIndex.pair(A), 10L, IdentityIndex.pair(B), 20L),
                Map.of("ann@example.com", 10L, "bob@example.com", 20L));
    }

    @Test
    void identifiersFindTheGuestThatHoldsThem() {
        IdentityIndex index = stored();

        assertThat(index.resolve(List.of(A), null)).isEqualTo(new IdentityIndex.Resolution(10, false, 1));
        assertThat(index.resolve(List.of(NEW, B), null)).isEqualTo(new IdentityIndex.Resolution(20, false, 1));
    }

    @Test
    void theEmailCountsOnlyWithoutIdentifiers() {
        IdentityIndex index = stored();

        // identifiers given: the e-mail of another guest does not matter, and an unknown identifier finds nobody
        assertThat(index.resolve(List.of(A), "bob@example.com").guestId()).isEqualTo(10);
        assertThat(index.resolve(List.of(NEW), "bob@example.com").found()).isFalse();
        assertThat(index.resolve(List.of(), "bob@example.com")).isEqualTo(new IdentityIndex.Resolution(20, false, 1));
        assertThat(index.resolve(List.of(), "nobody@example.com").found()).isFalse();
        assertThat(index.resolve(List.of(), null).found()).isFalse();
    }

    @Test
    void identifiersOfTwoGuestsAreAConflictAndCreateNothing() {
        IdentityIndex index = stored();

        IdentityIndex.Resolution resolution = index.resolveOrCreate(List.of(A, NEW, B), null);

        assertThat(resolution.conflict()).isTrue();
        assertThat(resolution.guests()).isEqualTo(2);
        assertThat(index.newGuests()).isZero();
        assertThat(index.resolve(List.of(NEW), null).found()).isFalse();
    }

    @Test
    void aGuestCreatedByOneRecordIsFoundByTheNext() {
        IdentityIndex index = stored();

        IdentityIndex.Resolution first = index.resolveOrCreate(List.of(NEW), null);
        IdentityIndex.Resolution second = index.resolveOrCreate(List.of(NEW), null);
        IdentityIndex.Resolution byEmail = index.resolveOrCreate(List.of(), "new@example.com");
        IdentityIndex.Resolution byEmailAgain = index.resolveOrCreate(List.of(), "new@example.com");

        assertThat(first).isEqualTo(new IdentityIndex.Resolution(-1, true, 1));
        assertThat(second).isEqualTo(new IdentityIndex.Resolution(-1, false, 1));
        assertThat(byEmail).isEqualTo(new IdentityIndex.Resolution(-2, true, 1));
        assertThat(byEmailAgain).isEqualTo(new IdentityIndex.Resolution(-2, false, 1));
        assertThat(index.newGuests()).isEqualTo(2);
    }

    @Test
    void newIdentifiersOfAFoundGuestBecomeItsOwn() {
        IdentityIndex index = stored();

        assertThat(index.resolveOrCreate(List.of(A, NEW), null).guestId()).isEqualTo(10);

        assertThat(index.resolve(List.of(NEW), null).guestId()).isEqualTo(10);
        assertThat(index.newGuests()).isZero();
    }

    @Test
    void aRememberedEmailFindsTheGuestLater() {
        IdentityIndex index = stored();
        long guest = index.resolveOrCreate(List.of(NEW), "cat@example.com").guestId();
        assertThat(index.resolve(List.of(), "cat@example.com").found()).as("identifiers given: e-mail not learnt")
                .isFalse();

        index.rememberEmail("cat@example.com", guest);

        assertThat(index.resolve(List.of(), "cat@example.com").guestId()).isEqualTo(guest);
        // a stored e-mail keeps its guest
        index.rememberEmail("ann@example.com", guest);
        assertThat(index.resolve(List.of(), "ann@example.com").guestId()).isEqualTo(10);
    }

    @Test
    void aForgottenGuestIsNotFoundAnyMore() {
        IdentityIndex index = stored();

        index.forget(10);

        assertThat(index.resolve(List.of(A), null).found()).isFalse();
        assertThat(index.resolve(List.of(), "ann@example.com").found()).isFalse();
        assertThat(index.resolve(List.of(B), null).guestId()).isEqualTo(20);
    }

    @Test
    void aRollbackForgetsWhatARefusedRecordLearnt() {
        IdentityIndex index = stored();
        index.resolveOrCreate(List.of(NEW), null);
        IdentityIndex.Mark mark = index.mark();

        long created = index.resolveOrCreate(List.of(new Identifier("crm", "OTHER", null), A), null).guestId();
        index.resolveOrCreate(List.of(), "cat@example.com");
        index.rememberEmail("dog@example.com", 10);
        index.newGuest();
        index.rollback(mark);

        assertThat(created).isEqualTo(10);
        assertThat(index.resolve(List.of(new Identifier("crm", "OTHER", null)), null).found()).isFalse();
        assertThat(index.resolve(List.of(), "cat@example.com").found()).isFalse();
        assertThat(index.resolve(List.of(), "dog@example.com").found()).isFalse();
        assertThat(index.resolve(List.of(NEW), null).guestId()).isEqualTo(-1);
        assertThat(index.newGuests()).isEqualTo(1);
        assertThat(index.newGuest()).isEqualTo(-2);
    }

    @Test
    void newGuestsGetTheirRealIdsInPlaceholderOrder() {
        IdentityIndex index = stored();
        index.resolveOrCreate(List.of(NEW), null);
        index.resolveOrCreate(List.of(), "new@example.com");

        index.assignIds(List.of(501L, 502L));

        assertThat(index.realId(-1)).isEqualTo(501);
        assertThat(index.realId(-2)).isEqualTo(502);
        assertThat(index.realId(10)).isEqualTo(10);
        assertThatThrownBy(() -> index.assignIds(List.of(1L))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheIdentifiersNoGuestHadAreNewAndARefusedRecordTakesItsOwnBack() {
        IdentityIndex index = stored();
        index.resolveOrCreate(List.of(A, NEW), null);

        // A belonged to a stored guest: upserted; NEW is added by this run: inserted
        assertThat(index.isNew(A)).isFalse();
        assertThat(index.isNew(NEW)).isTrue();
        Identifier other = new Identifier("crm", "OTHER", null);
        IdentityIndex.Mark mark = index.mark();
        index.resolveOrCreate(List.of(other), null);
        assertThat(index.isNew(other)).isTrue();
        index.rollback(mark);
        assertThat(index.isNew(other)).isFalse();
        assertThat(index.isNew(NEW)).isTrue();
    }
}
