package io.cdpbatch.records;

import java.util.List;

/**
 * {@code schema: migration, mode: guest}. Both lists are non-empty and share no
 * (provider, id) pair.
 *
 * @param from {@code migrateFrom.identifiers}: the guest that is retired
 * @param to {@code migrateTo.identifiers}: the guest that receives the orders
 */
public record GuestMigration(List<Identifier> from, List<Identifier> to) implements ValidRecord {

    /** Null: migrations touch two guests, the pipeline applies them alone. */
    @Override
    public String routingKey() {
        return null;
    }
}
