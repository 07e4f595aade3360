package io.cdpbatch.customer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.cdpbatch.common.Timestamps;
import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.RecordLine;
import io.cdpbatch.pipeline.RecordWriter;
import io.cdpbatch.pipeline.WriteContext;
import io.cdpbatch.records.Consumer;
import io.cdpbatch.records.Order;
import io.cdpbatch.records.OrderField;
import io.cdpbatch.records.OrderItem;
import io.cdpbatch.records.OrderWrite;

/**
 * Order inserts and upserts, set-based: the stored orders of the run's referenceIds (with the traveller
 * guests of their consumers) and the identities of its contacts and consumers are loaded with a few
 * queries, the records decided in file order in memory ({@link OrderPlan}), then the guests, the orders,
 * their items, flight segments and consumers written with one statement per table. A record that fails
 * changes nothing, its contact and consumers included. Applying the same run again gives the same state:
 * a re-inserted order keeps its ref, and its consumers known by name keep their traveller guests.
 */
@ApplicationScoped
public class OrderWriter implements RecordWriter<OrderWrite> {

    @Override
    public Class<OrderWrite> type() {
        return OrderWrite.class;
    }

    @Override
    public List<Failure> apply(Connection connection, WriteContext context, List<RecordLine<OrderWrite>> run)
            throws SQLException {
        TreeSet<String> referenceIds = new TreeSet<>();
        List<IdentityIndex.Wanted> wanted = new ArrayList<>();
        for (RecordLine<OrderWrite> line : run) {
            Order order = line.record().order();
            referenceIds.add(order.referenceId());
            if (order.contact() != null) {
                wanted.add(new IdentityIndex.Wanted(order.contact().identifiers(), order.contact().email()));
            }
            if (order.consumers() != null) {
                for (Consumer consumer : order.consumers()) {
                    if (consumer.identified()) {
                        wanted.add(new IdentityIndex.Wanted(consumer.person().identifiers(), consumer.person().email()));
                    }
                }
            }
        }
        OrderLocks.lock(connection, context.clientId(), referenceIds);
        Map<String, List<OrderPlan.KnownOrder>> known = load(connection, context.clientId(), referenceIds);
        IdentityIndex identities = Identities.load(connection, context.clientId(), wanted);

        OrderPlan plan = OrderPlan.of(run, known, identities);
        if (plan.patches().isEmpty()) {
            return plan.failures();
        }
        GuestTables.write(connection, context, plan.guests(), identities);
        List<Long> orderIds = Sequences.next(connection, Sequences.ORDERS, plan.newOrders());
        Map<Long, OrderPatch> byRealId = new LinkedHashMap<>();
        plan.patches().forEach((id, patch) -> byRealId.put(id < 0 ? orderIds.get((int) (-id - 1)) : id, patch));
        insertOrders(connection, context, byRealId, identities);
        updateOrders(connection, context, byRealId, identities);
        writeItems(connection, context, byRealId);
        writeConsumers(connection, context, byRealId, identities);
        Set<Long> travellers = new LinkedHashSet<>();
        plan.travellersToCheck().forEach(id -> travellers.add(identities.realId(id)));
        FlightTables.removeUnreferencedTravellers(connection, context.clientId(), travellers);
        return plan.failures();
    }

    /** One stored order of a run's referenceIds. */
    private record StoredOrder(String referenceId, long id, Instant orderedAt, boolean flight) {
        static StoredOrder of(ResultSet rows) throws SQLException {
            return new StoredOrder(rows.getString("reference_id"), rows.getLong("id"),
                    Timestamps.instant(rows.getObject("ordered_at")), rows.getBoolean("flight"));
        }
    }

    /**
     * The stored orders of the wanted referenceIds (referenceIds, client id), and whether each is a flight order: one
     * probe of {@code (client_id, reference_id)} per referenceId, whatever the statistics say about the tenant ({@code
     * OFFSET 0} keeps the subquery from becoming a join; see {@link Identities}).
     */
    static final String STORED_ORDERS = """
            SELECT o.reference_id, o.id, o.ordered_at,
                EXISTS (SELECT 1 FROM order_consumer c WHERE c.order_id = o.id)
                OR EXISTS (SELECT 1 FROM flight_segment s WHERE s.order_id = o.id)
                OR EXISTS (SELECT 1 FROM order_item i WHERE i.order_id = o.id AND i.consumer_type_code IS NOT NULL)
                AS flight
            FROM unnest(?::varchar[]) AS w(reference_id)
            CROSS JOIN LATERAL (SELECT o.reference_id, o.id, o.ordered_at FROM orders o
                WHERE o.client_id = ? AND o.reference_id = w.reference_id OFFSET 0) AS o
            ORDER BY o.reference_id, o.ordered_at, o.id""";

    private static Map<String, List<OrderPlan.KnownOrder>> load(Connection connection, long clientId,
            TreeSet<String> referenceIds) throws SQLException {
        List<StoredOrder> stored = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(STORED_ORDERS)) {
            statement.setArray(1, connection.createArrayOf("varchar", referenceIds.toArray()));
            statement.setLong(2, clientId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    stored.add(StoredOrder.of(rows));
                }
            }
        }
        List<Long> flightOrders = stored.stream().filter(StoredOrder::flight).map(StoredOrder::id).toList();
        Map<Long, List<OrderPlan.Traveller>> travellers = FlightTables.travellers(connection, flightOrders);
        Map<String, List<OrderPlan.KnownOrder>> known = new HashMap<>();
        for (StoredOrder order : stored) {
            known.computeIfAbsent(order.referenceId(), r -> new ArrayList<>()).add(new OrderPlan.KnownOrder(order.id(),
                    order.orderedAt(), order.flight(), travellers.getOrDefault(order.id(), List.of())));
        }
        return known;
    }

    /** The orders this run creates: ids from the sequence, so nothing can be in their way. */
    private static void insertOrders(Connection connection, WriteContext context, Map<Long, OrderPatch> patches,
            IdentityIndex identities) throws SQLException {
        CopyRows rows = new CopyRows("orders", "id, client_id, guest_id, reference_id, channel, point_of_sale, status,"
                + " ordered_at, currency_code, price, payment_type, card_type, extensions, created_at, modified_at");
        for (var entry : patches.entrySet()) {
            OrderPatch patch = entry.getValue();
            if (!patch.created) {
                continue;
            }
            rows.add(entry.getKey()).add(context.clientId()).add(identities.realId(patch.guestId))
                    .add((String) patch.fields.get(OrderField.REFERENCE_ID))
                    .add((String) patch.fields.get(OrderField.CHANNEL))
                    .add((String) patch.fields.get(OrderField.POINT_OF_SALE))
                    .add((String) patch.fields.get(OrderField.STATUS))
                    .add((Instant) patch.fields.get(OrderField.ORDERED_AT))
                    .add((String) patch.fields.get(OrderField.CURRENCY_CODE))
                    .add(((BigDecimal) patch.fields.get(OrderField.PRICE)).toPlainString())
                    .add((String) patch.fields.get(OrderField.PAYMENT_TYPE)).add(patch.cardType)
                    .add(GuestTables.json(patch.extensions)).add(context.now()).add(context.now());
            rows.endRow();
        }
        context.added(GrowingTables.ORDERS, rows.send(connection));
    }

    private static void updateOrders(Connection connection, WriteContext context, Map<Long, OrderPatch> patches,
            IdentityIndex identities) throws SQLException {
        // Order fields cannot be cleared (null = left out), hence COALESCE; cardType and extensions can. The tenant
        // as client_id + 0, the order found by its key (see Dependents.DELETE_GUESTS).
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE orders SET guest_id = COALESCE(?, guest_id), reference_id = COALESCE(?, reference_id),
                    channel = COALESCE(?, channel), point_of_sale = COALESCE(?, point_of_sale), status = COALESCE(?, status),
                    ordered_at = COALESCE(?, ordered_at), currency_code = COALESCE(?, currency_code),
                    price = COALESCE(?, price), payment_type = COALESCE(?, payment_type),
                    card_type = CASE WHEN ? THEN ? ELSE card_type END,
                    extensions = CASE WHEN ? THEN '{}'::jsonb ELSE extensions END || ?::jsonb,
                    modified_at = ?
                WHERE id = ? AND client_id + 0 = ?""")) {
            int count = 0;
            OffsetDateTime now = GuestTables.timestamp(context.now());
            for (var entry : patches.entrySet()) {
                OrderPatch patch = entry.getValue();
                if (patch.created) {
                    continue;
                }
                int p = 1;
                if (patch.guestId == null) {
                    statement.setNull(p++, Types.BIGINT);
                } else {
                    statement.setLong(p++, identities.realId(patch.guestId));
                }
                statement.setString(p++, (String) patch.fields.get(OrderField.REFERENCE_ID));
                statement.setString(p++, (String) patch.fields.get(OrderField.CHANNEL));
                statement.setString(p++, (String) patch.fields.get(OrderField.POINT_OF_SALE));
                statement.setString(p++, (String) patch.fields.get(OrderField.STATUS));
                statement.setObject(p++, GuestTables.timestamp((Instant) patch.fields.get(OrderField.ORDERED_AT)),
                        Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setString(p++, (String) patch.fields.get(OrderField.CURRENCY_CODE));
                statement.setBigDecimal(p++, (BigDecimal) patch.fields.get(OrderField.PRICE));
                statement.setString(p++, (String) patch.fields.get(OrderField.PAYMENT_TYPE));
                statement.setBoolean(p++, patch.cardTypeSet);
                statement.setString(p++, patch.cardType);
                statement.setBoolean(p++, patch.replaced);
                statement.setString(p++, GuestTables.json(patch.extensions));
                statement.setObject(p++, now);
                statement.setLong(p++, entry.getKey());
                statement.setLong(p++, context.clientId());
                statement.addBatch();
                count++;
            }
            if (count > 0) {
                statement.executeBatch();
            }
        }
    }

    /** Replaces the items of the orders a record gave items for; their segments and consumer links go with them. */
    private static void writeItems(Connection connection, WriteContext context, Map<Long, OrderPatch> patches)
            throws SQLException {
        List<Long> replaced = new ArrayList<>();
        Map<Long, List<OrderItem>> written = new LinkedHashMap<>();
        patches.forEach((id, patch) -> {
            if (patch.items != null) {
                written.put(id, patch.items);
                if (!patch.created) {
                    replaced.add(id);
                }
            }
        });
        // the items of a replaced order were all deleted just above, and its order row is locked: COPY cannot collide
        Dependents.deleteItems(connection, replaced);
        CopyRows rows = new CopyRows("order_item", "order_id, position, type, product_id, name, description, vendor, price,"
                + " currency_code, reference_id, status, ordered_at, quantity, original_price, original_currency_code,"
                + " channel, extensions, consumer_type_code");
        for (var entry : written.entrySet()) {
            List<OrderItem> items = entry.getValue();
            for (int i = 0; i < items.size(); i++) {
                OrderItem item = items.get(i);
                rows.add(entry.getKey()).add(i).add(item.type()).add(item.productId()).add(item.name())
                        .add(item.description()).add(item.vendor()).add(decimal(item.price())).add(item.currencyCode())
                        .add(item.referenceId()).add(item.status()).add(item.orderedAt())
                        .add(item.quantity() == null ? null : item.quantity().toString()).add(decimal(item.originalPrice()))
                        .add(item.originalCurrencyCode()).add(item.channel())
                        .add(GuestTables.json(OrderPatch.groups(item.extensions()))).add(item.consumerTypeCode());
                rows.endRow();
            }
        }
        context.added(GrowingTables.ORDER_ITEM, rows.send(connection));
        FlightTables.insertSegments(connection, context, written);
    }

    private static String decimal(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static void writeConsumers(Connection connection, WriteContext context, Map<Long, OrderPatch> patches,
            IdentityIndex identities) throws SQLException {
        Map<Long, List<OrderPlan.PlannedConsumer>> consumers = new LinkedHashMap<>();
        List<Long> stored = new ArrayList<>();
        patches.forEach((id, patch) -> {
            if (patch.consumers != null) {
                consumers.put(id, patch.consumers);
                if (!patch.created) {
                    stored.add(id);
                }
            }
        });
        if (!consumers.isEmpty()) {
            FlightTables.replaceConsumers(connection, context, consumers, stored, identities::realId);
        }
    }
}
