package io.cdpbatch.customer;

import io.cdpbatch.pipeline.TableGrowth.Table;

/**
 * The customer tables batches make grow, with the columns the writers and the read API look their rows
 * up by: what the pipeline analyses when a batch made a table grow ({@code TableStatistics}).
 */
final class GrowingTables {

    static final Table GUEST = new Table("guest", "id, client_id, email");
    static final Table GUEST_IDENTIFIER = new Table("guest_identifier", "client_id, provider, id, guest_id");
    static final Table GUEST_SUBSCRIPTION = new Table("guest_subscription", "guest_id");
    static final Table GUEST_EXTENSION = new Table("guest_extension", "guest_id");
    static final Table ORDERS = new Table("orders", "id, client_id, reference_id, guest_id");
    static final Table ORDER_ITEM = new Table("order_item", "order_id");
    static final Table FLIGHT_SEGMENT = new Table("flight_segment", "order_id");
    static final Table ORDER_CONSUMER = new Table("order_consumer", "order_id, guest_id");
    static final Table ORDER_CONSUMER_ITEM = new Table("order_consumer_item", "order_id");

    private GrowingTables() {
    }
}
