package io.cdpbatch.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Progress on stderr: a bar redrawn in place when stderr is a terminal (or with {@code --progress}), otherwise a plain line
 * at most every few seconds so that the logs of scripts stay readable, or nothing with {@code --quiet}.
 */
final class Progress {

    enum Mode {
        BAR,
        LINES,
        NONE
    }

    private static final int BAR_WIDTH = 30;
    private static final long BAR_REDRAW_NANOS = Duration.ofMillis(100).toNanos();

    private final PrintWriter err;
    private final Mode mode;
    private final String label;
    private final LongFunction<String> unit;
    private final long lineIntervalNanos;

    private long lastDrawNanos;
    private String lastText;
    private boolean drawn;
    private int lastBarLength;

    Progress(PrintWriter err, Mode mode, String label, LongFunction<String> unit, Duration lineInterval) {
        this.err = err;
        this.mode = mode;
        this.label = label;
        this.unit = unit;
        this.lineIntervalNanos = lineInterval.toNanos();
    }

    /** Reports {@code done} of {@code total}; a total below 1 means unknown, then only the note shows. */
    synchronized void update(long done, long total, String note) {
        show(percent(done, total), amounts(done, total, note), false);
    }

    /** Draws the final state, whatever the throttle says, and ends the bar's line. */
    synchronized void finish(long done, long total, String note) {
        show(percent(done, total), amounts(done, total, note), true);
    }

    /** Reports a percentage worked out by the caller (null: not known yet) and what goes after it. */
    synchronized void updatePercent(Integer percent, String detail) {
        show(percent, detail, false);
    }

    /** The final state as a percentage and its detail, drawn whatever the throttle says. */
    synchronized void finishPercent(Integer percent, String detail) {
        show(percent, detail, true);
    }

    private void show(Integer percent, String detail, boolean last) {
        if (mode == Mode.NONE) {
            return;
        }
        String text = text(percent, detail);
        if (last) {
            if (!text.equals(lastText)) {
                draw(text);
            }
            if (mode == Mode.BAR && drawn) {
                err.println();
                err.flush();
            }
            drawn = false;
            return;
        }
        if (text.equals(lastText)) {
            return;
        }
        long now = System.nanoTime();
        long interval = mode == Mode.BAR ? BAR_REDRAW_NANOS : lineIntervalNanos;
        if (drawn && now - lastDrawNanos < interval) {
            return;
        }
        draw(text);
        lastDrawNanos = now;
    }

    private void draw(String text) {
        if (mode == Mode.BAR) {
            // pad with spaces so a shorter text fully covers the previous one
            String padded = text + " ".repeat(Math.max(0, lastBarLength - text.length()));
            err.print("\r" + padded);
            lastBarLength = text.length();
        } else {
            err.println(text);
        }
        err.flush();
        lastText = text;
        drawn = true;
    }

    private static Integer percent(long done, long total) {
        return total > 0 ? (int) Math.min(100, done * 100 / total) : null;
    }

    private String amounts(long done, long total, String note) {
        if (total <= 0) {
            return note == null ? "" : note;
        }
        String amounts = unit.apply(done) + " / " + unit.apply(total);
        return note == null || note.isEmpty() ? amounts : amounts + " (" + note + ")";
    }

    private String text(Integer percent, String detail) {
        StringBuilder text = new StringBuilder(label).append(": ");
        if (percent != null) {
            int bounded = Math.max(0, Math.min(100, percent));
            if (mode == Mode.BAR) {
                int filled = BAR_WIDTH * bounded / 100;
                text.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ");
            }
            text.append(bounded).append("% ");
        }
        return text.append(detail == null ? "" : detail).toString().stripTrailing();
    }

    /** 1536 -> "1.5 KiB". */
    static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = { "KiB", "MiB", "GiB", "TiB" };
        double value = count;
        int index = -1;
        while (value >= 1024 && index < units.length - 1) {
            value /= 1024;
            index++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[index]);
    }
}
