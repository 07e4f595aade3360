package io.cdpbatch.records;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code schema: guest, mode: upsert}, also the {@code contact} of an order.
 * <p>
 * Only the fields in {@link #given()} change. A JSON {@code null} for a scalar field, {@code phoneNumbers} or
 * {@code street} clears it: the field is in {@code given()} and its accessor returns null. A JSON {@code null}
 * for {@code identifiers}, {@code subscriptions} or {@code extensions} (merged, not replaced) is the same as
 * leaving the attribute out. The list accessors of those three never return null.
 *
 * @param identifiers in document order, possibly empty; no two with the same (provider, id)
 * @param email lower-cased; null when not given or cleared
 * @param given the fields the record gave (including cleared ones)
 * @param guestType {@code customer} or null
 * @param title one of the titles of {@code GuestValues.TITLES}, exact case
 * @param gender {@code male}, {@code female} or {@code unknown}
 * @param country ISO 3166-1 alpha-2, upper case
 * @param language ISO 639-1, lower case
 * @param dateOfBirth before the parser's clock at parse time
 * @param subscriptions no two with the same (name, channel, pointOfSale)
 * @param extensions groups {@code ext}, {@code ext1} ... {@code ext5}, each at most once; each replaces the
 *        stored group of its name whole
 */
public record GuestUpsert(
        List<Identifier> identifiers,
        String email,
        Set<GuestField> given,
        String guestType,
        String title,
        String firstName,
        String lastName,
        String gender,
        List<String> phoneNumbers,
        List<String> street,
        String country,
        String language,
        String nationality,
        String city,
        String state,
        String postCode,
        Instant dateOfBirth,
        Instant firstSeen,
        Instant lastSeen,
        Instant passportExpiry,
        String passportNumber,
        List<Subscription> subscriptions,
        List<ExtensionGroup> extensions) implements ValidRecord {

    /** Whether the record gave this field (a cleared field counts as given). */
    public boolean has(GuestField field) {
        return given.contains(field);
    }

    @Override
    public String routingKey() {
        return ValidRecord.identityKey(identifiers, email);
    }
}
