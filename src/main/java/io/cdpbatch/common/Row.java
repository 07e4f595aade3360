package io.cdpbatch.common;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Tuple;

/**
 * A row of a native query read by column name ({@code createNativeQuery(sql, Tuple.class)}), with
 * the conversions the drivers need: numbers of any width, timestamps of any type.
 */
public record Row(Tuple tuple) {

    public long getLong(String column) {
        return ((Number) tuple.get(column)).longValue();
    }

    /** A nullable number column: 0 when null. */
    public long getLongOrZero(String column) {
        Object value = tuple.get(column);
        return value == null ? 0 : ((Number) value).longValue();
    }

    public int getInt(String column) {
        return ((Number) tuple.get(column)).intValue();
    }

    public String getString(String column) {
        return (String) tuple.get(column);
    }

    public UUID getUuid(String column) {
        return (UUID) tuple.get(column);
    }

    public boolean getBoolean(String column) {
        return Boolean.TRUE.equals(tuple.get(column));
    }

    public Instant getInstant(String column) {
        return Timestamps.instant(tuple.get(column));
    }

    public boolean isNull(String column) {
        return tuple.get(column) == null;
    }

    /** The rows of a native query made with {@code Tuple.class}. */
    @SuppressWarnings("unchecked")
    public static java.util.List<Row> of(jakarta.persistence.Query query) {
        return ((java.util.List<Tuple>) query.getResultList()).stream().map(Row::new).toList();
    }
}
