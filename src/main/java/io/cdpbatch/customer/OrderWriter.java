package io.cdpbatch.customer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.RecordWriter;
import io.cdpbatch.pipeline.Work;
import io.cdpbatch.pipeline.WriteContext;
import io.cdpbatch.records.ExtensionGroup;
import io.cdpbatch.records.GuestField;
import io.cdpbatch.records.GuestUpsert;
import io.cdpbatch.records.Order;
import io.cdpbatch.records.OrderField;
import io.cdpbatch.records.OrderItem;
import io.cdpbatch.records.OrderWrite;
import io.cdpbatch.records.Rejection;
import io.cdpbatch.records.ValidRecord;

/**
 * Order inserts and upserts, set-based: the stored orders of the run's
 * referenceIds are loaded with one query and the records resolved in file order in memory (same
 * order: equal referenceId and orderedAt within 24 hours, the closest one); the contacts of the
 * records that apply are then written as guest upserts (finding or creating each order's guest, with
 * the contact's fields), and the final state of each order is written with one batched statement per
 * table. A record that fails changes nothing, its contact included. Applying the same run again gives
 * the same state.
 * <p>
 * An insert creates the order or replaces the existing one whole (fields, items, extensions; its ref
 * stays). An upsert changes only the fields it gives (items, when given, are replaced as a list; an
 * extension group, when given, replaces the stored group), or creates the order when it has every
 * required field; otherwise it fails with 404 and the order message, the detail naming what is missing.
 * An upsert without orderedAt finds the order by referenceId alone; when several orders have that
 * referenceId it fails with 400 Validation error naming orderedAt.
 */
@ApplicationScoped
public class OrderWriter implements RecordWriter {

    static final Duration SAME_ORDER_WINDOW = Duration.ofHours(24);

    @Inject
    GuestUpsertWriter guests;

    @Override
    public boolean accepts(ValidRecord record) {
        return record instanceof OrderWrite;
    }

    @Override
    public List<Failure> write(Connection connection, WriteContext context, List<Work> run) throws SQLException {
        List<Failure> failures = new ArrayList<>();
        TreeSet<String> referenceIds = new TreeSet<>();
        run.forEach(w -> referenceIds.add(orderOf(w).referenceId()));
        OrderLocks.lock(connection, context.clientId(), referenceIds);
        Map<String, List<Known>> known = load(connection, context.clientId(), referenceIds);
        // The contacts' identities are resolved on a copy first, so that a record that fails (its own
        // contact in conflict, or no order to update) changes no guest either.
        List<Work> withContact = run.stream().filter(w -> orderOf(w).contact() != null).toList();
        Identities contacts = withContact.isEmpty() ? null
                : Identities.load(connection, context.clientId(), withContact.stream().map(w -> orderOf(w).contact())
                        .map(c -> new Identities.Wanted(c.identifiers(), c.email())).toList());

        List<Work> applied = new ArrayList<>();
        Map<Long, Long> orderByLine = new HashMap<>();
        Map<Long, Boolean> createdIds = new HashMap<>();
        long nextPlaceholder = -1;
        for (Work work : run) {
            OrderWrite write = (OrderWrite) work.record();
            Order order = write.order();
            List<Known> candidates = known.computeIfAbsent(order.referenceId(), r -> new ArrayList<>());
            Known match;
            if (order.orderedAt() != null) {
                match = closest(candidates, order.orderedAt());
            } else if (candidates.size() > 1) {
                failures.add(new Failure(work.line(), work.ref(), 400, Rejection.VALIDATION_ERROR,
                        "value.orderedAt: required to tell apart the " + candidates.size() + " orders with referenceId "
                                + quote(order.referenceId())));
                continue;
            } else {
                match = candidates.isEmpty() ? null : candidates.get(0);
            }
            if (match == null && !write.complete()) {
                failures.add(new Failure(work.line(), work.ref(), 404, Rejection.ORDER_NOT_FOUND,
                        "value: no order with referenceId " + quote(order.referenceId())
                                + (order.orderedAt() == null ? "" : " and orderedAt within 24 hours of " + order.orderedAt())
                                + " exists, and the upsert cannot create one without " + missing(order)));
                continue;
            }
            GuestUpsert contact = order.contact();
            if (contact != null) {
                Identities.Resolution resolution = contacts.resolveOrCreate(contact.identifiers(), contact.email());
                if (resolution.conflict()) {
                    failures.add(new Failure(work.line(), work.ref(), 409, Rejection.IDENTITY_CONFLICT,
                            "value.contact.identifiers: the identifiers belong to " + resolution.guests()
                                    + " different guests"));
                    continue;
                }
                if (contact.has(GuestField.EMAIL) && contact.email() != null) {
                    contacts.rememberEmail(contact.email(), resolution.guestId());
                }
            }
            if (match == null) {
                match = new Known(nextPlaceholder--, order.orderedAt());
                candidates.add(match);
                createdIds.put(match.id, true);
            } else if (order.orderedAt() != null) {
                match.orderedAt = order.orderedAt();
            }
            orderByLine.put(work.line(), match.id);
            applied.add(work);
        }

        // the same contacts, in the same order, from the same state: the same resolutions, now written
        List<Work> appliedContacts = applied.stream().filter(w -> orderOf(w).contact() != null).toList();
        Map<Long, Long> guestByLine = new HashMap<>();
        if (!appliedContacts.isEmpty()) {
            GuestUpsertWriter.Upserted upserted = guests.upsert(connection, context, appliedContacts,
                    w -> orderOf(w).contact(), "value.contact");
            failures.addAll(upserted.failures()); // never: the resolutions are those of the first pass
            guestByLine.putAll(upserted.guestByLine());
        }

        Map<Long, OrderPatch> patches = new LinkedHashMap<>();
        for (Work work : applied) {
            OrderWrite write = (OrderWrite) work.record();
            Long guestId = guestByLine.get(work.line());
            if (write.order().contact() != null && guestId == null) {
                continue;
            }
            long id = orderByLine.get(work.line());
            OrderPatch patch = patches.computeIfAbsent(id, i -> new OrderPatch(createdIds.containsKey(i)));
            if (write.insert() || patch.created && patch.fields.isEmpty()) {
                patch.replace(write.order(), guestId);
            } else {
                patch.merge(write, guestId);
            }
        }
        if (patches.isEmpty()) {
            return failures;
        }
        Map<Long, Long> realIds = assignIds(connection, (int) (-nextPlaceholder - 1));
        Map<Long, OrderPatch> byRealId = new LinkedHashMap<>();
        patches.forEach((id, patch) -> byRealId.put(id < 0 ? realIds.get(id) : id, patch));
        insertOrders(connection, context, byRealId);
        updateOrders(connection, context, byRealId);
        writeItems(connection, byRealId);
        return failures;
    }

    private static Order orderOf(Work work) {
        return ((OrderWrite) work.record()).order();
    }

    /** A stored (or, with a negative id, newly created) order: its id and orderedAt. */
    private static final class Known {
        final long id;
        Instant orderedAt;

        Known(long id, Instant orderedAt) {
            this.id = id;
            this.orderedAt = orderedAt;
        }
    }

    private static Known closest(List<Known> candidates, Instant orderedAt) {
        Known best = null;
        Duration bestDistance = null;
        for (Known candidate : candidates) {
            Duration distance = Duration.between(candidate.orderedAt, orderedAt).abs();
            if (distance.compareTo(SAME_ORDER_WINDOW) <= 0 && (bestDistance == null || distance.compareTo(bestDistance) < 0)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static Map<String, List<Known>> load(Connection connection, long clientId, TreeSet<String> referenceIds)
            throws SQLException {
        Map<String, List<Known>> known = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT reference_id, id, ordered_at FROM orders WHERE client_id = ? AND reference_id = ANY (?)
                ORDER BY reference_id, ordered_at, id""")) {
            statement.setLong(1, clientId);
            statement.setArray(2, connection.createArrayOf("varchar", referenceIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    known.computeIfAbsent(rows.getString(1), r -> new ArrayList<>())
                            .add(new Known(rows.getLong(2), rows.getObject(3, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return known;
    }

    private static Map<Long, Long> assignIds(Connection connection, int wanted) throws SQLException {
        Map<Long, Long> realIds = new HashMap<>();
        if (wanted == 0) {
            return realIds;
        }
        try (PreparedStatement statement = connection
                .prepareStatement("SELECT nextval('orders_id_seq') FROM generate_series(1, ?)")) {
            statement.setInt(1, wanted);
            try (ResultSet rows = statement.executeQuery()) {
                long placeholder = -1;
                while (rows.next()) {
                    realIds.put(placeholder--, rows.getLong(1));
                }
            }
        }
        return realIds;
    }

    private static void insertOrders(Connection connection, WriteContext context, Map<Long, OrderPatch> patches)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO orders (id, client_id, guest_id, reference_id, channel, point_of_sale, status, ordered_at,
                    currency_code, price, payment_type, card_type, extensions, created_at, modified_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)""")) {
            int count = 0;
            OffsetDateTime now = GuestUpsertWriter.timestamp(context.now());
            for (var entry : patches.entrySet()) {
                OrderPatch patch = entry.getValue();
                if (!patch.created) {
                    continue;
                }
                int p = 1;
                statement.setLong(p++, entry.getKey());
                statement.setLong(p++, context.clientId());
                statement.setLong(p++, patch.guestId);
                statement.setString(p++, (String) patch.fields.get(OrderField.REFERENCE_ID));
                statement.setString(p++, (String) patch.fields.get(OrderField.CHANNEL));
                statement.setString(p++, (String) patch.fields.get(OrderField.POINT_OF_SALE));
                statement.setString(p++, (String) patch.fields.get(OrderField.STATUS));
                statement.setObject(p++, GuestUpsertWriter.timestamp((Instant) patch.fields.get(OrderField.ORDERED_AT)));
                statement.setString(p++, (String) patch.fields.get(OrderField.CURRENCY_CODE));
                statement.setBigDecimal(p++, (BigDecimal) patch.fields.get(OrderField.PRICE));
                statement.setString(p++, (String) patch.fields.get(OrderField.PAYMENT_TYPE));
                statement.setString(p++, patch.cardType);
                statement.setString(p++, json(patch.extensions));
                statement.setObject(p++, now);
                statement.setObject(p++, now);
                statement.addBatch();
                count++;
            }
            if (count > 0) {
                statement.executeBatch();
            }
        }
    }

    private static void updateOrders(Connection connection, WriteContext context, Map<Long, OrderPatch> patches)
            throws SQLException {
        // Order fields cannot be cleared (null = left out), hence COALESCE; cardType and extensions can.
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE orders SET guest_id = COALESCE(?, guest_id), reference_id = COALESCE(?, reference_id),
                    channel = COALESCE(?, channel), point_of_sale = COALESCE(?, point_of_sale), status = COALESCE(?, status),
                    ordered_at = COALESCE(?, ordered_at), currency_code = COALESCE(?, currency_code),
                    price = COALESCE(?, price), payment_type = COALESCE(?, payment_type),
                    card_type = CASE WHEN ? THEN ? ELSE card_type END,
                    extensions = CASE WHEN ? THEN '{}'::jsonb ELSE extensions END || ?::jsonb,
                    modified_at = ?
                WHERE id = ? AND client_id = ?""")) {
            int count = 0;
            OffsetDateTime now = GuestUpsertWriter.timestamp(context.now());
            for (var entry : patches.entrySet()) {
                OrderPatch patch = entry.getValue();
                if (patch.created) {
                    continue;
                }
                int p = 1;
                if (patch.guestId == null) {
                    statement.setNull(p++, Types.BIGINT);
                } else {
                    statement.setLong(p++, patch.guestId);
                }
                statement.setString(p++, (String) patch.fields.get(OrderField.REFERENCE_ID));
                statement.setString(p++, (String) patch.fields.get(OrderField.CHANNEL));
                statement.setString(p++, (String) patch.fields.get(OrderField.POINT_OF_SALE));
                statement.setString(p++, (String) patch.fields.get(OrderField.STATUS));
                statement.setObject(p++, GuestUpsertWriter.timestamp((Instant) patch.fields.get(OrderField.ORDERED_AT)),
                        Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setString(p++, (String) patch.fields.get(OrderField.CURRENCY_CODE));
                statement.setBigDecimal(p++, (BigDecimal) patch.fields.get(OrderField.PRICE));
                statement.setString(p++, (String) patch.fields.get(OrderField.PAYMENT_TYPE));
                statement.setBoolean(p++, patch.cardTypeSet);
                statement.setString(p++, patch.cardType);
                statement.setBoolean(p++, patch.replaced);
                statement.setString(p++, json(patch.extensions));
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

    private static void writeItems(Connection connection, Map<Long, OrderPatch> patches) throws SQLException {
        List<Long> replaced = new ArrayList<>();
        patches.forEach((id, patch) -> {
            if (patch.items != null && !patch.created) {
                replaced.add(id);
            }
        });
        if (!replaced.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM order_item WHERE order_id = ANY (?)")) {
                statement.setArray(1, connection.createArrayOf("bigint", replaced.toArray()));
                statement.executeUpdate();
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO order_item (order_id, position, type, product_id, name, description, vendor, price, currency_code,
                    reference_id, status, ordered_at, quantity, original_price, original_currency_code, channel, extensions)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")) {
            int count = 0;
            for (var entry : patches.entrySet()) {
                List<OrderItem> items = entry.getValue().items;
                if (items == null) {
                    continue;
                }
                for (int i = 0; i < items.size(); i++) {
                    OrderItem item = items.get(i);
                    int p = 1;
                    statement.setLong(p++, entry.getKey());
                    statement.setInt(p++, i);
                    statement.setString(p++, item.type());
                    statement.setString(p++, item.productId());
                    statement.setString(p++, item.name());
                    statement.setString(p++, item.description());
                    statement.setString(p++, item.vendor());
                    statement.setBigDecimal(p++, item.price());
                    statement.setString(p++, item.currencyCode());
                    statement.setString(p++, item.referenceId());
                    statement.setString(p++, item.status());
                    statement.setObject(p++, GuestUpsertWriter.timestamp(item.orderedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                    if (item.quantity() == null) {
                        statement.setNull(p++, Types.INTEGER);
                    } else {
                        statement.setInt(p++, item.quantity());
                    }
                    statement.setBigDecimal(p++, item.originalPrice());
                    statement.setString(p++, item.originalCurrencyCode());
                    statement.setString(p++, item.channel());
                    statement.setString(p++, json(groups(item.extensions())));
                    statement.addBatch();
                    count++;
                }
            }
            if (count > 0) {
                statement.executeBatch();
            }
        }
    }

    static Map<String, Map<String, Object>> groups(List<ExtensionGroup> extensions) {
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        for (ExtensionGroup group : extensions) {
            groups.put(group.name(), group.attributes());
        }
        return groups;
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

    static String json(Object value) {
        try {
            return GuestUpsertWriter.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Extension attributes are always serialisable", e);
        }
    }

    static String quote(String text) {
        return '"' + text + '"';
    }

    /** The changes of a run to one order, later records overriding earlier ones. */
    static final class OrderPatch {
        final boolean created;
        /** An insert replaced the order whole: cardType and extensions left out are cleared. */
        boolean replaced;
        final Map<OrderField, Object> fields = new HashMap<>();
        Long guestId;
        boolean cardTypeSet;
        String cardType;
        final Map<String, Map<String, Object>> extensions = new LinkedHashMap<>();
        /** Null when no record of the run gave items. */
        List<OrderItem> items;

        OrderPatch(boolean created) {
            this.created = created;
        }

        void replace(Order order, Long guestId) {
            replaced = true;
            fields.clear();
            extensions.clear();
            put(OrderField.REFERENCE_ID, order.referenceId());
            put(OrderField.CHANNEL, order.channel());
            put(OrderField.POINT_OF_SALE, order.pointOfSale());
            put(OrderField.STATUS, order.status());
            put(OrderField.ORDERED_AT, order.orderedAt());
            put(OrderField.CURRENCY_CODE, order.currencyCode());
            put(OrderField.PRICE, order.price());
            put(OrderField.PAYMENT_TYPE, order.paymentType());
            cardTypeSet = true;
            cardType = order.cardType();
            this.guestId = guestId;
            extensions.putAll(groups(order.extensions()));
            items = order.items();
        }

        void merge(OrderWrite write, Long guestId) {
            Order order = write.order();
            put(OrderField.REFERENCE_ID, order.referenceId());
            put(OrderField.CHANNEL, order.channel());
            put(OrderField.POINT_OF_SALE, order.pointOfSale());
            put(OrderField.STATUS, order.status());
            put(OrderField.ORDERED_AT, order.orderedAt());
            put(OrderField.CURRENCY_CODE, order.currencyCode());
            put(OrderField.PRICE, order.price());
            put(OrderField.PAYMENT_TYPE, order.paymentType());
            if (order.cardType() != null) {
                cardTypeSet = true;
                cardType = order.cardType();
            } else if (order.paymentType() != null && !Order.CARD.equals(order.paymentType())) {
                // a card type belongs to card payments only
                cardTypeSet = true;
                cardType = null;
            }
            if (guestId != null) {
                this.guestId = guestId;
            }
            extensions.putAll(groups(order.extensions()));
            if (!order.items().isEmpty()) {
                items = order.items();
            }
        }

        private void put(OrderField field, Object value) {
            if (value != null) {
                fields.put(field, value);
            }
        }
    }
}
