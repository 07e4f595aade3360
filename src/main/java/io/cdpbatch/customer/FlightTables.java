package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

import io.cdpbatch.pipeline.WriteContext;
import io.cdpbatch.records.Consumer;
import io.cdpbatch.records.FlightSegment;
import io.cdpbatch.records.GuestUpsert;
import io.cdpbatch.records.Identifier;
import io.cdpbatch.records.OrderItem;

/**
 * The flight tables of orders (segments, consumers, their links to items) and the traveller guests
 * of consumers: set-based writes, one statement per table for a whole run.
 */
final class FlightTables {

    private FlightTables() {
    }

    /** One consumer row of a stored order that links to a traveller guest. */
    private record TravellerRow(long orderId, long guestId, String firstName, String lastName) {
        static TravellerRow of(ResultSet rows) throws SQLException {
            return new TravellerRow(rows.getLong("order_id"), rows.getLong("guest_id"), rows.getString("first_name"),
                    rows.getString("last_name"));
        }
    }

    /** The travellers the consumers of these orders link to, by order, in consumer order. */
    static Map<Long, List<OrderPlan.Traveller>> travellers(Connection connection, Collection<Long> orderIds)
            throws SQLException {
        Map<Long, List<OrderPlan.Traveller>> travellers = new HashMap<>();
        if (orderIds.isEmpty()) {
            return travellers;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT c.order_id, c.guest_id, c.first_name, c.last_name FROM order_consumer c
                JOIN guest g ON g.id = c.guest_id AND g.guest_type = 'traveller'
                WHERE c.order_id = ANY (?) ORDER BY c.order_id, c.position""")) {
            statement.setArray(1, connection.createArrayOf("bigint", orderIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    TravellerRow row = TravellerRow.of(rows);
                    travellers.computeIfAbsent(row.orderId(), id -> new ArrayList<>())
                            .add(new OrderPlan.Traveller(row.guestId(), row.firstName(), row.lastName()));
                }
            }
        }
        return travellers;
    }

    /** The flight segments of the items just written, by order id. */
    static void insertSegments(Connection connection, WriteContext context, Map<Long, List<OrderItem>> items)
            throws SQLException {
        CopyRows rows = new CopyRows("flight_segment", "order_id, item_position, position, segment_id, origin, destination,"
                + " departure_at, arrival_at, flight_number, fare_class, carrier, fare_family, booking_class, equipment_type,"
                + " origin_destination");
        for (var entry : items.entrySet()) {
            List<OrderItem> list = entry.getValue();
            for (int i = 0; i < list.size(); i++) {
                List<FlightSegment> segments = list.get(i).flightSegments();
                for (int s = 0; s < segments.size(); s++) {
                    FlightSegment segment = segments.get(s);
                    rows.add(entry.getKey()).add(i).add(s).add(segment.id()).add(segment.origin()).add(segment.destination())
                            .add(segment.departureDateTime()).add(segment.arrivalDateTime()).add(segment.flightNumber())
                            .add(segment.fareClass()).add(segment.carrier()).add(segment.fareFamily())
                            .add(segment.bookingClass()).add(segment.equipmentType()).add(segment.originDestination());
                    rows.endRow();
                }
            }
        }
        context.added(GrowingTables.FLIGHT_SEGMENT, rows.send(connection));
    }

    /**
     * Replaces the consumers of these orders (their links to items go with them) by the planned ones.
     *
     * @param consumers by real order id; {@code created} orders have no consumers to delete
     * @param guestIds the real id of a planned guest id
     */
    static void replaceConsumers(Connection connection, WriteContext context,
            Map<Long, List<OrderPlan.PlannedConsumer>> consumers, List<Long> stored, LongUnaryOperator guestIds)
            throws SQLException {
        Dependents.deleteConsumers(connection, stored);
        CopyRows rows = new CopyRows("order_consumer", "order_id, position, guest_id, title, first_name, last_name, gender,"
                + " date_of_birth, emails, phone_numbers, nationality, country, passport_number, passport_expiry,"
                + " identifiers");
        CopyRows links = new CopyRows("order_consumer_item", "order_id, consumer_position, item_position");
        for (var entry : consumers.entrySet()) {
            long orderId = entry.getKey();
            List<OrderPlan.PlannedConsumer> planned = entry.getValue();
            for (int c = 0; c < planned.size(); c++) {
                Consumer consumer = planned.get(c).consumer();
                GuestUpsert person = consumer.person();
                rows.add(orderId).add(c).add(guestIds.applyAsLong(planned.get(c).guestId())).add(person.title())
                        .add(person.firstName()).add(person.lastName()).add(person.gender()).add(person.dateOfBirth())
                        .add(GuestTables.text(consumer.emails())).add(GuestTables.text(person.phoneNumbers()))
                        .add(person.nationality()).add(person.country()).add(person.passportNumber())
                        .add(person.passportExpiry()).add(identifiers(person.identifiers()));
                rows.endRow();
                for (int item : consumer.itemPositions()) {
                    links.add(orderId).add(c).add(item);
                    links.endRow();
                }
            }
        }
        context.added(GrowingTables.ORDER_CONSUMER, rows.send(connection));
        context.added(GrowingTables.ORDER_CONSUMER_ITEM, links.send(connection));
    }

    private static String identifiers(List<Identifier> identifiers) {
        List<Map<String, Object>> list = new ArrayList<>(identifiers.size());
        for (Identifier identifier : identifiers) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("provider", identifier.provider());
            entry.put("id", identifier.id());
            entry.put("expiryDate", identifier.expiryDate() == null ? null : identifier.expiryDate().toString());
            list.add(entry);
        }
        return GuestTables.json(list);
    }

    /** The travellers of the consumers of these orders, read before the orders are deleted. */
    static List<Long> travellersOfOrders(Connection connection, Collection<Long> orderIds) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (List<OrderPlan.Traveller> list : travellers(connection, orderIds).values()) {
            list.forEach(t -> ids.add(t.guestId()));
        }
        return ids;
    }

    /**
     * Removes the traveller guests among these that nothing refers to any more: no consumer links to them
     * and no order has them as its contact.
     */
    static void removeUnreferencedTravellers(Connection connection, long clientId, Collection<Long> guestIds)
            throws SQLException {
        if (guestIds.isEmpty()) {
            return;
        }
        List<Long> removed = new ArrayList<>();
        // the tenant as client_id + 0, the guests found by their key (see Dependents.DELETE_GUESTS)
        try (PreparedStatement statement = connection.prepareStatement("""
                DELETE FROM guest g WHERE g.client_id + 0 = ? AND g.id = ANY (?) AND g.guest_type = 'traveller'
                AND NOT EXISTS (SELECT 1 FROM order_consumer c WHERE c.guest_id = g.id)
                AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.guest_id = g.id)
                RETURNING g.id""")) {
            statement.setLong(1, clientId);
            statement.setArray(2, connection.createArrayOf("bigint", guestIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    removed.add(rows.getLong("id"));
                }
            }
        }
        Dependents.detachFromGuests(connection, removed);
    }
}
