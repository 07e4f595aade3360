package io.cdpbatch.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.cdpbatch.lifecycle.BatchStatus;
import io.cdpbatch.web.WebViews.LiveProgress;
import io.cdpbatch.web.WebViews.Progress;

/** How values read on the page: UTC times a person reads at a glance, grouped digits, byte sizes. */
final class WebFormats {

    private static final DateTimeFormatter READABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String NONE = "\u2014";

    private WebFormats() {
    }

    static String time(Instant instant) {
        return instant == null ? NONE : READABLE.format(instant);
    }

    static String withoutZone(String readable) {
        return readable.endsWith(" UTC") ? readable.substring(0, readable.length() - 4) : readable;
    }

    static String count(Long value) {
        return value == null ? NONE : String.format(Locale.US, "%,d", value);
    }

    static String size(long bytes) {
        String exact = String.format(Locale.US, "%,d bytes", bytes);
        if (bytes < 1024) {
            return exact;
        }
        String[] units = { "KiB", "MiB", "GiB", "TiB" };
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return exact + String.format(Locale.US, " (%.1f %s)", value, units[unit]);
    }

    static boolean live(BatchStatus status) {
        return status == BatchStatus.FILE_UPLOADED || status == BatchStatus.PROCESSING;
    }

    /** Progress = records done (succeeded + failed) of the total, while the batch is queued or processing. */
    static Progress progress(BatchStatus status, Long total, Long succeeded, Long failed) {
        return progress(status, total, succeeded, failed, null);
    }

    /**
     * As above; while the batch is processing and the service reports its progress, the percentage is the share of
     * the file read (the record total is only known at the end) and the estimate of the time left comes along.
     */
    static Progress progress(BatchStatus status, Long total, Long succeeded, Long failed, LiveProgress live) {
        if (!live(status)) {
            return new Progress(false, false, 0, "", "");
        }
        long done = (succeeded == null ? 0 : succeeded) + (failed == null ? 0 : failed);
        if (status == BatchStatus.PROCESSING && live != null) {
            int percent = (int) Math.floor(Math.max(0, Math.min(1, live.fraction())) * 100);
            String eta = live.remainingMs() == null ? "" : "about " + duration(live.remainingMs()) + " left";
            return new Progress(true, true, percent,
                    percent + "% \u00b7 " + String.format(Locale.US, "%,d records so far", done), eta);
        }
        if (status == BatchStatus.FILE_UPLOADED || total == null || total <= 0) {
            return new Progress(true, false, 0, status == BatchStatus.FILE_UPLOADED ? "Queued" : "Starting", "");
        }
        int percent = percent(done, total);
        return new Progress(true, true, percent,
                percent + "% \u00b7 " + String.format(Locale.US, "%,d of %,d records", done, total), "");
    }

    /** 4000 -> "4s", 80000 -> "1m 20s", 4500000 -> "1h 15m" (rounded up to the second). */
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

    static int percent(long done, long total) {
        if (total <= 0) {
            return 0;
        }
        return (int) Math.max(0, Math.min(100, done * 100 / total));
    }
}
