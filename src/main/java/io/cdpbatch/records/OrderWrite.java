package io.cdpbatch.records;

import java.util.Set;

/**
 * {@code schema: order, mode: insert} or {@code upsert}.
 * <p>
 * An insert has every required field (so {@link #complete()} is true). An upsert may leave any of them
 * out except {@code referenceId}; it creates the order only when {@link #complete()}.
 *
 * @param insert true for {@code insert} (create or replace whole), false for {@code upsert}
 * @param given the top-level fields the record gave
 */
public record OrderWrite(boolean insert, Order order, Set<OrderField> given) implements ValidRecord {

    /** Whether the record gave this field. */
    public boolean has(OrderField field) {
        return given.contains(field);
    }

    /**
     * Whether every field required to create the order is present: referenceId, channel, pointOfSale,
     * status, orderedAt, currencyCode, price, paymentType, cardType when paymentType is Card, contact and at
     * least one item.
     */
    public boolean complete() {
        Order o = order;
        return o.channel() != null && o.pointOfSale() != null && o.status() != null && o.orderedAt() != null
                && o.currencyCode() != null && o.price() != null && o.paymentType() != null
                && (o.cardType() != null || !Order.CARD.equals(o.paymentType()))
                && o.contact() != null && !o.items().isEmpty();
    }

    /**
     * The contact's identity, else {@code "o:" + referenceId} (an upsert without contact). Null when a
     * consumer identifies a guest by another identity than the contact's: the order touches several guests
     * and is applied alone, in file order with every record about them.
     */
    @Override
    public String routingKey() {
        if (order.contact() == null) {
            return "o:" + order.referenceId();
        }
        String key = order.contact().routingKey();
        if (order.consumers() != null) {
            for (Consumer consumer : order.consumers()) {
                String other = consumer.routingKey();
                if (other != null && !other.equals(key)) {
                    return null;
                }
            }
        }
        return key;
    }
}
