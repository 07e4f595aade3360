package io.cdpbatch.batch;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.cdpbatch.lifecycle.ErrorGroup;

/** The wire shapes of batches: allocation and status answers, and the list. */
public final class BatchViews {

    private BatchViews() {
    }

    /**
     * Body of allocation and status answers. Extensions: {@code dryRun} (only present, as true, on a
     * dry run) and {@code duplicateOf} (allocation answers only: the newest successful batch of the
     * tenant with the same file).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchView(String href, String ref, String checksum, long size, LocationView location, StatusView status,
            String createdAt, String modifiedAt,
            @Schema(description = "Extension: true on a dry run (records validated, no customer data changed); absent otherwise") Boolean dryRun,
            @Schema(description = "Extension, allocation answers only: ref of the newest batch of this client with the same "
                    + "checksum and size that ended in success (not a dry run, within retention); absent when none") String duplicateOf,
            @Schema(description = "Extension, the 201 answer of an allocation with a callbackUrl only: the secret that signs "
                    + "its completion event, shown this once") String callbackSecret) {

        public BatchView(String href, String ref, String checksum, long size, LocationView location, StatusView status,
                String createdAt, String modifiedAt, Boolean dryRun, String duplicateOf) {
            this(href, ref, checksum, size, location, status, createdAt, modifiedAt, dryRun, duplicateOf, null);
        }

        /** The allocation answer of a batch with a callbackUrl: its signing secret, shown once (extension). */
        public BatchView withCallbackSecret(String secret) {
            return new BatchView(href, ref, checksum, size, location, status, createdAt, modifiedAt, dryRun, duplicateOf,
                    secret);
        }
    }

    public record LocationView(String href, String expiry) {
    }

    /** {@code failedRecords} (extension): presigned GET of the failed records' original lines, where they exist. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusView(String code, String log, String failedRecords, SummaryView summary, String message,
            @Schema(description = "Extension, while the batch is processed: how far reading the file has got") ProgressView progress) {

        public StatusView(String code, String log, String failedRecords, SummaryView summary, String message) {
            this(code, log, failedRecords, summary, message, null);
        }
    }

    /**
     * Progress of a batch in processing (extension): bytes of the gzipped file consumed, that as a
     * fraction of its size (it only grows), and an estimate of the time left from the rate so far
     * (absent until there is enough to go on).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProgressView(long bytesRead, double fraction, Long remainingMs) {
    }

    /** {@code errors} (extension): the error summary, once a batch with failures has ended. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SummaryView(long timeToProcessMs, long totalCount, long succeededCount, long failedCount,
            List<ErrorGroup> errors) {
    }

    /** Body of the list route. */
    public record BatchListView(long totalCount, int offset, int limit, List<BatchListItem> items) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchListItem(String href, String ref, String status, String log, String failedRecords, String createdAt,
            String modifiedAt, String checksum, long size, SummaryView summary,
            @Schema(description = "Extension: true on a dry run; absent otherwise") Boolean dryRun) {
    }
}
