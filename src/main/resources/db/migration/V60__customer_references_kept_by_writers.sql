-- The customer tables stop checking every inserted row against its parent: the writers keep these
-- references themselves.
--
-- A foreign key runs a trigger per inserted row that reads and locks (FOR KEY SHARE) the parent row:
-- for a guest with two identifiers and an extension group that is three lookups of the guest's
-- primary key, and for a flight booking a dozen. Loading the rows of a benchmark file straight into
-- guest, guest_identifier and guest_extension by COPY is about 1.5 times faster without the two keys
-- (BENCHMARKS.md). The keys protected nothing the writers cannot do:
--   * every delete of a guest or an order deletes (or, for mode "delete", detaches) the rows that
--     referred to it, in the same transaction (customer/Dependents.java);
--   * a deleting transaction deletes the parent row first and its dependents after, each in a
--     statement of its own, so it waits for a writer that locked the parent and then sees the
--     dependents that writer committed; a writer locks every parent it writes rows for (it updates or
--     inserts the guest and order rows themselves, and locks a migration's target FOR KEY SHARE);
--   * a test looks for orphans after every kind of delete, migration and re-insert.
-- The indexes the references used stay: each also serves a read of the API or a writer's lookup.
ALTER TABLE guest_identifier DROP CONSTRAINT guest_identifier_guest_id_fkey;
ALTER TABLE guest_subscription DROP CONSTRAINT guest_subscription_guest_id_fkey;
ALTER TABLE guest_extension DROP CONSTRAINT guest_extension_guest_id_fkey;
ALTER TABLE orders DROP CONSTRAINT orders_guest_id_fkey;
ALTER TABLE order_item DROP CONSTRAINT order_item_order_id_fkey;
ALTER TABLE flight_segment DROP CONSTRAINT flight_segment_order_id_item_position_fkey;
ALTER TABLE order_consumer DROP CONSTRAINT order_consumer_order_id_fkey;
ALTER TABLE order_consumer DROP CONSTRAINT order_consumer_guest_id_fkey;
ALTER TABLE order_consumer_item DROP CONSTRAINT order_consumer_item_order_id_consumer_position_fkey;
ALTER TABLE order_consumer_item DROP CONSTRAINT order_consumer_item_order_id_item_position_fkey;
