package io.cdpbatch.batch;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The wire shapes of batches (spec sections 3, 4 and 6). */
public final class BatchViews {

    private BatchViews() {
    }

    /** Body of allocation and status answers. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchView(String href, String ref, String checksum, long size, LocationView location, StatusView status,
            String createdAt, String modifiedAt) {
    }

    public record LocationView(String href, String expiry) {
    }

    /** {@code failedRecords} (extension): presigned GET of the failed records' original lines, where they exist. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusView(String code, String log, String failedRecords, SummaryView summary, String message) {
    }

    /** {@code errors} (extension): the error summary, once a batch with failures has ended. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SummaryView(long timeToProcessMs, long totalCount, long succeededCount, long failedCount,
            List<ErrorGroupView> errors) {
    }

    /** The failures of one (code, message) pair: their count and the first failing lines in file order (up to 5). */
    public record ErrorGroupView(String code, String message, long count, List<ErrorSampleView> samples) {
    }

    /** A failing line: its number in the file, its record's ref ("null" if unreadable) and what was wrong. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorSampleView(long line, String ref, String detail) {
    }

    /** Body of the list route. */
    public record BatchListView(long totalCount, int offset, int limit, List<BatchListItem> items) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchListItem(String href, String ref, String status, String log, String failedRecords, String createdAt,
            String modifiedAt, String checksum, long size, SummaryView summary) {
    }
}
