package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.auth.Tenant;
import io.cdpbatch.customer.CustomerViews.ConsumerView;
import io.cdpbatch.customer.CustomerViews.ContactView;
import io.cdpbatch.customer.CustomerViews.FlightSegmentView;
import io.cdpbatch.customer.CustomerViews.ItemReferenceView;
import io.cdpbatch.customer.CustomerViews.OrderItemView;
import io.cdpbatch.customer.CustomerViews.OrderPage;
import io.cdpbatch.customer.CustomerViews.OrderView;
import io.cdpbatch.error.ApiException;

/**
 * Reads a tenant's orders with their items (and flight segments) and consumers for the read API;
 * another tenant's order is not found.
 */
@ApplicationScoped
public class OrderService {

    static final String ORDER_NOT_FOUND = "Order not found";
    static final String CONTACT = "contact";
    static final String CONSUMER = "consumer";

    private static final String COLUMNS = """
            o.id, o.ref, o.reference_id, o.channel, o.point_of_sale, o.status, o.ordered_at, o.currency_code, o.price,
            o.payment_type, o.card_type, o.extensions::text AS extensions, o.created_at, o.modified_at, o.guest_id,
            g.ref AS guest_ref
            FROM orders o LEFT JOIN guest g ON g.id = o.guest_id""";

    /** The orders a guest owns or consumes (parameters: guest id twice). */
    private static final String OF_GUEST = """
            o.id IN (SELECT id FROM orders WHERE guest_id = ? UNION SELECT order_id FROM order_consumer WHERE guest_id = ?)""";

    @Inject
    AgroalDataSource dataSource;

    public OrderView find(Tenant tenant, UUID ref) {
        try (Connection connection = dataSource.getConnection()) {
            List<OrderView> found = select(connection, "WHERE o.client_id = ? AND o.ref = ?", List.of(tenant.id(), ref), null);
            if (found.isEmpty()) {
                throw ApiException.notFound(ORDER_NOT_FOUND);
            }
            return found.get(0);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the order", e);
        }
    }

    /** Orders with this referenceId, oldest orderedAt first. */
    public OrderPage byReferenceId(Tenant tenant, String referenceId, Paging paging) {
        try (Connection connection = dataSource.getConnection()) {
            long total = Rows.count(connection, "SELECT count(*) AS total FROM orders WHERE client_id = ? AND reference_id = ?",
                    tenant.id(), referenceId);
            List<OrderView> items = total == 0 ? List.of()
                    : select(connection, "WHERE o.client_id = ? AND o.reference_id = ?", List.of(tenant.id(), referenceId),
                            paging);
            return new OrderPage(total, paging.offset(), paging.limit(), items);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read orders", e);
        }
    }

    /**
     * The orders of a guest (by its internal id), oldest orderedAt first: those it owns ({@code role}
     * contact) and those it consumes items of (consumer); an order it owns and consumes is its contact's.
     */
    OrderPage ofGuest(Connection connection, long clientId, long guestId, Paging paging) throws SQLException {
        long total = Rows.count(connection, "SELECT count(*) AS total FROM orders o WHERE o.client_id = ? AND " + OF_GUEST,
                clientId, guestId, guestId);
        if (total == 0) {
            return new OrderPage(0, paging.offset(), paging.limit(), List.of());
        }
        List<OrderView> items = new ArrayList<>();
        Map<String, Long> owners = new HashMap<>();
        for (OrderView order : select(connection, "WHERE o.client_id = ? AND " + OF_GUEST,
                List.of(clientId, guestId, guestId), paging, owners)) {
            items.add(order.withRole(Long.valueOf(guestId).equals(owners.get(order.ref())) ? CONTACT : CONSUMER));
        }
        return new OrderPage(total, paging.offset(), paging.limit(), items);
    }

    private static List<OrderView> select(Connection connection, String where, List<Object> params, Paging paging)
            throws SQLException {
        return select(connection, where, params, paging, new HashMap<>());
    }

    /** @param owners filled with the contact guest id of each order (by ref; absent when detached) */
    private static List<OrderView> select(Connection connection, String where, List<Object> params, Paging paging,
            Map<String, Long> owners) throws SQLException {
        String sql = "SELECT " + COLUMNS + " " + where + " ORDER BY o.ordered_at, o.id"
                + (paging == null ? "" : " LIMIT " + paging.limit() + " OFFSET " + paging.offset());
        Map<Long, OrderView> orders = new LinkedHashMap<>();
        try (PreparedStatement statement = Rows.prepare(connection, sql, params.toArray());
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                OrderView order = order(rows);
                orders.put(rows.getLong("id"), order);
                Long owner = Rows.bigint(rows, "guest_id");
                if (owner != null) {
                    owners.put(order.ref(), owner);
                }
            }
        }
        if (orders.isEmpty()) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>(orders.keySet());
        Map<Long, List<OrderItemView>> items = items(connection, ids);
        Map<Long, List<ConsumerView>> consumers = consumers(connection, ids);
        List<OrderView> views = new ArrayList<>(orders.size());
        orders.forEach((id, o) -> views.add(new OrderView(o.ref(), o.referenceId(), o.channel(), o.pointOfSale(), o.status(),
                o.orderedAt(), o.currencyCode(), o.price(), o.paymentType(), o.cardType(), o.contact(),
                items.getOrDefault(id, List.of()), consumers.getOrDefault(id, List.of()), o.extensions(), o.createdAt(),
                o.modifiedAt(), null)));
        return views;
    }

    private static Map<Long, List<OrderItemView>> items(Connection connection, List<Long> orderIds) throws SQLException {
        Map<ItemKey, List<FlightSegmentView>> segments = segments(connection, orderIds);
        Map<Long, List<OrderItemView>> items = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT order_id, position, type, product_id, name, description, vendor, price, currency_code, reference_id,
                    status, ordered_at, quantity, original_price, original_currency_code, channel,
                    extensions::text AS extensions, consumer_type_code
                FROM order_item WHERE order_id = ANY (?) ORDER BY order_id, position""")) {
            statement.setArray(1, Rows.bigints(connection, orderIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ItemKey key = ItemKey.of(rows, "position");
                    items.computeIfAbsent(key.orderId(), id -> new ArrayList<>())
                            .add(item(rows, segments.getOrDefault(key, List.of())));
                }
            }
        }
        return items;
    }

    /** An item of an order. */
    private record ItemKey(long orderId, int position) {
        static ItemKey of(ResultSet rows, String position) throws SQLException {
            return new ItemKey(rows.getLong("order_id"), rows.getInt(position));
        }
    }

    private static Map<ItemKey, List<FlightSegmentView>> segments(Connection connection, List<Long> orderIds)
            throws SQLException {
        Map<ItemKey, List<FlightSegmentView>> segments = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT order_id, item_position, segment_id, origin, destination, departure_at, arrival_at, flight_number,
                    fare_class, carrier, fare_family, booking_class, equipment_type, origin_destination
                FROM flight_segment WHERE order_id = ANY (?) ORDER BY order_id, item_position, position""")) {
            statement.setArray(1, Rows.bigints(connection, orderIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    segments.computeIfAbsent(ItemKey.of(rows, "item_position"), k -> new ArrayList<>()).add(segment(rows));
                }
            }
        }
        return segments;
    }

    private static Map<Long, List<ConsumerView>> consumers(Connection connection, List<Long> orderIds) throws SQLException {
        Map<ItemKey, List<ItemReferenceView>> consumed = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT l.order_id, l.consumer_position, i.reference_id
                FROM order_consumer_item l JOIN order_item i ON i.order_id = l.order_id AND i.position = l.item_position
                WHERE l.order_id = ANY (?) ORDER BY l.order_id, l.consumer_position, l.item_position""")) {
            statement.setArray(1, Rows.bigints(connection, orderIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    List<ItemReferenceView> references = consumed.computeIfAbsent(ItemKey.of(rows, "consumer_position"),
                            k -> new ArrayList<>());
                    ItemReferenceView reference = new ItemReferenceView(rows.getString("reference_id"));
                    if (!references.contains(reference)) {
                        // a reference names every item with that referenceId: shown once
                        references.add(reference);
                    }
                }
            }
        }
        Map<Long, List<ConsumerView>> consumers = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT c.order_id, c.position, g.ref AS guest_ref, c.title, c.first_name, c.last_name, c.gender,
                    c.date_of_birth, c.emails, c.phone_numbers, c.nationality, c.country, c.passport_number,
                    c.passport_expiry, c.identifiers::text AS identifiers
                FROM order_consumer c LEFT JOIN guest g ON g.id = c.guest_id
                WHERE c.order_id = ANY (?) ORDER BY c.order_id, c.position""")) {
            statement.setArray(1, Rows.bigints(connection, orderIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ItemKey key = ItemKey.of(rows, "position");
                    consumers.computeIfAbsent(key.orderId(), id -> new ArrayList<>())
                            .add(consumer(rows, consumed.getOrDefault(key, List.of())));
                }
            }
        }
        return consumers;
    }

    /** An order row (its items and consumers added later), by column name. */
    private static OrderView order(ResultSet rows) throws SQLException {
        Object guestRef = rows.getObject("guest_ref");
        return new OrderView(rows.getObject("ref").toString(), rows.getString("reference_id"), rows.getString("channel"),
                rows.getString("point_of_sale"), rows.getString("status"), Rows.instant(rows, "ordered_at"),
                rows.getString("currency_code"), rows.getBigDecimal("price"), rows.getString("payment_type"),
                rows.getString("card_type"), guestRef == null ? null : new ContactView(guestRef.toString()), List.of(),
                List.of(), Rows.extensions(rows.getString("extensions")), Rows.instant(rows, "created_at"),
                Rows.instant(rows, "modified_at"), null);
    }

    /** An item row, by column name. */
    private static OrderItemView item(ResultSet rows, List<FlightSegmentView> segments) throws SQLException {
        return new OrderItemView(rows.getString("type"), rows.getString("product_id"), rows.getString("name"),
                rows.getString("description"), rows.getString("vendor"), rows.getBigDecimal("price"),
                rows.getString("currency_code"), rows.getString("reference_id"), rows.getString("status"),
                Rows.instant(rows, "ordered_at"), Rows.integer(rows, "quantity"), rows.getBigDecimal("original_price"),
                rows.getString("original_currency_code"), rows.getString("channel"),
                Rows.extensions(rows.getString("extensions")), rows.getString("consumer_type_code"), segments);
    }

    /** A flight segment row, by column name. */
    private static FlightSegmentView segment(ResultSet rows) throws SQLException {
        return new FlightSegmentView(rows.getString("segment_id"), rows.getString("origin"), rows.getString("destination"),
                Rows.instant(rows, "departure_at"), Rows.instant(rows, "arrival_at"), rows.getString("flight_number"),
                rows.getString("fare_class"), rows.getString("carrier"), rows.getString("fare_family"),
                rows.getString("booking_class"), rows.getString("equipment_type"), rows.getString("origin_destination"));
    }

    /** A consumer row, by column name. */
    private static ConsumerView consumer(ResultSet rows, List<ItemReferenceView> items) throws SQLException {
        Object guestRef = rows.getObject("guest_ref");
        List<String> emails = Rows.texts(rows, "emails");
        return new ConsumerView(guestRef == null ? null : guestRef.toString(), rows.getString("title"),
                rows.getString("first_name"), rows.getString("last_name"), rows.getString("gender"),
                Rows.instant(rows, "date_of_birth"), emails.isEmpty() ? null : emails.get(0), emails,
                Rows.texts(rows, "phone_numbers"), rows.getString("nationality"), rows.getString("country"),
                rows.getString("passport_number"), Rows.instant(rows, "passport_expiry"),
                Rows.identifiers(rows.getString("identifiers")), items);
    }
}
