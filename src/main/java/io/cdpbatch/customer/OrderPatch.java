package io.cdpbatch.customer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cdpbatch.records.ExtensionGroup;
import io.cdpbatch.records.Order;
import io.cdpbatch.records.OrderField;
import io.cdpbatch.records.OrderItem;
import io.cdpbatch.records.OrderWrite;

/** The changes of a run to one order, later records overriding earlier ones (pure). */
final class OrderPatch {

    final boolean created;
    /** An insert replaced the order whole: cardType and extensions left out are cleared. */
    boolean replaced;
    final Map<OrderField, Object> fields = new HashMap<>();
    /** The contact's guest (a placeholder id for a new guest); null: unchanged. */
    Long guestId;
    boolean cardTypeSet;
    String cardType;
    final Map<String, Map<String, Object>> extensions = new LinkedHashMap<>();
    /** Null when no record of the run gave items: the stored ones stay. */
    List<OrderItem> items;
    /** Null when no record of the run replaced the order: the stored consumers stay. */
    List<OrderPlan.PlannedConsumer> consumers;

    OrderPatch(boolean created) {
        this.created = created;
    }

    void replace(Order order, Long guestId, List<OrderPlan.PlannedConsumer> consumers) {
        replaced = true;
        fields.clear();
        extensions.clear();
        putFields(order);
        cardTypeSet = true;
        cardType = order.cardType();
        this.guestId = guestId;
        extensions.putAll(groups(order.extensions()));
        items = order.items();
        this.consumers = List.copyOf(consumers);
    }

    /** The order's own fields as the record gives them (absent ones are not put). */
    private void putFields(Order order) {
        put(OrderField.REFERENCE_ID, order.referenceId());
        put(OrderField.CHANNEL, order.channel());
        put(OrderField.POINT_OF_SALE, order.pointOfSale());
        put(OrderField.STATUS, order.status());
        put(OrderField.ORDERED_AT, order.orderedAt());
        put(OrderField.CURRENCY_CODE, order.currencyCode());
        put(OrderField.PRICE, order.price());
        put(OrderField.PAYMENT_TYPE, order.paymentType());
    }

    void merge(OrderWrite write, Long guestId) {
        Order order = write.order();
        putFields(order);
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

    static Map<String, Map<String, Object>> groups(List<ExtensionGroup> extensions) {
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        for (ExtensionGroup group : extensions) {
            groups.put(group.name(), group.attributes());
        }
        return groups;
    }
}
