package io.cdpbatch.customer;

import java.util.UUID;

import io.cdpbatch.error.ApiException;

/** The {@code limit} (1..1000, default 100) and {@code offset} (default 0) of a list request. */
record Paging(int limit, int offset) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    static Paging parse(String limit, String offset) {
        return new Paging(integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT), integer("offset", offset, 0, 0, Integer.MAX_VALUE));
    }

    private static int integer(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String range = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
        throw ApiException.badRequest(name + " must be an integer " + range,
                name + " must be an integer " + range + ", got \"" + shorten(value) + "\"");
    }

    /** A ref of the path: a UUID, else 400 naming the parameter. */
    static UUID ref(String name, String value) {
        try {
            if (value != null && value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiException.badRequest(name + " must be a UUID",
                name + " must be a UUID such as 12af3453-62da-4b31-b646-631b7b5f3009, got \"" + shorten(value) + "\"");
    }

    static String shorten(String value) {
        if (value == null) {
            return "";
        }
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }
}
