package io.cdpbatch.records;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The guest fields of one object (a guest upsert, an order's contact, a consumer), read one attribute at
 * a time with the rules of the guest fields, then turned into a {@link GuestUpsert}. The caller decides
 * which attributes the object may have and what a JSON null means there.
 */
final class GuestFields {

    private final Clock clock;
    private final EnumSet<GuestField> given = EnumSet.noneOf(GuestField.class);
    private List<Identifier> identifiers = List.of();
    private String email;
    private String guestType;
    private String title;
    private String firstName;
    private String lastName;
    private String gender;
    private List<String> phoneNumbers;
    private List<String> street;
    private String country;
    private String language;
    private String nationality;
    private String city;
    private String state;
    private String postCode;
    private Instant dateOfBirth;
    private Instant firstSeen;
    private Instant lastSeen;
    private Instant passportExpiry;
    private String passportNumber;
    private List<Subscription> subscriptions = List.of();
    private List<ExtensionGroup> extensions = List.of();

    GuestFields(Clock clock) {
        this.clock = clock;
    }

    /**
     * Reads one attribute. A JSON null clears a scalar, {@code phoneNumbers} or {@code street} (the field
     * counts as given) and is the same as leaving out {@code identifiers}, {@code subscriptions} and
     * {@code extensions}, which are merged rather than replaced.
     */
    void read(GuestField field, JsonNode node, Path at) {
        boolean isNull = node.isNull();
        switch (field) {
            case IDENTIFIERS -> {
                if (!isNull) {
                    identifiers = GuestValues.identifiers(node, at);
                    given.add(field);
                }
                return;
            }
            case SUBSCRIPTIONS -> {
                if (!isNull) {
                    subscriptions = GuestValues.subscriptions(node, at);
                    given.add(field);
                }
                return;
            }
            case EXTENSIONS -> {
                if (!isNull) {
                    extensions = Extensions.parse(node, at, Extensions.GUEST_GROUPS, Extensions.GUEST_GROUPS_LISTED);
                    given.add(field);
                }
                return;
            }
            default -> given.add(field);
        }
        if (isNull) {
            return; // cleared: given, the value stays null
        }
        switch (field) {
            case GUEST_TYPE -> guestType = Fields.oneOf(node, at, GuestValues.GUEST_TYPES, "customer");
            case TITLE -> title = Fields.oneOf(node, at, GuestValues.TITLES, GuestValues.TITLES_LISTED);
            case FIRST_NAME -> firstName = Fields.text(node, at, Fields.TEXT);
            case LAST_NAME -> lastName = Fields.text(node, at, Fields.TEXT);
            case GENDER -> gender = Fields.oneOf(node, at, GuestValues.GENDERS, "male, female, unknown");
            case EMAIL -> email = Fields.email(node, at);
            case PHONE_NUMBERS -> phoneNumbers = Fields.textArray(node, at, Fields.TEXT);
            case STREET -> street = Fields.textArray(node, at, Fields.TEXT);
            case COUNTRY -> country = Fields.country(node, at);
            case LANGUAGE -> language = Fields.language(node, at);
            case NATIONALITY -> nationality = Fields.text(node, at, Fields.TEXT);
            case CITY -> city = Fields.text(node, at, Fields.TEXT);
            case STATE -> state = Fields.text(node, at, Fields.TEXT);
            case POST_CODE -> postCode = Fields.text(node, at, Fields.TEXT);
            case DATE_OF_BIRTH -> dateOfBirth = pastDateTime(node, at);
            case FIRST_SEEN -> firstSeen = Fields.dateTime(node, at);
            case LAST_SEEN -> lastSeen = Fields.dateTime(node, at);
            case PASSPORT_EXPIRY -> passportExpiry = Fields.dateTime(node, at);
            case PASSPORT_NUMBER -> passportNumber = Fields.text(node, at, Fields.TEXT);
            default -> throw new IllegalStateException(field.name());
        }
    }

    /** Sets the e-mail that identifies the guest (a consumer's first {@code emails} entry). */
    void email(String email) {
        this.email = email;
        given.add(GuestField.EMAIL);
    }

    /** Whether the fields identify a guest: identifiers, else an e-mail. */
    boolean identified() {
        return !identifiers.isEmpty() || email != null;
    }

    GuestUpsert toUpsert() {
        return new GuestUpsert(identifiers, email, Collections.unmodifiableSet(EnumSet.copyOf(given)),
                guestType, title, firstName, lastName, gender, phoneNumbers, street, country, language, nationality, city,
                state, postCode, dateOfBirth, firstSeen, lastSeen, passportExpiry, passportNumber, subscriptions,
                extensions);
    }

    private Instant pastDateTime(JsonNode node, Path at) {
        Instant instant = Fields.dateTime(node, at);
        if (!instant.isBefore(clock.instant())) {
            throw Invalid.validation(at + ": must be in the past, got " + Text.quote(node.textValue()));
        }
        return instant;
    }
}
