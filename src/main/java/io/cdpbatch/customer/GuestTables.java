package io.cdpbatch.customer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.pipeline.WriteContext;
import io.cdpbatch.records.ExtensionGroup;
import io.cdpbatch.records.GuestField;
import io.cdpbatch.records.Identifier;
import io.cdpbatch.records.Subscription;

/**
 * Writes the guest changes of a run: one batched statement per table (guest, identifiers,
 * subscriptions, extensions) for all its guests.
 */
final class GuestTables {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final List<GuestField> COLUMNS = GuestPatch.COLUMNS;
    private static final String UPSERT_GUEST = buildGuestUpsert();

    private GuestTables() {
    }

    /** Gives the new guests their ids and writes every change. */
    static void write(Connection connection, WriteContext context, GuestChanges changes, IdentityIndex identities)
            throws SQLException {
        Identities.assignNewIds(connection, identities);
        if (changes.isEmpty()) {
            return;
        }
        Map<Long, GuestPatch> byRealId = changes.byRealId(identities);
        writeGuests(connection, context, byRealId);
        writeIdentifiers(connection, context, byRealId, identities);
        writeSubscriptions(connection, byRealId);
        writeExtensions(connection, byRealId);
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
            IdentityIndex identities) throws SQLException {
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
                    written.add(rows.getString("provider") + '\u0000' + rows.getString("id"));
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
}
