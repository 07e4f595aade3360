package io.cdpbatch.common;

import io.cdpbatch.error.ApiException;

/**
 * The integer query parameters of the list routes ({@code limit} 1..1000, default 100;
 * {@code offset} from 0), parsed the same way everywhere: a blank value takes the default, anything
 * else out of range is a 400 naming the parameter, its range and the value sent.
 */
public final class QueryParameters {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private QueryParameters() {
    }

    public static int limit(String value) {
        return integer("limit", value, DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    public static int offset(String value) {
        return integer("offset", value, 0, 0, Integer.MAX_VALUE);
    }

    public static int integer(String name, String value, int defaultValue, int min, int max) {
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

    /** A value sent by the client, cut to 64 characters for a message. */
    public static String shorten(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }
}
