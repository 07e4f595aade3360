package io.cdpbatch.customer;

import java.util.Map;
import java.util.TreeMap;

import io.cdpbatch.records.GuestUpsert;

/**
 * The guest changes of a run, one {@link GuestPatch} per guest (placeholder ids for new guests), folded
 * in file order: writing the final state of each guest once gives the same result as applying the
 * records one by one.
 */
final class GuestChanges {

    private final Map<Long, GuestPatch> patches = new TreeMap<>();

    /** A guest upsert (a guest record, an order's contact, an identified consumer) applied to this guest. */
    GuestPatch upsert(long guestId, boolean created, GuestUpsert guest) {
        GuestPatch patch = patch(guestId, created);
        patch.add(guest);
        return patch;
    }

    /** A traveller guest holding a consumer's fields. */
    void traveller(long guestId, boolean created, GuestUpsert consumer) {
        patch(guestId, created).traveller(consumer);
    }

    private GuestPatch patch(long guestId, boolean created) {
        return patches.computeIfAbsent(guestId, id -> new GuestPatch(created));
    }

    boolean isEmpty() {
        return patches.isEmpty();
    }

    /** The patches by guest id: placeholder (negative) ids for the guests the run creates. */
    Map<Long, GuestPatch> patches() {
        return patches;
    }
}
