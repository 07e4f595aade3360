package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.RecordWriter;
import io.cdpbatch.pipeline.Work;
import io.cdpbatch.pipeline.WriteContext;
import io.cdpbatch.records.ExtensionGroup;
import io.cdpbatch.records.GuestField;
import io.cdpbatch.records.GuestUpsert;
import io.cdpbatch.records.Identifier;
import io.cdpbatch.records.Subscription;
import io.cdpbatch.records.ValidRecord;

/**
 * Guest upserts, set-based: the guests of a whole run are resolved by identity with two queries,
 * their changes folded in file order in memory, and written with one batched statement per table.
 * Writing the final state of each guest once gives the same result as applying the records one by
 * one, and applying the same run again changes nothing (idempotent).
 */
@ApplicationScoped
public class GuestUpsertWriter implements RecordWriter {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The guest columns a record can set, in statement order. */
    static final List<GuestField> COLUMNS = List.of(GuestField.GUEST_TYPE, GuestField.TITLE, GuestField.FIRST_NAME,
            GuestField.LAST_NAME, GuestField.GENDER, GuestField.EMAIL, GuestField.PHONE_NUMBERS, GuestField.STREET,
            GuestField.COUNTRY, GuestField.LANGUAGE, GuestField.NATIONALITY, GuestField.CITY, GuestField.STATE,
            GuestField.POST_CODE, GuestField.DATE_OF_BIRTH, GuestField.FIRST_SEEN, GuestField.LAST_SEEN,
            GuestField.PASSPORT_NUMBER, GuestField.PASSPORT_EXPIRY);

    private static final String UPSERT_GUEST = buildGuestUpsert();

    @Override
    public boolean accepts(ValidRecord record) {
        return record instanceof GuestUpsert;
    }

    @Override
    public List<Failure> write(Connection connection, WriteContext context, List<Work> run) throws SQLException {
        return upsert(connection, context, run, work -> (GuestUpsert) work.record(), "value").failures();
    }

    /** What {@link #upsert} did: the failures, and the guest each other record was applied to. */
    record Upserted(List<Failure> failures, Map<Long, Long> guestByLine) {
    }

    /**
     * Applies guest upserts (guest records, or the contacts of orders) in file order.
     *
     * @param guestOf the guest upsert of a record
     * @param path where the guest upsert sits in the record, for the detail of a failure
     */
    Upserted upsert(Connection connection, WriteContext context, List<Work> run, Function<Work, GuestUpsert> guestOf,
            String path) throws SQLException {
        List<Failure> failures = new ArrayList<>();
        Identities identities = Identities.load(connection, context.clientId(), run.stream()
                .map(guestOf).map(g -> new Identities.Wanted(g.identifiers(), g.email())).toList());
        Map<Long, GuestPatch> patches = new TreeMap<>();
        Map<Long, Long> guestByLine = new HashMap<>();
        for (Work work : run) {
            GuestUpsert guest = guestOf.apply(work);
            Identities.Resolution resolution = identities.resolveOrCreate(guest.identifiers(), guest.email());
            if (resolution.conflict()) {
                failures.add(new Failure(work.line(), work.ref(), 409, "Identity conflict",
                        path + ".identifiers: the identifiers belong to " + resolution.guests() + " different guests"));
                continue;
            }
            long guestId = resolution.guestId();
            if (guest.has(GuestField.EMAIL) && guest.email() != null) {
                identities.rememberEmail(guest.email(), guestId);
            }
            guestByLine.put(work.line(), guestId);
            patches.computeIfAbsent(guestId, id -> new GuestPatch(resolution.created())).add(guest);
        }
        identities.assignNewIds(connection);
        Map<Long, GuestPatch> byRealId = new TreeMap<>();
        patches.forEach((id, patch) -> byRealId.put(identities.realId(id), patch));
        guestByLine.replaceAll((line, id) -> identities.realId(id));
        writeGuests(connection, context, byRealId);
        writeIdentifiers(connection, context, byRealId, identities);
        writeSubscriptions(connection, byRealId);
        writeExtensions(connection, byRealId);
        return new Upserted(failures, guestByLine);
    }

    /**
     * One statement for all the guests of the run: the rows travel as one array per column (the
     * given fields as a bit mask), existing guests are updated field by field, the others inserted.
     */
    private static void writeGuests(Connection connection, WriteContext context, Map<Long, GuestPatch> patches)
            throws SQLException {
        int n = patches.size();
        if (n == 0) {
            return;
        }
        Long[] ids = new Long[n];
        Integer[] given = new Integer[n];
        String[][] columns = new String[COLUMNS.size()][n];
        int row = 0;
        for (var entry : patches.entrySet()) {
            GuestPatch patch = entry.getValue();
            ids[row] = entry.getKey();
            int mask = 0;
            for (int c = 0; c < COLUMNS.size(); c++) {
                GuestField field = COLUMNS.get(c);
                if (patch.values.containsKey(field)) {
                    mask |= 1 << c;
                    columns[c][row] = text(patch.values.get(field));
                }
            }
            given[row] = mask;
            row++;
        }
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_GUEST)) {
            int p = 1;
            statement.setArray(p++, connection.createArrayOf("int8", ids));
            statement.setArray(p++, connection.createArrayOf("int4", given));
            for (String[] column : columns) {
                statement.setArray(p++, connection.createArrayOf("text", column));
            }
            OffsetDateTime now = timestamp(context.now());
            statement.setObject(p++, now);
            statement.setLong(p++, context.clientId());
            statement.setObject(p++, now);
            statement.setObject(p++, now);
            statement.execute();
        }
    }

    /**
     * Adds the identifiers of the run in one statement and checks that each new one went to the
     * guest it was added for (the statement returns exactly the pairs it wrote for their guest).
     */
    private static void writeIdentifiers(Connection connection, WriteContext context, Map<Long, GuestPatch> patches,
            Identities identities) throws SQLException {
        List<String> providers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Long> guests = new ArrayList<>();
        List<String> expiries = new ArrayList<>();
        for (var entry : patches.entrySet()) {
            for (Identifier identifier : entry.getValue().identifiers.values()) {
                providers.add(identifier.provider());
                ids.add(identifier.id());
                guests.add(entry.getKey());
                expiries.add(identifier.expiryDate() == null ? null : identifier.expiryDate().toString());
            }
        }
        if (providers.isEmpty()) {
            return;
        }
        Set<String> written = new HashSet<>(providers.size() * 2);
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO guest_identifier AS gi (client_id, provider, id, guest_id, expiry_date)
                SELECT ?, u.provider, u.id, u.guest_id, u.expiry::timestamptz
                FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[]) AS u(provider, id, guest_id, expiry)
                ON CONFLICT (client_id, provider, id) DO UPDATE SET expiry_date = COALESCE(EXCLUDED.expiry_date, gi.expiry_date)
                WHERE gi.guest_id = EXCLUDED.guest_id
                RETURNING gi.provider, gi.id""")) {
            statement.setLong(1, context.clientId());
            statement.setArray(2, connection.createArrayOf("text", providers.toArray()));
            statement.setArray(3, connection.createArrayOf("text", ids.toArray()));
            statement.setArray(4, connection.createArrayOf("int8", guests.toArray()));
            statement.setArray(5, connection.createArrayOf("text", expiries.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    written.add(rows.getString(1) + '\u0000' + rows.getString(2));
                }
            }
        }
        identities.verifyNewIdentifiers(written);
    }

    private static void writeSubscriptions(Connection connection, Map<Long, GuestPatch> patches) throws SQLException {
        List<Long> guests = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        List<String> pointsOfSale = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        List<String> dates = new ArrayList<>();
        for (var entry : patches.entrySet()) {
            for (Subscription subscription : entry.getValue().subscriptions.values()) {
                guests.add(entry.getKey());
                names.add(nullToEmpty(subscription.name()));
                channels.add(nullToEmpty(subscription.channel()));
                pointsOfSale.add(nullToEmpty(subscription.pointOfSale()));
                statuses.add(subscription.status());
                dates.add(subscription.effectiveDate() == null ? null : subscription.effectiveDate().toString());
            }
        }
        if (guests.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO guest_subscription AS s (guest_id, name, channel, point_of_sale, status, effective_date)
                SELECT u.guest_id, u.name, u.channel, u.point_of_sale, u.status, u.effective::timestamptz
                FROM unnest(?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                  AS u(guest_id, name, channel, point_of_sale, status, effective)
                ON CONFLICT (guest_id, name, channel, point_of_sale)
                DO UPDATE SET status = EXCLUDED.status, effective_date = EXCLUDED.effective_date""")) {
            statement.setArray(1, connection.createArrayOf("int8", guests.toArray()));
            statement.setArray(2, connection.createArrayOf("text", names.toArray()));
            statement.setArray(3, connection.createArrayOf("text", channels.toArray()));
            statement.setArray(4, connection.createArrayOf("text", pointsOfSale.toArray()));
            statement.setArray(5, connection.createArrayOf("text", statuses.toArray()));
            statement.setArray(6, connection.createArrayOf("text", dates.toArray()));
            statement.execute();
        }
    }

    private static void writeExtensions(Connection connection, Map<Long, GuestPatch> patches) throws SQLException {
        List<Long> guests = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> attributes = new ArrayList<>();
        for (var entry : patches.entrySet()) {
            for (ExtensionGroup group : entry.getValue().extensions.values()) {
                guests.add(entry.getKey());
                names.add(group.name());
                attributes.add(json(group.attributes()));
            }
        }
        if (guests.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                """
                        INSERT INTO guest_extension (guest_id, name, attributes)
                        SELECT u.guest_id, u.name, u.attributes::jsonb FROM unnest(?::int8[], ?::text[], ?::text[]) AS u(guest_id, name, attributes)
                        ON CONFLICT (guest_id, name) DO UPDATE SET attributes = EXCLUDED.attributes""")) {
            statement.setArray(1, connection.createArrayOf("int8", guests.toArray()));
            statement.setArray(2, connection.createArrayOf("text", names.toArray()));
            statement.setArray(3, connection.createArrayOf("text", attributes.toArray()));
            statement.execute();
        }
    }

    static String json(Map<String, Object> attributes) {
        try {
            return JSON.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Extension attributes are always serialisable", e);
        }
    }

    /** A column value as text for its array: instants in ISO-8601, lists as PostgreSQL array literals. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder literal = new StringBuilder(2 + list.size() * 16).append('{');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    literal.append(',');
                }
                Object element = list.get(i);
                if (element == null) {
                    literal.append("NULL");
                    continue;
                }
                literal.append('"');
                String text = element.toString();
                for (int k = 0; k < text.length(); k++) {
                    char ch = text.charAt(k);
                    if (ch == '"' || ch == '\\') {
                        literal.append('\\');
                    }
                    literal.append(ch);
                }
                literal.append('"');
            }
            return literal.append('}').toString();
        }
        return value.toString();
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /**
     * Parameters: ids, given masks, one text array per column of {@link #COLUMNS}, modified_at (update),
     * client_id, created_at, modified_at (insert).
     */
    private static String buildGuestUpsert() {
        StringBuilder unnest = new StringBuilder("?::int8[], ?::int4[]");
        StringBuilder names = new StringBuilder("id, given");
        StringBuilder sets = new StringBuilder("modified_at = ?");
        StringBuilder columns = new StringBuilder("id, client_id, created_at, modified_at");
        StringBuilder values = new StringBuilder("u.id, ?, ?, ?");
        for (int c = 0; c < COLUMNS.size(); c++) {
            GuestField field = COLUMNS.get(c);
            String column = column(field);
            String value = "u." + column + switch (field) {
                case PHONE_NUMBERS, STREET -> "::text[]";
                case DATE_OF_BIRTH, FIRST_SEEN, LAST_SEEN, PASSPORT_EXPIRY -> "::timestamptz";
                default -> "";
            };
            unnest.append(", ?::text[]");
            names.append(", ").append(column);
            sets.append(", ").append(column).append(" = CASE WHEN u.given & ").append(1 << c).append(" <> 0 THEN ")
                    .append(value)
                    .append(" ELSE g.").append(column).append(" END");
            columns.append(", ").append(column);
            values.append(", ").append(value);
        }
        return "WITH u AS (SELECT * FROM unnest(" + unnest + ") AS u(" + names + ")), "
                + "updated AS (UPDATE guest AS g SET " + sets + " FROM u WHERE g.id = u.id RETURNING g.id) "
                + "INSERT INTO guest (" + columns + ") SELECT " + values + " FROM u WHERE u.id NOT IN (SELECT id FROM updated)";
    }

    /** snake_case of the JSON name. */
    static String column(GuestField field) {
        return field.jsonName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    /** The changes of a run to one guest, later records overriding earlier ones. */
    static final class GuestPatch {
        final boolean created;
        final Map<GuestField, Object> values = new EnumMap<>(GuestField.class);
        final Map<String, Identifier> identifiers = new LinkedHashMap<>();
        final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
        final Map<String, ExtensionGroup> extensions = new LinkedHashMap<>();

        GuestPatch(boolean created) {
            this.created = created;
        }

        void add(GuestUpsert guest) {
            for (GuestField field : COLUMNS) {
                if (guest.has(field)) {
                    values.put(field, valueOf(guest, field));
                }
            }
            for (Identifier identifier : guest.identifiers()) {
                String key = identifier.provider() + '\u0000' + identifier.id();
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
}
