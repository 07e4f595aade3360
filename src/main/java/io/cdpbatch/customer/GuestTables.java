package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.pipeline.WriteContext;
import io.cdpbatch.records.ExtensionGroup;
import io.cdpbatch.records.GuestField;
import io.cdpbatch.records.Identifier;
import io.cdpbatch.records.Subscription;

/**
 * Writes the guest changes of a run: for each table (guest, identifiers, subscriptions, extensions)
 * one COPY of the rows that are new and one set-based statement for the changes to stored rows.
 */
final class GuestTables {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final List<GuestField> COLUMNS = GuestPatch.COLUMNS;
    private static final String UPSERT_GUEST = buildGuestUpsert();
    private static final String NEW_GUEST_COLUMNS = "id, client_id, created_at, modified_at, "
            + String.join(", ", COLUMNS.stream().map(GuestTables::column).toList());

    private GuestTables() {
    }

    /**
     * Gives the new guests their ids and writes every change: the rows that are new for certain (guests
     * this run creates, their subscriptions and extension groups, identifiers no guest had) by COPY,
     * the changes to stored guests by one statement per table.
     */
    static void write(Connection connection, WriteContext context, GuestChanges changes, IdentityIndex identities)
            throws SQLException {
        Identities.assignNewIds(connection, identities);
        if (changes.isEmpty()) {
            return;
        }
        Map<Long, GuestPatch> created = new TreeMap<>();
        Map<Long, GuestPatch> stored = new TreeMap<>();
        // a placeholder id (negative) is a guest this run creates
        changes.patches().forEach((id, patch) -> (id < 0 ? created : stored).put(identities.realId(id), patch));
        copyNewGuests(connection, context, created);
        writeGuests(connection, context, stored);
        writeIdentifiers(connection, context, created, stored, identities);
        writeSubscriptions(connection, context, created, stored);
        writeExtensions(connection, context, created, stored);
    }

    /** The guests this run creates: ids from the sequence, so nothing can be in their way. */
    private static void copyNewGuests(Connection connection, WriteContext context, Map<Long, GuestPatch> patches)
            throws SQLException {
        if (patches.isEmpty()) {
            return;
        }
        CopyRows rows = new CopyRows("guest", NEW_GUEST_COLUMNS);
        for (var entry : patches.entrySet()) {
            GuestPatch patch = entry.getValue();
            rows.add(entry.getKey()).add(context.clientId()).add(context.now()).add(context.now());
            for (GuestField field : COLUMNS) {
                rows.add(text(patch.values.get(field)));
            }
            rows.endRow();
        }
        context.added(GrowingTables.GUEST, rows.send(connection));
    }

    /**
     * One statement for the stored guests of the run: the rows travel as one array per column (the
     * given fields as a bit mask), each guest is updated field by field, or inserted again when another
     * transaction deleted it meanwhile.
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
            context.added(GrowingTables.GUEST, statement.executeUpdate());
        }
    }

    /**
     * The identifiers of the run: those no guest had when the run looked them up are new and go by COPY
     * (one that another transaction gave a guest meanwhile fails it, and the chunk is applied again with
     * the identities as they are then); those their guest already had are upserted, which updates their
     * expiry date, or adds them back when another transaction deleted them meanwhile.
     */
    private static void writeIdentifiers(Connection connection, WriteContext context, Map<Long, GuestPatch> created,
            Map<Long, GuestPatch> stored, IdentityIndex identities) throws SQLException {
        CopyRows rows = new CopyRows("guest_identifier", "client_id, provider, id, guest_id, expiry_date");
        List<String> providers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Long> guests = new ArrayList<>();
        List<String> expiries = new ArrayList<>();
        for (Map<Long, GuestPatch> patches : List.of(created, stored)) {
            for (var entry : patches.entrySet()) {
                for (Identifier identifier : entry.getValue().identifiers.values()) {
                    if (identities.isNew(identifier)) {
                        rows.add(context.clientId()).add(identifier.provider()).add(identifier.id()).add(entry.getKey())
                                .add(identifier.expiryDate());
                        rows.endRow();
                        continue;
                    }
                    providers.add(identifier.provider());
                    ids.add(identifier.id());
                    guests.add(entry.getKey());
                    expiries.add(identifier.expiryDate() == null ? null : InstantText.of(identifier.expiryDate()));
                }
            }
        }
        context.added(GrowingTables.GUEST_IDENTIFIER, rows.send(connection));
        if (providers.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO guest_identifier AS gi (client_id, provider, id, guest_id, expiry_date)
                SELECT ?, u.provider, u.id, u.guest_id, u.expiry::timestamptz
                FROM unnest(?::text[], ?::text[], ?::int8[], ?::text[]) AS u(provider, id, guest_id, expiry)
                ON CONFLICT (client_id, provider, id) DO UPDATE SET expiry_date = COALESCE(EXCLUDED.expiry_date, gi.expiry_date)
                WHERE gi.guest_id = EXCLUDED.guest_id""")) {
            statement.setLong(1, context.clientId());
            statement.setArray(2, connection.createArrayOf("text", providers.toArray()));
            statement.setArray(3, connection.createArrayOf("text", ids.toArray()));
            statement.setArray(4, connection.createArrayOf("int8", guests.toArray()));
            statement.setArray(5, connection.createArrayOf("text", expiries.toArray()));
            statement.executeUpdate();
        }
    }

    private static void writeSubscriptions(Connection connection, WriteContext context, Map<Long, GuestPatch> created,
            Map<Long, GuestPatch> stored) throws SQLException {
        CopyRows rows = new CopyRows("guest_subscription", "guest_id, name, channel, point_of_sale, status, effective_date");
        for (var entry : created.entrySet()) {
            for (Subscription subscription : entry.getValue().subscriptions.values()) {
                rows.add(entry.getKey()).add(nullToEmpty(subscription.name())).add(nullToEmpty(subscription.channel()))
                        .add(nullToEmpty(subscription.pointOfSale())).add(subscription.status())
                        .add(subscription.effectiveDate());
                rows.endRow();
            }
        }
        context.added(GrowingTables.GUEST_SUBSCRIPTION, rows.send(connection));
        List<Long> guests = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        List<String> pointsOfSale = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        List<String> dates = new ArrayList<>();
        for (var entry : stored.entrySet()) {
            for (Subscription subscription : entry.getValue().subscriptions.values()) {
                guests.add(entry.getKey());
                names.add(nullToEmpty(subscription.name()));
                channels.add(nullToEmpty(subscription.channel()));
                pointsOfSale.add(nullToEmpty(subscription.pointOfSale()));
                statuses.add(subscription.status());
                dates.add(subscription.effectiveDate() == null ? null : InstantText.of(subscription.effectiveDate()));
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
            statement.executeUpdate();
        }
    }

    private static void writeExtensions(Connection connection, WriteContext context, Map<Long, GuestPatch> created,
            Map<Long, GuestPatch> stored) throws SQLException {
        CopyRows rows = new CopyRows("guest_extension", "guest_id, name, attributes");
        for (var entry : created.entrySet()) {
            for (ExtensionGroup group : entry.getValue().extensions.values()) {
                rows.add(entry.getKey()).add(group.name()).add(json(group.attributes()));
                rows.endRow();
            }
        }
        context.added(GrowingTables.GUEST_EXTENSION, rows.send(connection));
        List<Long> guests = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> attributes = new ArrayList<>();
        for (var entry : stored.entrySet()) {
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
            statement.executeUpdate();
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Extension attributes and identifiers are always serialisable", e);
        }
    }

    /** A column value as text for its array: instants in ISO-8601, lists as PostgreSQL array literals. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return InstantText.of(instant);
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
}
