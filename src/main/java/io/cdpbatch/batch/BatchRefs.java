package io.cdpbatch.batch;

import java.util.UUID;
import java.util.regex.Pattern;

import io.cdpbatch.error.ApiException;

/** Batch refs: UUIDs of any version and letter case, kept lowercase. */
public final class BatchRefs {

    private static final Pattern UUID_TEXT = Pattern
            .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private BatchRefs() {
    }

    public static UUID parse(String ref) {
        if (ref == null || !UUID_TEXT.matcher(ref).matches()) {
            String shown = ref == null ? "nothing" : "\"" + (ref.length() > 64 ? ref.substring(0, 64) + "..." : ref) + "\"";
            throw ApiException.badRequest("ref must be a UUID",
                    "ref must be a UUID such as 12af3453-62da-4b31-b646-631b7b5f3009, got " + shown);
        }
        return UUID.fromString(ref);
    }
}
