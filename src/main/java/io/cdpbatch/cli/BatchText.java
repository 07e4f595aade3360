package io.cdpbatch.cli;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.JsonNode;

/** Batch status bodies as text for people. */
final class BatchText {

    private BatchText() {
    }

    static String code(JsonNode batch) {
        return batch.path("status").path("code").asText("");
    }

    static boolean terminal(String code) {
        return code.equals("success") || code.equals("error") || code.equals("corrupted");
    }

    /** "3 total, 2 succeeded, 1 failed", or null without a summary. */
    static String records(JsonNode summary) {
        if (summary == null || !summary.isObject()) {
            return null;
        }
        return summary.path("totalCount").asLong() + " total, " + summary.path("succeededCount").asLong() + " succeeded, "
                + summary.path("failedCount").asLong() + " failed";
    }

    /** The status body as aligned "name value" lines; absent fields are left out. */
    static void printStatus(JsonNode batch, PrintWriter out) {
        JsonNode status = batch.path("status");
        JsonNode summary = status.path("summary");
        row(out, "ref", batch.path("ref").asText(null));
        row(out, "status", status.path("code").asText(null));
        row(out, "records", records(summary));
        if (summary.isObject()) {
            row(out, "time", summary.path("timeToProcessMs").asLong() + " ms");
        }
        row(out, "message", status.path("message").asText(null));
        row(out, "log", status.path("log").asText(null));
        row(out, "failed records", status.path("failedRecords").asText(null));
        row(out, "checksum", batch.path("checksum").asText(null));
        if (batch.hasNonNull("size")) {
            row(out, "size", batch.path("size").asLong() + " bytes");
        }
        row(out, "created", batch.path("createdAt").asText(null));
        row(out, "modified", batch.path("modifiedAt").asText(null));
        row(out, "href", batch.path("href").asText(null));
        JsonNode location = batch.path("location");
        if (location.isObject()) {
            row(out, "upload url", location.path("href").asText(null));
            row(out, "upload url expiry", location.path("expiry").asText(null));
        }
        printErrors(summary.path("errors"), out);
        out.flush();
    }

    /** At most this many kinds of error are printed; the status --json body has them all. */
    static final int MAX_ERROR_ROWS = 10;

    /** The error summary (extension): one line per code and message, with its first failing line. */
    static void printErrors(JsonNode errors, PrintWriter out) {
        if (!errors.isArray() || errors.isEmpty()) {
            return;
        }
        out.println("errors");
        int shown = 0;
        for (JsonNode error : errors) {
            if (shown++ == MAX_ERROR_ROWS) {
                out.printf("  ... %d more kinds (see --json or the log)%n", errors.size() - MAX_ERROR_ROWS);
                break;
            }
            JsonNode first = error.path("samples").path(0);
            String sample = first.isObject() ? ", first at line " + first.path("line").asLong()
                    + (first.hasNonNull("detail") ? ": " + first.path("detail").asText() : "") : "";
            out.printf("  %8d x %s %s%s%n", error.path("count").asLong(), error.path("code").asText(),
                    error.path("message").asText(), sample);
        }
    }

    private static void row(PrintWriter out, String name, String value) {
        if (value != null && !value.isEmpty()) {
            out.printf("%-18s %s%n", name, value);
        }
    }
}
