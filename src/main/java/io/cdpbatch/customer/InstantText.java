package io.cdpbatch.customer;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An instant as the text the writers send PostgreSQL (COPY rows, array elements): the same characters as
 * {@link Instant#toString()}, written without a {@link java.time.format.DateTimeFormatter}, which builds a
 * print context and walks a printer chain for every value. A chunk of guests carries a few instants per row
 * (dates of birth, identifier expiry dates, subscription dates), so this is on the path of every record.
 */
final class InstantText {

    /** 0001-01-01T00:00:00Z: earlier years are written by {@link Instant#toString()}. */
    private static final long FIRST = LocalDate.of(1, 1, 1).toEpochDay() * 86_400;
    /** 10000-01-01T00:00:00Z: from here the year has five digits and a sign. */
    private static final long END = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;

    private InstantText() {
    }

    static String of(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST || seconds >= END) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        int nano = instant.getNano();
        char[] text = new char[30];
        int at = digits(text, 0, date.getYear(), 4);
        text[at++] = '-';
        at = digits(text, at, date.getMonthValue(), 2);
        text[at++] = '-';
        at = digits(text, at, date.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = digits(text, at, secondOfDay / 3600, 2);
        text[at++] = ':';
        at = digits(text, at, secondOfDay / 60 % 60, 2);
        text[at++] = ':';
        at = digits(text, at, secondOfDay % 60, 2);
        if (nano != 0) {
            // as Instant.toString: milliseconds, microseconds or nanoseconds, whichever shows all of them
            text[at++] = '.';
            if (nano % 1_000_000 == 0) {
                at = digits(text, at, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                at = digits(text, at, nano / 1_000, 6);
            } else {
                at = digits(text, at, nano, 9);
            }
        }
        text[at++] = 'Z';
        return new String(text, 0, at);
    }

    /** Writes value (>= 0) in exactly width digits, zero-padded; returns the index after them. */
    private static int digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
