package io.cdpbatch.customer;

import java.util.UUID;

import io.cdpbatch.common.QueryParameters;
import io.cdpbatch.error.ApiException;

/** The {@code limit} (1..1000, default 100) and {@code offset} (default 0) of a list request. */
record Paging(int limit, int offset) {

    static Paging parse(String limit, String offset) {
        return new Paging(QueryParameters.limit(limit), QueryParameters.offset(offset));
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
