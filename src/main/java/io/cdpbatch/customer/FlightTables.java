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
    static void insertSegments(Connection connection, Map<Long, List<OrderItem>> items) throws SQLException {
        if (items.values().stream().flatMap(List::stream).allMatch(item -> item.flightSegments().isEmpty())) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO flight_segment (order_id, item_position, position, segment_id, origin, destination, departure_at,
                    arrival_at, flight_number, fare_class, carrier, fare_family, booking_class, equipment_type,
                    origin_destination)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            int count = 0;
            for (var entry : items.entrySet()) {
                List<OrderItem> list = entry.getValue();
                for (int i = 0; i < list.size(); i++) {
                    List<FlightSegment> segments = list.get(i).flightSegments();
                    for (int s = 0; s < segments.size(); s++) {
                        FlightSegment segment = segments.get(s);
                        int p = 1;
                        statement.setLong(p++, entry.getKey());
                        statement.setInt(p++, i);
                        statement.setInt(p++, s);
                        statement.setString(p++, segment.id());
                        statement.setString(p++, segment.origin());
                        statement.setString(p++, segment.destination());
                        statement.setObject(p++, GuestTables.timestamp(segment.departureDateTime()));
                        statement.setObject(p++, GuestTables.timestamp(segment.arrivalDateTime()));
                        statement.setString(p++, segment.flightNumber());
                        statement.setString(p++, segment.fareClass());
                        statement.setString(p++, segment.carrier());
                        statement.setString(p++, segment.fareFamily());
                        statement.setString(p++, segment.bookingClass());
                        statement.setString(p++, segment.equipmentType());
                        statement.setString(p++, segment.originDestination());
                        statement.addBatch();
                        count++;
                    }
                }
            }
            if (count > 0) {
                statement.executeBatch();
            }
        }
    }

    /**
     * Replaces the consumers of these orders (their links to items go with them) by the planned ones.
     *
     * @param consumers by real order id; {@code created} orders have no consumers to delete
     * @param guestIds the real id of a planned guest id
     */
    static void replaceConsumers(Connection connection, Map<Long, List<OrderPlan.PlannedConsumer>> consumers,
            List<Long> stored, LongUnaryOperator guestIds) throws SQLException {
        Dependents.deleteConsumers(connection, stored);
        List<Long> orders = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<Long> guests = new ArrayList<>();
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        for (String column : List.of("title", "first_name", "last_name", "gender", "date_of_birth", "emails",
                "phone_numbers", "nationality", "country", "passport_number", "passport_expiry", "identifiers")) {
            columns.put(column, new ArrayList<>());
        }
        List<Long> linkOrders = new ArrayList<>();
        List<Integer> linkConsumers = new ArrayList<>();
        List<Integer> linkItems = new ArrayList<>();
        consumers.forEach((orderId, planned) -> {
            for (int c = 0; c < planned.size(); c++) {
                Consumer consumer = planned.get(c).consumer();
                GuestUpsert person = consumer.person();
                orders.add(orderId);
                positions.add(c);
                guests.add(guestIds.applyAsLong(planned.get(c).guestId()));
                columns.get("title").add(person.title());
                columns.get("first_name").add(person.firstName());
                columns.get("last_name").add(person.lastName());
                columns.get("gender").add(person.gender());
                columns.get("date_of_birth").add(GuestTables.text(person.dateOfBirth()));
                columns.get("emails").add(GuestTables.text(consumer.emails()));
                columns.get("phone_numbers").add(GuestTables.text(person.phoneNumbers()));
                columns.get("nationality").add(person.nationality());
                columns.get("country").add(person.country());
                columns.get("passport_number").add(person.passportNumber());
                columns.get("passport_expiry").add(GuestTables.text(person.passportExpiry()));
                columns.get("identifiers").add(identifiers(person.identifiers()));
                for (int item : consumer.itemPositions()) {
                    linkOrders.add(orderId);
                    linkConsumers.add(c);
                    linkItems.add(item);
                }
            }
        });
        if (orders.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO order_consumer (order_id, position, guest_id, title, first_name, last_name, gender, date_of_birth,
                    emails, phone_numbers, nationality, country, passport_number, passport_expiry, identifiers)
                SELECT u.order_id, u.position, u.guest_id, u.title, u.first_name, u.last_name, u.gender,
                    u.date_of_birth::timestamptz, u.emails::text[], u.phone_numbers::text[], u.nationality, u.country,
                    u.passport_number, u.passport_expiry::timestamptz, u.identifiers::jsonb
                FROM unnest(?::int8[], ?::int4[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                  AS u(order_id, position, guest_id, title, first_name, last_name, gender, date_of_birth, emails,
                    phone_numbers, nationality, country, passport_number, passport_expiry, identifiers)""")) {
            int p = 1;
            statement.setArray(p++, connection.createArrayOf("int8", orders.toArray()));
            statement.setArray(p++, connection.createArrayOf("int4", positions.toArray()));
            statement.setArray(p++, connection.createArrayOf("int8", guests.toArray()));
            for (List<Object> column : columns.values()) {
                statement.setArray(p++, connection.createArrayOf("text", column.toArray()));
            }
            statement.execute();
        }
        if (linkOrders.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO order_consumer_item (order_id, consumer_position, item_position)
                SELECT * FROM unnest(?::int8[], ?::int4[], ?::int4[])""")) {
            statement.setArray(1, connection.createArrayOf("int8", linkOrders.toArray()));
            statement.setArray(2, connection.createArrayOf("int4", linkConsumers.toArray()));
            statement.setArray(3, connection.createArrayOf("int4", linkItems.toArray()));
            statement.execute();
        }
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
        try (PreparedStatement statement = connection.prepareStatement("""
                DELETE FROM guest g WHERE g.client_id = ? AND g.id = ANY (?) AND g.guest_type = 'traveller'
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
