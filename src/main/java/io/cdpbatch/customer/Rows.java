package io.cdpbatch.customer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.common.Timestamps;

/** Reading helpers of the read API: columns to wire values. */
final class Rows {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<LinkedHashMap<String, Map<String, Object>>> GROUPS = new TypeReference<>() {
    };

    private Rows() {
    }

    /** A timestamptz column in the wire format; null stays null. */
    static String instant(ResultSet rows, String column) throws SQLException {
        return Timestamps.format(Timestamps.instant(rows.getObject(column)));
    }

    static List<String> texts(ResultSet rows, String column) throws SQLException {
        Array array = rows.getArray(column);
        return array == null ? null : Arrays.asList((String[]) array.getArray());
    }

    static Long bigint(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    /** Identifiers as a consumer row stores them ({@code [{"provider", "id", "expiryDate"}]}), in the wire format. */
    static List<CustomerViews.IdentifierView> identifiers(String stored) {
        try {
            List<Map<String, String>> entries = JSON.readValue(stored, new TypeReference<List<Map<String, String>>>() {
            });
            List<CustomerViews.IdentifierView> views = new ArrayList<>(entries.size());
            for (Map<String, String> entry : entries) {
                String expiry = entry.get("expiryDate");
                views.add(new CustomerViews.IdentifierView(entry.get("provider"), entry.get("id"),
                        expiry == null ? null : Timestamps.format(java.time.Instant.parse(expiry))));
            }
            return views;
        } catch (IOException e) {
            throw new UncheckedIOException("Stored identifiers are always a JSON array", e);
        }
    }

    static Integer integer(ResultSet rows, String column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    /** {@code {"ext": {...}}} as stored, to the record shape {@code [{"name": "ext", "key": "default", ...}]}. */
    static List<Map<String, Object>> extensions(String stored) {
        try {
            Map<String, Map<String, Object>> groups = JSON.readValue(stored, GROUPS);
            List<Map<String, Object>> views = new ArrayList<>();
            groups.forEach((name, attributes) -> views.add(group(name, attributes)));
            return views;
        } catch (IOException e) {
            throw new UncheckedIOException("Stored extensions are always JSON objects", e);
        }
    }

    static Map<String, Object> group(String name, String attributes) {
        try {
            return group(name, JSON.readValue(attributes, new TypeReference<LinkedHashMap<String, Object>>() {
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("Stored extensions are always JSON objects", e);
        }
    }

    private static Map<String, Object> group(String name, Map<String, Object> attributes) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("key", "default");
        view.putAll(attributes);
        return view;
    }

    /** The {@code total} column of a one-row query ({@code SELECT count(*) AS total ...}). */
    static long count(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong("total");
        }
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }

    static Array bigints(Connection connection, List<Long> ids) throws SQLException {
        return connection.createArrayOf("bigint", ids.toArray());
    }
}
