package io.cdpbatch.customer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.RecordLine;
import io.cdpbatch.records.GuestField;
import io.cdpbatch.records.GuestUpsert;
import io.cdpbatch.records.Order;
import io.cdpbatch.records.OrderWrite;
import io.cdpbatch.records.Rejection;

/**
 * What a run of order inserts and upserts does, decided in memory in file order from the stored
 * orders of its referenceIds and the identities it mentions (pure: no database).
 * <ul>
 * <li>Same order: equal referenceId and orderedAt within 24 hours, the closest one; without orderedAt
 * the only order of the referenceId (several: 400 naming orderedAt).</li>
 * <li>An insert creates the order or replaces it whole; an upsert changes the fields it gives, or creates
 * the order when it has every required field (else 404 naming what is missing).</li>
 * <li>The contact finds or creates its guest by the identity rules (identifiers pointing to two guests:
 * 409, and the record changes nothing).</li>
 * </ul>
 */
final class OrderPlan {

    static final Duration SAME_ORDER_WINDOW = Duration.ofHours(24);

    /** A stored order, or (negative id) one this run creates; what later records of the run see of it. */
    static final class KnownOrder {
        final long id;
        Instant orderedAt;

        KnownOrder(long id, Instant orderedAt) {
            this.id = id;
            this.orderedAt = orderedAt;
        }
    }

    private final List<Failure> failures = new ArrayList<>();
    private final Map<Long, OrderPatch> patches = new LinkedHashMap<>();
    private final GuestChanges guests = new GuestChanges();
    private long nextPlaceholder = -1;

    private OrderPlan() {
    }

    /** The refused records, in line order. */
    List<Failure> failures() {
        return failures;
    }

    /** The final state of each order the run changes, by id (negative for the orders it creates). */
    Map<Long, OrderPatch> patches() {
        return patches;
    }

    /** The changes to the contacts' guests. */
    GuestChanges guests() {
        return guests;
    }

    /** How many orders the run creates (placeholders -1 .. -n). */
    int newOrders() {
        return (int) (-nextPlaceholder - 1);
    }

    /**
     * @param known the stored orders of the run's referenceIds, oldest orderedAt first; the plan adds the
     *        orders it creates and moves orderedAt as records change it
     * @param identities the identities of the contacts of the run
     */
    static OrderPlan of(List<RecordLine<OrderWrite>> run, Map<String, List<KnownOrder>> known, IdentityIndex identities) {
        OrderPlan plan = new OrderPlan();
        for (RecordLine<OrderWrite> line : run) {
            plan.add(line, known, identities);
        }
        return plan;
    }

    private void add(RecordLine<OrderWrite> line, Map<String, List<KnownOrder>> known, IdentityIndex identities) {
        OrderWrite write = line.record();
        Order order = write.order();
        List<KnownOrder> candidates = known.computeIfAbsent(order.referenceId(), r -> new ArrayList<>());
        KnownOrder match;
        if (order.orderedAt() != null) {
            match = closest(candidates, order.orderedAt());
        } else if (candidates.size() > 1) {
            failures.add(line.failure(400, Rejection.VALIDATION_ERROR, "value.orderedAt: required to tell apart the "
                    + candidates.size() + " orders with referenceId " + quote(order.referenceId())));
            return;
        } else {
            match = candidates.isEmpty() ? null : candidates.get(0);
        }
        if (match == null && !write.complete()) {
            failures.add(line.failure(404, Rejection.ORDER_NOT_FOUND, "value: no order with referenceId "
                    + quote(order.referenceId())
                    + (order.orderedAt() == null ? "" : " and orderedAt within 24 hours of " + order.orderedAt())
                    + " exists, and the upsert cannot create one without " + missing(order)));
            return;
        }
        boolean replaces = write.insert() || match == null;

        Long contactGuest = null;
        GuestUpsert contact = order.contact();
        if (contact != null) {
            IdentityIndex.Resolution resolution = identities.resolveOrCreate(contact.identifiers(), contact.email());
            if (resolution.conflict()) {
                failures.add(line.failure(409, Rejection.IDENTITY_CONFLICT, "value.contact.identifiers: the identifiers"
                        + " belong to " + resolution.guests() + " different guests"));
                return;
            }
            if (contact.has(GuestField.EMAIL) && contact.email() != null) {
                identities.rememberEmail(contact.email(), resolution.guestId());
            }
            contactGuest = resolution.guestId();
            guests.upsert(contactGuest, resolution.created(), contact);
        }

        if (match == null) {
            match = new KnownOrder(nextPlaceholder--, order.orderedAt());
            candidates.add(match);
        } else if (order.orderedAt() != null) {
            match.orderedAt = order.orderedAt();
        }
        boolean created = match.id < 0;
        OrderPatch patch = patches.computeIfAbsent(match.id, id -> new OrderPatch(created));
        if (replaces) {
            patch.replace(order, contactGuest);
        } else {
            patch.merge(write, contactGuest);
        }
    }

    static KnownOrder closest(List<KnownOrder> candidates, Instant orderedAt) {
        KnownOrder best = null;
        Duration bestDistance = null;
        for (KnownOrder candidate : candidates) {
            Duration distance = Duration.between(candidate.orderedAt, orderedAt).abs();
            if (distance.compareTo(SAME_ORDER_WINDOW) <= 0 && (bestDistance == null || distance.compareTo(bestDistance) < 0)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static String missing(Order o) {
        List<String> names = new ArrayList<>();
        if (o.channel() == null) {
            names.add("channel");
        }
        if (o.pointOfSale() == null) {
            names.add("pointOfSale");
        }
        if (o.status() == null) {
            names.add("status");
        }
        if (o.orderedAt() == null) {
            names.add("orderedAt");
        }
        if (o.currencyCode() == null) {
            names.add("currencyCode");
        }
        if (o.price() == null) {
            names.add("price");
        }
        if (o.paymentType() == null) {
            names.add("paymentType");
        }
        if (o.cardType() == null && Order.CARD.equals(o.paymentType())) {
            names.add("cardType");
        }
        if (o.contact() == null) {
            names.add("contact");
        }
        if (o.items().isEmpty()) {
            names.add("orderItems");
        }
        return String.join(", ", names);
    }

    static String quote(String text) {
        return '"' + text + '"';
    }
}
