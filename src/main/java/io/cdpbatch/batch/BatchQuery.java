package io.cdpbatch.batch;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.cdpbatch.common.QueryParameters;
import io.cdpbatch.error.ApiException;
import io.cdpbatch.lifecycle.BatchStatus;

/**
 * A validated listing request of {@code GET /v2/batches/inspect}.
 *
 * @param statuses wanted statuses, empty for all
 * @param search case-insensitive substring of the ref, or {@code null}
 * @param sortField {@code modifiedAt} or {@code createdAt}
 * @param dryRun only dry runs ({@code true}), only real batches ({@code false}), or both ({@code null})
 */
public record BatchQuery(Set<BatchStatus> statuses, Instant createdBefore, Instant createdAfter, String search,
        String sortField, boolean descending, int limit, int offset, Boolean dryRun) {

    public static BatchQuery parse(String status, String createdBefore, String createdAfter, String search, String sort,
            String limit, String offset) {
        return parse(status, createdBefore, createdAfter, search, sort, limit, offset, null);
    }

    public static BatchQuery parse(String status, String createdBefore, String createdAfter, String search, String sort,
            String limit, String offset, String dryRun) {
        Set<BatchStatus> statuses = EnumSet.noneOf(BatchStatus.class);
        if (status != null && !status.isBlank()) {
            for (String code : status.split(",")) {
                String trimmed = code.trim();
                statuses.add(BatchStatus.fromCode(trimmed).orElseThrow(() -> ApiException.badRequest(
                        "status must be one of " + allCodes(),
                        "status must be a comma-separated list of " + allCodes() + ", got \"" + shorten(trimmed) + "\"")));
            }
        }
        String sortValue = sort == null || sort.isBlank() ? "-modifiedAt" : sort.trim();
        boolean descending = sortValue.startsWith("-");
        String field = descending ? sortValue.substring(1) : sortValue.startsWith("+") ? sortValue.substring(1) : sortValue;
        if (!field.equals("modifiedAt") && !field.equals("createdAt")) {
            throw ApiException.badRequest("sort must be modifiedAt or createdAt, optionally prefixed with -",
                    "sort must be one of modifiedAt, -modifiedAt, createdAt, -createdAt, got \"" + shorten(sortValue) + "\"");
        }
        String needle = search == null || search.isBlank() ? null : search.trim().toLowerCase(Locale.ROOT);
        if (needle != null && needle.length() > 36) {
            throw ApiException.badRequest("search must be at most 36 characters",
                    "search is a part of a batch ref (at most 36 characters), got " + needle.length() + " characters");
        }
        return new BatchQuery(statuses, instant("createdBefore", createdBefore), instant("createdAfter", createdAfter), needle,
                field, descending, QueryParameters.limit(limit),
                QueryParameters.offset(offset), bool("dryRun", dryRun));
    }

    /** true or false in any letter case; absent or empty means no filter. */
    private static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (trimmed.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw ApiException.badRequest(name + " must be true or false",
                name + " must be true or false, got \"" + shorten(value) + "\"");
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 date-time",
                    name + " must be an ISO-8601 date-time such as 2026-11-28T14:04:05.123Z, got \"" + shorten(value) + "\"");
        }
    }

    private static String allCodes() {
        List<String> codes = new ArrayList<>();
        for (BatchStatus s : BatchStatus.values()) {
            codes.add(s.code());
        }
        return String.join(", ", codes);
    }

    private static String shorten(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }
}
