package io.cdpbatch.cli;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the processing bar shows for the successive status bodies of one batch. The service reports
 * {@code status.progress} ({@code bytesRead} of the gzipped file, {@code fraction} 0..1, {@code remainingMs} once it can
 * tell) while a batch is processed; without it the share of records done of those counted so far stands in. Either
 * way the percentage shown never goes down: the total of records grows while the file is read, and an estimate may
 * dip, yet a bar going backwards only confuses.
 */
final class ProcessingProgress {

    /** One step of the bar: the percentage (null while unknown) and the text after it. */
    record Shown(Integer percent, String detail) {
    }

    private int highest = -1;

    Shown next(JsonNode batch) {
        String code = BatchText.code(batch);
        JsonNode status = batch.path("status");
        JsonNode summary = status.path("summary");
        JsonNode progress = status.path("progress");
        long total = summary.path("totalCount").asLong(0);
        long failed = summary.path("failedCount").asLong(0);
        long done = summary.path("succeededCount").asLong(0) + failed;

        Integer percent = null;
        String detail;
        Integer fraction = BatchText.percent(progress);
        if (fraction != null && !BatchText.terminal(code)) {
            percent = fraction;
            StringBuilder text = new StringBuilder();
            if (progress.path("bytesRead").isNumber()) {
                text.append(Progress.bytes(progress.path("bytesRead").asLong())).append(" read, ");
            }
            text.append(done).append(" records, ").append(failed).append(" failed");
            if (progress.path("remainingMs").isNumber()) {
                text.append(", about ").append(duration(progress.path("remainingMs").asLong())).append(" left");
            }
            detail = text.toString();
        } else if (summary.isObject()) {
            if (total > 0) {
                percent = (int) Math.min(100, done * 100 / total);
                detail = done + " / " + total + " (records, " + failed + " failed)";
            } else {
                detail = "records, " + failed + " failed";
            }
        } else {
            detail = "waiting, status " + code;
        }
        if (percent != null) {
            highest = Math.max(highest, percent);
        }
        return new Shown(highest < 0 ? null : highest, detail);
    }

    /** 4000 -> "4s", 80000 -> "1m 20s", 4500000 -> "1h 15m". */
    static String duration(long millis) {
        long seconds = Math.max(0, (millis + 999) / 1000);
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
