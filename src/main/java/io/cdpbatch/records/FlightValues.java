package io.cdpbatch.records;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The flight variant of orders: {@code consumers}, and the {@code flightSegments} and
 * {@code consumerTypeCode} of items. As everywhere in orders, a JSON {@code null} is the same as leaving the
 * attribute out.
 */
final class FlightValues {

    private static final Pattern AIRPORT = Pattern.compile("[A-Z]{3}");
    private static final Pattern AIRLINE = Pattern.compile("[A-Z0-9]{2}");
    private static final Pattern TYPE_CODE = Pattern.compile("[A-Z]{3}");
    private static final Pattern BOOKING_CLASS = Pattern.compile("[A-Z]+");
    private static final Pattern ORIGIN_DESTINATION = Pattern.compile("[A-Z]{3}-[A-Z]{3}");
    /** A local time written with a trailing Z: minutes or seconds, no fraction, no offset. */
    private static final Pattern LOCAL_DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?Z");
    static final String LOCAL_DATE_TIME_FORMAT = "a local date-time with a trailing Z, minutes or seconds precision, "
            + "e.g. 2025-08-15T16:00Z";

    /** The guest fields a consumer may give. */
    static final Set<GuestField> CONSUMER_FIELDS = Collections.unmodifiableSet(EnumSet.of(GuestField.TITLE,
            GuestField.FIRST_NAME, GuestField.LAST_NAME, GuestField.GENDER, GuestField.DATE_OF_BIRTH, GuestField.EMAIL,
            GuestField.PHONE_NUMBERS, GuestField.NATIONALITY, GuestField.COUNTRY, GuestField.PASSPORT_NUMBER,
            GuestField.PASSPORT_EXPIRY, GuestField.IDENTIFIERS));

    /**
     * Most links from consumers to items in one order (each consumer counts every item its references name):
     * a group booking of a hundred passengers of a hundred items each. Beyond it the record is refused: the
     * links are rows its line does not pay for byte by byte.
     */
    static final int MAX_CONSUMER_ITEM_LINKS = 10_000;

    private final Clock clock;

    FlightValues(Clock clock) {
        this.clock = clock;
    }

    // ---- items

    /** {@code consumerTypeCode} or {@code passengerTypeCode}: 3 upper-case letters. */
    static String typeCode(JsonNode node, Path at) {
        return matching(node, at, TYPE_CODE, "a passenger type code (3 upper-case letters, e.g. ADT, CHD, INF)");
    }

    /** A {@code flightSegments} array; possibly empty; no two segments with the same id. */
    static List<FlightSegment> segments(JsonNode node, Path at) {
        ArrayNode array = Fields.array(node, at);
        List<FlightSegment> segments = new ArrayList<>(array.size());
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            Path segmentPath = at.index(i);
            FlightSegment segment = segment(Fields.object(array.get(i), segmentPath), segmentPath);
            Integer earlier = ids.putIfAbsent(segment.id(), i);
            if (earlier != null) {
                throw Invalid.validation(segmentPath.field("id") + ": same id as " + at.index(earlier));
            }
            segments.add(segment);
        }
        return Collections.unmodifiableList(segments);
    }

    private static FlightSegment segment(ObjectNode object, Path path) {
        String id = null;
        String origin = null;
        String destination = null;
        Instant departure = null;
        Instant arrival = null;
        String flightNumber = null;
        String fareClass = null;
        String carrier = null;
        String fareFamily = null;
        String bookingClass = null;
        String equipmentType = null;
        String originDestination = null;
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            String key = entry.getKey();
            JsonNode node = entry.getValue();
            Path at = path.field(key);
            boolean isNull = node.isNull();
            switch (key) {
                case "id" -> id = isNull ? null : Fields.nonEmptyText(node, at, Fields.TEXT);
                case "origin" -> origin = isNull ? null : airport(node, at);
                case "destination" -> destination = isNull ? null : airport(node, at);
                case "departureDateTime" -> departure = isNull ? null : localDateTime(node, at);
                case "arrivalDateTime" -> arrival = isNull ? null : localDateTime(node, at);
                case "flightNumber" -> flightNumber = isNull ? null : Fields.nonEmptyText(node, at, Fields.TEXT);
                case "fareClass" -> fareClass = isNull ? null : Fields.nonEmptyText(node, at, Fields.TEXT);
                case "carrier" -> carrier = isNull ? null
                        : matching(node, at, AIRLINE, "an IATA airline code (2 upper-case letters or digits)");
                case "fareFamily" -> fareFamily = isNull ? null : Fields.text(node, at, Fields.TEXT);
                case "bookingClass" -> bookingClass = isNull ? null : bookingClass(node, at);
                case "equipmentType" -> equipmentType = isNull ? null : Fields.text(node, at, Fields.TEXT);
                case "originDestination" -> originDestination = isNull ? null
                        : matching(node, at, ORIGIN_DESTINATION, "two IATA codes joined by a hyphen, e.g. DUB-LHR");
                default -> throw Fields.unknownAttribute(path, key);
            }
        }
        required(id, path, "id");
        required(origin, path, "origin");
        required(destination, path, "destination");
        required(departure, path, "departureDateTime");
        required(arrival, path, "arrivalDateTime");
        required(flightNumber, path, "flightNumber");
        required(fareClass, path, "fareClass");
        required(carrier, path, "carrier");
        return new FlightSegment(id, origin, destination, departure, arrival, flightNumber, fareClass, carrier, fareFamily,
                bookingClass, equipmentType, originDestination);
    }

    private static String airport(JsonNode node, Path at) {
        return matching(node, at, AIRPORT, "an IATA airport or city code (3 upper-case letters)");
    }

    private static String bookingClass(JsonNode node, Path at) {
        String value = Fields.text(node, at, Fields.TEXT);
        if (!BOOKING_CLASS.matcher(value).matches()) {
            throw Invalid.validation(at + ": must be upper-case letters, got " + Text.quote(value));
        }
        return value;
    }

    /** The local time as written: its digits kept, the Z read as UTC only to store and show it back unchanged. */
    static Instant localDateTime(JsonNode node, Path at) {
        if (!node.isTextual()) {
            throw Fields.mismatch(at, "a string (" + LOCAL_DATE_TIME_FORMAT + ")", node);
        }
        String value = node.textValue();
        Instant instant = LOCAL_DATE_TIME.matcher(value).matches() ? Fields.parseDateTime(value) : null;
        if (instant == null) {
            throw Invalid.validation(at + ": must be " + LOCAL_DATE_TIME_FORMAT + ", got " + Text.quote(value));
        }
        return instant;
    }

    private static String matching(JsonNode node, Path at, Pattern pattern, String what) {
        if (!node.isTextual()) {
            throw Fields.mismatch(at, "a string", node);
        }
        String value = node.textValue();
        if (!pattern.matcher(value).matches()) {
            throw Invalid.validation(at + ": must be " + what + ", got " + Text.quote(value));
        }
        return value;
    }

    private static void required(Object value, Path parent, String name) {
        if (value == null) {
            throw Fields.required(parent.field(name));
        }
    }

    // ---- consumers

    /** A {@code consumers} array; each consumer's item references are checked against the order's items. */
    List<Consumer> consumers(JsonNode node, Path at) {
        ArrayNode array = Fields.array(node, at);
        List<Consumer> consumers = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            Path consumerPath = at.index(i);
            consumers.add(consumer(Fields.object(array.get(i), consumerPath), consumerPath));
        }
        return Collections.unmodifiableList(consumers);
    }

    private Consumer consumer(ObjectNode object, Path path) {
        GuestFields fields = new GuestFields(clock);
        List<String> references = null;
        List<String> emails = null;
        boolean email = false;
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            String key = entry.getKey();
            JsonNode node = entry.getValue();
            Path at = path.field(key);
            if (key.equals("orderItems")) {
                references = node.isNull() ? null : itemReferences(node, at);
            } else if (key.equals("emails")) {
                emails = node.isNull() ? null : emails(node, at);
            } else {
                GuestField field = GuestField.byJsonName(key);
                if (field == null || !CONSUMER_FIELDS.contains(field)) {
                    throw Fields.unknownAttribute(path, key);
                }
                if (!node.isNull()) {
                    fields.read(field, node, at);
                    email |= field == GuestField.EMAIL;
                }
            }
        }
        if (references == null) {
            throw Fields.required(path.field("orderItems"));
        }
        if (email && emails != null) {
            throw Invalid.validation(path.field("emails") + ": give email or emails, not both");
        }
        if (emails != null && !emails.isEmpty()) {
            fields.email(emails.get(0));
        }
        GuestUpsert person = fields.toUpsert();
        List<String> allEmails = emails != null ? emails : person.email() == null ? List.of() : List.of(person.email());
        return new Consumer(person, allEmails, references, List.of());
    }

    private static List<String> emails(JsonNode node, Path at) {
        ArrayNode array = Fields.array(node, at);
        List<String> emails = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            emails.add(Fields.email(array.get(i), at.index(i)));
        }
        return Collections.unmodifiableList(emails);
    }

    /** {@code orderItems: [{"referenceId": ...}]}: at least one, no reference twice. */
    private static List<String> itemReferences(JsonNode node, Path at) {
        ArrayNode array = Fields.array(node, at);
        if (array.isEmpty()) {
            throw Invalid.validation(at + ": must name at least one item of the order");
        }
        List<String> references = new ArrayList<>(array.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            Path entryPath = at.index(i);
            ObjectNode object = Fields.object(array.get(i), entryPath);
            String reference = null;
            for (Map.Entry<String, JsonNode> entry : object.properties()) {
                if (!entry.getKey().equals("referenceId")) {
                    throw Fields.unknownAttribute(entryPath, entry.getKey());
                }
                if (!entry.getValue().isNull()) {
                    reference = Fields.text(entry.getValue(), entryPath.field("referenceId"), Fields.TEXT);
                }
            }
            if (reference == null) {
                throw Fields.required(entryPath.field("referenceId"));
            }
            Integer earlier = seen.putIfAbsent(reference, i);
            if (earlier != null) {
                throw Invalid.validation(entryPath.field("referenceId") + ": " + Text.quote(reference)
                        + " is already named by " + at.index(earlier));
            }
            references.add(reference);
        }
        return Collections.unmodifiableList(references);
    }

    private static boolean blank(String name) {
        return name == null || name.isBlank();
    }

    /**
     * The rules that need the whole order: at most {@link #MAX_CONSUMER_ITEM_LINKS} links from consumers to
     * items in all, every item reference names an item of the order, and each consumer is identified
     * (identifiers or an e-mail) or named (first and last name).
     *
     * @return the consumers with the positions of the items they consume
     */
    static List<Consumer> link(List<Consumer> consumers, List<OrderItem> items, Path at) {
        Map<String, List<Integer>> positionsByReference = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            positionsByReference.computeIfAbsent(items.get(i).referenceId(), r -> new ArrayList<>(1)).add(i);
        }
        // a reference names every item of its referenceId: counted before any link is made, since a line of
        // under 1 MiB could otherwise name tens of millions
        long links = 0;
        for (Consumer consumer : consumers) {
            for (String reference : consumer.itemReferenceIds()) {
                links += positionsByReference.getOrDefault(reference, List.of()).size();
            }
        }
        if (links > MAX_CONSUMER_ITEM_LINKS) {
            throw Invalid.validation(at + ": the consumers consume " + links + " order items in all (a reference names "
                    + "every item with its referenceId), at most " + MAX_CONSUMER_ITEM_LINKS + " per order");
        }
        List<Consumer> linked = new ArrayList<>(consumers.size());
        for (int c = 0; c < consumers.size(); c++) {
            Consumer consumer = consumers.get(c);
            Path consumerPath = at.index(c);
            TreeSet<Integer> positions = new TreeSet<>();
            for (int r = 0; r < consumer.itemReferenceIds().size(); r++) {
                String reference = consumer.itemReferenceIds().get(r);
                List<Integer> named = positionsByReference.get(reference);
                if (named == null) {
                    throw Invalid.validation(consumerPath.field("orderItems").index(r).field("referenceId") + ": "
                            + Text.quote(reference) + " names no item of this order ("
                            + (items.isEmpty() ? "the record gives no orderItems" : "orderItems[].referenceId") + ")");
                }
                positions.addAll(named);
            }
            GuestUpsert person = consumer.person();
            if (!consumer.identified() && (blank(person.firstName()) || blank(person.lastName()))) {
                throw Invalid.of(400, Rejection.IDENTITY_MISSING,
                        consumerPath + ": no identifiers, no email, and not both firstName and lastName");
            }
            linked.add(new Consumer(person, consumer.emails(), consumer.itemReferenceIds(), List.copyOf(positions)));
        }
        return Collections.unmodifiableList(linked);
    }
}
