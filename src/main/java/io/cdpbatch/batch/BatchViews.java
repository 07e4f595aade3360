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
            String createdAt, String modifiedAt, String callbackSecret) {

        public BatchView(String href, String ref, String checksum, long size, LocationView location, StatusView status,
                String createdAt, String modifiedAt) {
            this(href, ref, checksum, size, location, status, createdAt, modifiedAt, null);
        }

        /** The allocation answer of a batch with a callbackUrl: its signing secret, shown once (extension). */
        public BatchView withCallbackSecret(String secret) {
            return new BatchView(href, ref, checksum, size, location, status, createdAt, modifiedAt, secret);
        }
    }

    public record LocationView(String href, String expiry) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusView(String code, String log, SummaryView summary, String message) {
    }

    public record SummaryView(long timeToProcessMs, long totalCount, long succeededCount, long failedCount) {
    }

    /** Body of the list route. */
    public record BatchListView(long totalCount, int offset, int limit, List<BatchListItem> items) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchListItem(String href, String ref, String status, String log, String createdAt, String modifiedAt,
            String checksum, long size, SummaryView summary) {
    }
}
