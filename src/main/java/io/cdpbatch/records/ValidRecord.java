package io.cdpbatch.records;

/** A validated record of one of the schema/mode pairs. */
public sealed interface ValidRecord permits GuestUpsert, GuestDelete, OrderWrite, OrderDelete, GuestMigration {

    /**
     * Routes records about one guest to one worker: {@code "i:" + provider + '\u0000' + id} of the FIRST
     * identifier, else {@code "e:" + lower-cased email}. Orders route by their contact's identity; an order
     * upsert without contact and an order delete (which have no contact) route by {@code "o:" + referenceId}.
     * Null for a record that touches several guests, which the pipeline applies alone: a {@link GuestMigration},
     * and an order whose consumers identify guests other than its contact.
     */
    String routingKey();

    /** The routing key of a guest known by these identifiers, else this email; null when neither. */
    static String identityKey(java.util.List<Identifier> identifiers, String email) {
        if (!identifiers.isEmpty()) {
            Identifier first = identifiers.get(0);
            return "i:" + first.provider() + '\u0000' + first.id();
        }
        return email == null ? null : "e:" + email;
    }
}
