package io.cdpbatch.customer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.RecordLine;
import io.cdpbatch.records.Consumer;
import io.cdpbatch.records.GuestField;
import io.cdpbatch.records.GuestUpsert;
import io.cdpbatch.records.Order;
import io.cdpbatch.records.OrderItem;
import io.cdpbatch.records.OrderWrite;
import io.cdpbatch.records.Rejection;

/**
 * What a run of order inserts and upserts does, decided in memory in file order from the stored
 * orders of its referenceIds and the identities it mentions (pure: no database).
 * <ul>
 * <li>Same order: equal referenceId and orderedAt within 24 hours, the closest one; without orderedAt
 * the only order of the referenceId (several: 400 naming orderedAt).</li>
 * <li>An insert creates the order or replaces it whole; an upsert changes the fields it gives, or creates
 * the order when it has every required field (else 404 naming what is missing). An upsert of an existing
 * order may not change its consumers or flight data (400).</li>
 * <li>The contact and the consumers with an identity find or create their guests by the identity rules
 * (identifiers pointing to two guests: 409, and the record changes nothing); a consumer known by name only
 * is the contact when both names equal the contact's, else a traveller guest: the one of the replaced order
 * with the same names when there is one, else a new one.</li>
 * </ul>
 */
final class OrderPlan {

    static final Duration SAME_ORDER_WINDOW = Duration.ofHours(24);

    /** A traveller guest that a consumer of a stored order links to, with the consumer's names. */
    record Traveller(long guestId, String firstName, String lastName) {
        boolean named(GuestUpsert person) {
            return sameName(firstName, person.firstName()) && sameName(lastName, person.lastName());
        }
    }

    /** A stored order, or (negative id) one this run creates; what later records of the run see of it. */
    static final class KnownOrder {
        final long id;
        Instant orderedAt;
        /** It has consumers, flight segments or passenger type codes. */
        boolean flight;
        /** The travellers its consumers link to, in consumer order. */
        List<Traveller> travellers;

        KnownOrder(long id, Instant orderedAt, boolean flight, List<Traveller> travellers) {
            this.id = id;
            this.orderedAt = orderedAt;
            this.flight = flight;
            this.travellers = travellers;
        }

        /** An order without flight data. */
        KnownOrder(long id, Instant orderedAt) {
            this(id, orderedAt, false, List.of());
        }
    }

    /** How a consumer's guest was found. */
    enum Link {
        /** by its identity (found or created) */
        IDENTITY,
        /** the order's contact, by name */
        CONTACT,
        /** a traveller guest */
        TRAVELLER
    }

    /**
     * A consumer to write, with its guest (a placeholder id for a guest this run creates).
     *
     * @param newGuest the record creates the guest (a new customer or traveller)
     */
    record PlannedConsumer(Consumer consumer, long guestId, Link link, boolean newGuest) {
    }

    private final List<Failure> failures = new ArrayList<>();
    private final Map<Long, OrderPatch> patches = new LinkedHashMap<>();
    private final GuestChanges guests = new GuestChanges();
    private final Set<Long> travellersToCheck = new LinkedHashSet<>();
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

    /** The changes to the contacts', consumers' and travellers' guests. */
    GuestChanges guests() {
        return guests;
    }

    /** Traveller guests that no consumer of their order refers to any more: removed unless something else does. */
    Set<Long> travellersToCheck() {
        return travellersToCheck;
    }

    /** How many orders the run creates (placeholders -1 .. -n). */
    int newOrders() {
        return (int) (-nextPlaceholder - 1);
    }

    /**
     * @param known the stored orders of the run's referenceIds, oldest orderedAt first; the plan adds the
     *        orders it creates and moves orderedAt as records change it
     * @param identities the identities of the contacts and consumers of the run
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
        if (!replaces) {
            String refused = flightChange(order, match);
            if (refused != null) {
                failures.add(line.failure(400, Rejection.VALIDATION_ERROR, refused));
                return;
            }
        }

        IdentityIndex.Mark mark = identities.mark();
        List<Traveller> reusable = replaces && match != null ? new ArrayList<>(match.travellers) : new ArrayList<>();
        Guests resolved = resolveGuests(order, identities, reusable);
        if (resolved.failure != null) {
            identities.rollback(mark);
            failures.add(line.failure(409, Rejection.IDENTITY_CONFLICT, resolved.failure));
            return;
        }
        resolved.record(guests);

        if (match == null) {
            match = new KnownOrder(nextPlaceholder--, order.orderedAt(), false, List.of());
            candidates.add(match);
        } else if (order.orderedAt() != null) {
            match.orderedAt = order.orderedAt();
        }
        boolean created = match.id < 0;
        OrderPatch patch = patches.computeIfAbsent(match.id, id -> new OrderPatch(created));
        if (replaces) {
            patch.replace(order, resolved.contact, resolved.consumers);
            match.flight = order.hasFlightData();
            for (Traveller left : reusable) {
                travellersToCheck.add(left.guestId());
            }
            match.travellers = resolved.travellers;
        } else {
            patch.merge(write, resolved.contact);
        }
    }

    /** Why an upsert of an existing order may not be applied: it would change the order's flight data. */
    private static String flightChange(Order order, KnownOrder match) {
        String insert = " (insert the order to replace it whole)";
        if (order.consumers() != null) {
            return "value.consumers: an upsert of an existing order cannot change its consumers" + insert;
        }
        for (int i = 0; i < order.items().size(); i++) {
            OrderItem item = order.items().get(i);
            if (!item.flightSegments().isEmpty()) {
                return "value.orderItems[" + i + "].flightSegments: an upsert of an existing order cannot change its"
                        + " flight segments" + insert;
            }
            if (item.consumerTypeCode() != null) {
                return "value.orderItems[" + i + "].consumerTypeCode: an upsert of an existing order cannot change its"
                        + " passenger type codes" + insert;
            }
        }
        if (!order.items().isEmpty() && match.flight) {
            return "value.orderItems: the order has consumers or flight segments linked to its items, an upsert cannot"
                    + " replace them" + insert;
        }
        return null;
    }

    /** The guests of one record: its contact's and its consumers', or why the record is refused. */
    private static final class Guests {
        String failure;
        Long contact;
        GuestUpsert contactFields;
        boolean contactCreated;
        final List<PlannedConsumer> consumers = new ArrayList<>();
        final List<Traveller> travellers = new ArrayList<>();

        /** Adds the record's guest changes: the contact, then the consumers in order. */
        void record(GuestChanges changes) {
            if (contact != null) {
                changes.upsert(contact, contactCreated, contactFields);
            }
            for (PlannedConsumer consumer : consumers) {
                switch (consumer.link()) {
                    case IDENTITY -> changes.upsert(consumer.guestId(), consumer.newGuest(), consumer.consumer().person())
                            .typeWhenCreated(GuestPatch.CUSTOMER);
                    case TRAVELLER -> changes.traveller(consumer.guestId(), consumer.newGuest(), consumer.consumer().person());
                    case CONTACT -> {
                        // the contact's own fields were applied above
                    }
                }
            }
        }
    }

    private static Guests resolveGuests(Order order, IdentityIndex identities, List<Traveller> reusable) {
        Guests guests = new Guests();
        GuestUpsert contact = order.contact();
        if (contact != null) {
            IdentityIndex.Resolution resolution = identities.resolveOrCreate(contact.identifiers(), contact.email());
            if (resolution.conflict()) {
                guests.failure = "value.contact.identifiers: the identifiers belong to " + resolution.guests()
                        + " different guests";
                return guests;
            }
            remember(identities, contact, resolution.guestId());
            guests.contact = resolution.guestId();
            guests.contactFields = contact;
            guests.contactCreated = resolution.created();
        }
        List<Consumer> consumers = order.consumers() == null ? List.of() : order.consumers();
        for (int i = 0; i < consumers.size(); i++) {
            Consumer consumer = consumers.get(i);
            GuestUpsert person = consumer.person();
            if (consumer.identified()) {
                IdentityIndex.Resolution resolution = identities.resolveOrCreate(person.identifiers(), person.email());
                if (resolution.conflict()) {
                    guests.failure = "value.consumers[" + i + "].identifiers: the identifiers belong to "
                            + resolution.guests() + " different guests";
                    return guests;
                }
                remember(identities, person, resolution.guestId());
                guests.consumers.add(new PlannedConsumer(consumer, resolution.guestId(), Link.IDENTITY, resolution.created()));
            } else if (contact != null && sameName(contact.firstName(), person.firstName())
                    && sameName(contact.lastName(), person.lastName())) {
                guests.consumers.add(new PlannedConsumer(consumer, guests.contact, Link.CONTACT, false));
            } else {
                Traveller traveller = take(reusable, person);
                boolean isNew = traveller == null;
                long guestId = isNew ? identities.newGuest() : traveller.guestId();
                guests.consumers.add(new PlannedConsumer(consumer, guestId, Link.TRAVELLER, isNew));
                guests.travellers.add(new Traveller(guestId, person.firstName(), person.lastName()));
            }
        }
        return guests;
    }

    private static void remember(IdentityIndex identities, GuestUpsert guest, long guestId) {
        if (guest.has(GuestField.EMAIL) && guest.email() != null) {
            identities.rememberEmail(guest.email(), guestId);
        }
    }

    /** The first reusable traveller with these names, taken out of the list; null when none. */
    private static Traveller take(List<Traveller> reusable, GuestUpsert person) {
        for (int i = 0; i < reusable.size(); i++) {
            if (reusable.get(i).named(person)) {
                return reusable.remove(i);
            }
        }
        return null;
    }

    static boolean sameName(String a, String b) {
        return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
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
