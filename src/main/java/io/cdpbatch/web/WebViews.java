package io.cdpbatch.web;

import java.util.List;

import io.quarkus.qute.TemplateData;

/** What the templates show: plain strings, already formatted; Qute escapes them all. */
public final class WebViews {

    private WebViews() {
    }

    /** What every page needs for its frame: where the service lives and who is signed in. */
    @TemplateData
    public record Frame(String root, String clientKey, String csrfToken) {
        public boolean signedIn() {
            return clientKey != null;
        }
    }

    @TemplateData
    public record StatusOption(String code, String label, boolean selected) {
    }

    /** One row of the list. */
    @TemplateData
    public record Row(String ref, String detailUrl, String statusCode, String statusLabel, String created, String createdIso,
            String modified, String modifiedIso, String total, String succeeded, String failed, Progress progress,
            boolean dryRun) {

        /** The table says UTC once, in its header. */
        public String createdShort() {
            return WebFormats.withoutZone(created);
        }

        public String modifiedShort() {
            return WebFormats.withoutZone(modified);
        }
    }

    /**
     * The progress bar of a batch in file_uploaded or processing; {@code determinate} once counts (or the service's
     * progress) are known; {@code eta} is "about 1m 20s left" once the service estimates it, else empty.
     */
    @TemplateData
    public record Progress(boolean live, boolean determinate, int percent, String text, String eta) {
    }

    /** {@code status.progress} of a processing batch: the share of its file read (0..1) and the estimate, if any. */
    public record LiveProgress(double fraction, Long remainingMs) {
    }

    @TemplateData
    public record ListPage(Frame frame, String search, String status, List<StatusOption> statuses, boolean ascending,
            String sortUrl, String clearUrl, boolean filtered, long total, long first, long last, int page, int pages,
            String prevUrl, String nextUrl, List<Row> rows, String retention, String progressUrl, String apiBase,
            String clientKey) {

        public boolean empty() {
            return total == 0 && !filtered;
        }

        public boolean pastEnd() {
            return rows.isEmpty() && total > 0;
        }

        public String sortAria() {
            return ascending ? "ascending" : "descending";
        }
    }

    @TemplateData
    public record DetailPage(Frame frame, String ref, String statusCode, String statusLabel, String created, String createdIso,
            String modified, String modifiedIso, String timeToProcess, String total, String succeeded, String failed,
            String checksum, String size, String message, String logUrl, String failedRecordsUrl, List<ErrorRow> errors,
            Progress progress, String progressUrl, String apiHref, String listUrl, boolean dryRun) {
    }

    /** One (code, message) of the error summary, with its sample lines. */
    @TemplateData
    public record ErrorRow(String code, String message, String count, List<ErrorSample> samples) {
    }

    /** A sample failing line: its number, its record's ref and what was wrong (may be empty). */
    @TemplateData
    public record ErrorSample(String line, String ref, String detail) {
    }

    @TemplateData
    public record SignInPage(Frame frame, String clientKey, String next, String error, String notice) {
    }

    @TemplateData
    public record ErrorPage(Frame frame, int status, String title, String detail) {
    }
}
