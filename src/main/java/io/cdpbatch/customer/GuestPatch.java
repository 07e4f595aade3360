package io.cdpbatch.customer;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cdpbatch.records.ExtensionGroup;
import io.cdpbatch.records.GuestField;
import io.cdpbatch.records.GuestUpsert;
import io.cdpbatch.records.Identifier;
import io.cdpbatch.records.Subscription;

/** The changes of a run to one guest, later records overriding earlier ones (pure). */
final class GuestPatch {

    /** The guest columns a record can set, in statement order. */
    static final List<GuestField> COLUMNS = List.of(GuestField.GUEST_TYPE, GuestField.TITLE, GuestField.FIRST_NAME,
            GuestField.LAST_NAME, GuestField.GENDER, GuestField.EMAIL, GuestField.PHONE_NUMBERS, GuestField.STREET,
            GuestField.COUNTRY, GuestField.LANGUAGE, GuestField.NATIONALITY, GuestField.CITY, GuestField.STATE,
            GuestField.POST_CODE, GuestField.DATE_OF_BIRTH, GuestField.FIRST_SEEN, GuestField.LAST_SEEN,
            GuestField.PASSPORT_NUMBER, GuestField.PASSPORT_EXPIRY);

    /** The guest type of the guests created for consumers known by name only. */
    static final String TRAVELLER = "traveller";
    /** The guest type of the guests created for consumers known by identity. */
    static final String CUSTOMER = "customer";

    /** The columns a consumer's fields make up: a traveller holds exactly these. */
    static final Set<GuestField> CONSUMER_COLUMNS = Set.of(GuestField.TITLE, GuestField.FIRST_NAME, GuestField.LAST_NAME,
            GuestField.GENDER, GuestField.EMAIL, GuestField.PHONE_NUMBERS, GuestField.NATIONALITY, GuestField.COUNTRY,
            GuestField.DATE_OF_BIRTH, GuestField.PASSPORT_NUMBER, GuestField.PASSPORT_EXPIRY);

    final boolean created;
    final Map<GuestField, Object> values = new EnumMap<>(GuestField.class);
    final Map<String, Identifier> identifiers = new LinkedHashMap<>();
    final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    final Map<String, ExtensionGroup> extensions = new LinkedHashMap<>();

    GuestPatch(boolean created) {
        this.created = created;
    }

    /** A guest upsert: the fields it gives, identifiers and subscriptions merged, extension groups replaced. */
    void add(GuestUpsert guest) {
        for (GuestField field : COLUMNS) {
            if (guest.has(field)) {
                values.put(field, valueOf(guest, field));
            }
        }
        for (Identifier identifier : guest.identifiers()) {
            String key = IdentityIndex.pair(identifier);
            Identifier known = identifiers.get(key);
            Instant expiry = identifier.expiryDate() != null ? identifier.expiryDate()
                    : known == null ? null : known.expiryDate();
            identifiers.put(key, new Identifier(identifier.provider(), identifier.id(), expiry));
        }
        for (Subscription subscription : guest.subscriptions()) {
            subscriptions.put(subscription.name() + '\u0000' + subscription.channel() + '\u0000'
                    + subscription.pointOfSale(), subscription);
        }
        for (ExtensionGroup group : guest.extensions()) {
            extensions.put(group.name(), group);
        }
    }

    /** A new guest takes this type unless a record gave one. */
    void typeWhenCreated(String guestType) {
        if (created) {
            values.putIfAbsent(GuestField.GUEST_TYPE, guestType);
        }
    }

    /** A traveller: the consumer's fields replace the stored ones whole (a field left out is cleared). */
    void traveller(GuestUpsert consumer) {
        values.put(GuestField.GUEST_TYPE, TRAVELLER);
        for (GuestField field : CONSUMER_COLUMNS) {
            values.put(field, consumer.has(field) ? valueOf(consumer, field) : null);
        }
    }

    static Object valueOf(GuestUpsert g, GuestField field) {
        return switch (field) {
            case GUEST_TYPE -> g.guestType();
            case TITLE -> g.title();
            case FIRST_NAME -> g.firstName();
            case LAST_NAME -> g.lastName();
            case GENDER -> g.gender();
            case EMAIL -> g.email();
            case PHONE_NUMBERS -> g.phoneNumbers();
            case STREET -> g.street();
            case COUNTRY -> g.country();
            case LANGUAGE -> g.language();
            case NATIONALITY -> g.nationality();
            case CITY -> g.city();
            case STATE -> g.state();
            case POST_CODE -> g.postCode();
            case DATE_OF_BIRTH -> g.dateOfBirth();
            case FIRST_SEEN -> g.firstSeen();
            case LAST_SEEN -> g.lastSeen();
            case PASSPORT_NUMBER -> g.passportNumber();
            case PASSPORT_EXPIRY -> g.passportExpiry();
            default -> throw new IllegalArgumentException(field + " is not a guest column");
        };
    }
}
