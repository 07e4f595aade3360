package io.cdpbatch.records;

import java.util.HashMap;
import java.util.Map;

/** The fields of a guest, by their JSON names. */
public enum GuestField {
    IDENTIFIERS("identifiers"),
    GUEST_TYPE("guestType"),
    TITLE("title"),
    FIRST_NAME("firstName"),
    LAST_NAME("lastName"),
    GENDER("gender"),
    EMAIL("email"),
    PHONE_NUMBERS("phoneNumbers"),
    STREET("street"),
    COUNTRY("country"),
    LANGUAGE("language"),
    NATIONALITY("nationality"),
    CITY("city"),
    STATE("state"),
    POST_CODE("postCode"),
    DATE_OF_BIRTH("dateOfBirth"),
    FIRST_SEEN("firstSeen"),
    LAST_SEEN("lastSeen"),
    PASSPORT_EXPIRY("passportExpiry"),
    PASSPORT_NUMBER("passportNumber"),
    SUBSCRIPTIONS("subscriptions"),
    EXTENSIONS("extensions");

    private static final Map<String, GuestField> BY_JSON_NAME = new HashMap<>();

    static {
        for (GuestField field : values()) {
            BY_JSON_NAME.put(field.jsonName, field);
        }
    }

    private final String jsonName;

    GuestField(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The attribute name in {@code value}. */
    public String jsonName() {
        return jsonName;
    }

    /** The field of this JSON name, or null. */
    public static GuestField byJsonName(String name) {
        return BY_JSON_NAME.get(name);
    }
}
