package io.cdpbatch.records;

import java.util.List;

/**
 * One {@code consumers[]} entry of an order: a person who consumes some of its items (for a flight, a
 * passenger). Inside a consumer a JSON null is the same as leaving the attribute out.
 *
 * @param person the consumer's guest fields (title, names, gender, dateOfBirth, email, phoneNumbers,
 *        nationality, country, passportNumber, passportExpiry, identifiers), validated like a guest's; its
 *        e-mail is {@code email}, else the first of {@code emails}
 * @param emails {@code email} as a one-element list, or {@code emails}; lower-cased; possibly empty
 * @param itemReferenceIds the {@code orderItems[].referenceId} it names, at least one, no duplicates
 * @param itemPositions the positions in the order's {@code orderItems} of the items they name, ascending
 */
public record Consumer(GuestUpsert person, List<String> emails, List<String> itemReferenceIds,
        List<Integer> itemPositions) {

    /** Whether the consumer identifies a guest (identifiers, else an e-mail); else it has first and last name. */
    public boolean identified() {
        return !person.identifiers().isEmpty() || person.email() != null;
    }

    /** The routing key of the guest it identifies, null when it is known by name only. */
    public String routingKey() {
        return ValidRecord.identityKey(person.identifiers(), person.email());
    }
}
