package io.cdpbatch.customer;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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
import io.cdpbatch.pipeline.RetryableConflictException;
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
        writeIdentifiers(connection, context, byRealId);
        identities.verifyNewIdentifiers(connection);
        writeSubscriptions(connection, byRealId);
        writeExtensions(connection, byRealId);
        return new Upserted(failures, guestByLine);
    }

    private static void writeGuests(Connection connection, WriteContext context, Map<Long, GuestPatch> patches)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_GUEST)) {
            OffsetDateTime now = timestamp(context.now());
            for (var entry : patches.entrySet()) {
                GuestPatch patch = entry.getValue();
                int p = 1;
                statement.setLong(p++, entry.getKey());
                statement.setLong(p++, context.clientId());
                statement.setObject(p++, now);
                statement.setObject(p++, now);
                for (GuestField field : COLUMNS) {
                    bind(connection, statement, p++, field, patch.values.get(field));
                }
                for (GuestField field : COLUMNS) {
                    statement.setBoolean(p++, patch.values.containsKey(field));
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void writeIdentifiers(Connection connection, WriteContext context, Map<Long, GuestPatch> patches)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO guest_identifier AS gi (client_id, provider, id, guest_id, expiry_date) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (client_id, provider, id) DO UPDATE SET expiry_date = COALESCE(EXCLUDED.expiry_date, gi.expiry_date)
                WHERE gi.guest_id = EXCLUDED.guest_id""")) {
            int count = 0;
            for (var entry : patches.entrySet()) {
                for (Identifier identifier : entry.getValue().identifiers.values()) {
                    statement.setLong(1, context.clientId());
                    statement.setString(2, identifier.provider());
                    statement.setString(3, identifier.id());
                    statement.setLong(4, entry.getKey());
                    statement.setObject(5, timestamp(identifier.expiryDate()));
                    statement.addBatch();
                    count++;
                }
            }
            if (count > 0) {
                statement.executeBatch();
            }
        }
    }

    private static void writeSubscriptions(Connection connection, Map<Long, GuestPatch> patches) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO guest_subscription AS s (guest_id, name, channel, point_of_sale, status, effective_date)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (guest_id, name, channel, point_of_sale)
                DO UPDATE SET status = EXCLUDED.status, effective_date = EXCLUDED.effective_date""")) {
            int count = 0;
            for (var entry : patches.entrySet()) {
                for (Subscription subscription : entry.getValue().subscriptions.values()) {
                    statement.setLong(1, entry.getKey());
                    statement.setString(2, nullToEmpty(subscription.name()));
                    statement.setString(3, nullToEmpty(subscription.channel()));
                    statement.setString(4, nullToEmpty(subscription.pointOfSale()));
                    statement.setString(5, subscription.status());
                    statement.setObject(6, timestamp(subscription.effectiveDate()));
                    statement.addBatch();
                    count++;
                }
            }
            if (count > 0) {
                statement.executeBatch();
            }
        }
    }

    private static void writeExtensions(Connection connection, Map<Long, GuestPatch> patches) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO guest_extension (guest_id, name, attributes) VALUES (?, ?, ?::jsonb)
                ON CONFLICT (guest_id, name) DO UPDATE SET attributes = EXCLUDED.attributes""")) {
            int count = 0;
            for (var entry : patches.entrySet()) {
                for (ExtensionGroup group : entry.getValue().extensions.values()) {
                    statement.setLong(1, entry.getKey());
                    statement.setString(2, group.name());
                    statement.setString(3, json(group.attributes()));
                    statement.addBatch();
                    count++;
                }
            }
            if (count > 0) {
                statement.executeBatch();
            }
        }
    }

    static String json(Map<String, Object> attributes) {
        try {
            return JSON.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Extension attributes are always serialisable", e);
        }
    }

    private static void bind(Connection connection, PreparedStatement statement, int index, GuestField field, Object value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, switch (field) {
                case PHONE_NUMBERS, STREET -> Types.ARRAY;
                case DATE_OF_BIRTH, FIRST_SEEN, LAST_SEEN, PASSPORT_EXPIRY -> Types.TIMESTAMP_WITH_TIMEZONE;
                default -> Types.VARCHAR;
            });
            return;
        }
        if (value instanceof Instant instant) {
            statement.setObject(index, timestamp(instant));
        } else if (value instanceof List<?> list) {
            Array array = connection.createArrayOf("text", list.toArray());
            statement.setArray(index, array);
        } else {
            statement.setString(index, value.toString());
        }
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String buildGuestUpsert() {
        StringBuilder columns = new StringBuilder("id, client_id, created_at, modified_at");
        StringBuilder values = new StringBuilder("?, ?, ?, ?");
        StringBuilder updates = new StringBuilder("modified_at = EXCLUDED.modified_at");
        for (GuestField field : COLUMNS) {
            String column = column(field);
            columns.append(", ").append(column);
            values.append(", ?");
        }
        for (GuestField field : COLUMNS) {
            String column = column(field);
            updates.append(", ").append(column).append(" = CASE WHEN ? THEN EXCLUDED.").append(column).append(" ELSE g.")
                    .append(column).append(" END");
        }
        return "INSERT INTO guest AS g (" + columns + ") VALUES (" + values + ") ON CONFLICT (id) DO UPDATE SET " + updates;
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
