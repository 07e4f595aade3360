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
import io.cdpbatch.customer.CustomerViews.ContactView;
import io.cdpbatch.customer.CustomerViews.OrderItemView;
import io.cdpbatch.customer.CustomerViews.OrderPage;
import io.cdpbatch.customer.CustomerViews.OrderView;
import io.cdpbatch.error.ApiException;

/** Reads a tenant's orders with their items for the read API; another tenant's order is not found. */
@ApplicationScoped
public class OrderService {

    static final String ORDER_NOT_FOUND = "Order not found";

    private static final String COLUMNS = """
            o.id, o.ref, o.reference_id, o.channel, o.point_of_sale, o.status, o.ordered_at, o.currency_code, o.price,
            o.payment_type, o.card_type, o.extensions::text AS extensions, o.created_at, o.modified_at, g.ref AS guest_ref
            FROM orders o LEFT JOIN guest g ON g.id = o.guest_id""";

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

    /** The orders of a guest (by its internal id), oldest orderedAt first. */
    OrderPage ofGuest(Connection connection, long clientId, long guestId, Paging paging) throws SQLException {
        long total = Rows.count(connection, "SELECT count(*) AS total FROM orders WHERE client_id = ? AND guest_id = ?",
                clientId,
                guestId);
        List<OrderView> items = total == 0 ? List.of()
                : select(connection, "WHERE o.client_id = ? AND o.guest_id = ?", List.of(clientId, guestId), paging);
        return new OrderPage(total, paging.offset(), paging.limit(), items);
    }

    private static List<OrderView> select(Connection connection, String where, List<Object> params, Paging paging)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " " + where + " ORDER BY o.ordered_at, o.id"
                + (paging == null ? "" : " LIMIT " + paging.limit() + " OFFSET " + paging.offset());
        Map<Long, OrderView> orders = new LinkedHashMap<>();
        try (PreparedStatement statement = Rows.prepare(connection, sql, params.toArray());
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                orders.put(rows.getLong("id"), order(rows));
            }
        }
        if (orders.isEmpty()) {
            return List.of();
        }
        Map<Long, List<OrderItemView>> items = items(connection, new ArrayList<>(orders.keySet()));
        List<OrderView> views = new ArrayList<>(orders.size());
        orders.forEach((id, o) -> views.add(new OrderView(o.ref(), o.referenceId(), o.channel(), o.pointOfSale(), o.status(),
                o.orderedAt(), o.currencyCode(), o.price(), o.paymentType(), o.cardType(), o.contact(),
                items.getOrDefault(id, List.of()), o.extensions(), o.createdAt(), o.modifiedAt())));
        return views;
    }

    private static Map<Long, List<OrderItemView>> items(Connection connection, List<Long> orderIds) throws SQLException {
        Map<Long, List<OrderItemView>> items = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT order_id, type, product_id, name, description, vendor, price, currency_code, reference_id, status,
                    ordered_at, quantity, original_price, original_currency_code, channel, extensions::text AS extensions
                FROM order_item WHERE order_id = ANY (?) ORDER BY order_id, position""")) {
            statement.setArray(1, Rows.bigints(connection, orderIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    items.computeIfAbsent(rows.getLong("order_id"), id -> new ArrayList<>()).add(item(rows));
                }
            }
        }
        return items;
    }

    /** An order row (its items added later), by column name. */
    private static OrderView order(ResultSet rows) throws SQLException {
        Object guestRef = rows.getObject("guest_ref");
        return new OrderView(rows.getObject("ref").toString(), rows.getString("reference_id"), rows.getString("channel"),
                rows.getString("point_of_sale"), rows.getString("status"), Rows.instant(rows, "ordered_at"),
                rows.getString("currency_code"), rows.getBigDecimal("price"), rows.getString("payment_type"),
                rows.getString("card_type"), guestRef == null ? null : new ContactView(guestRef.toString()), List.of(),
                Rows.extensions(rows.getString("extensions")), Rows.instant(rows, "created_at"),
                Rows.instant(rows, "modified_at"));
    }

    /** An item row, by column name. */
    private static OrderItemView item(ResultSet rows) throws SQLException {
        return new OrderItemView(rows.getString("type"), rows.getString("product_id"), rows.getString("name"),
                rows.getString("description"), rows.getString("vendor"), rows.getBigDecimal("price"),
                rows.getString("currency_code"), rows.getString("reference_id"), rows.getString("status"),
                Rows.instant(rows, "ordered_at"), Rows.integer(rows, "quantity"), rows.getBigDecimal("original_price"),
                rows.getString("original_currency_code"), rows.getString("channel"),
                Rows.extensions(rows.getString("extensions")));
    }
}
