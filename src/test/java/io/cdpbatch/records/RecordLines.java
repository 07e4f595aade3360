package io.cdpbatch.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Parses record lines (made with {@link io.cdpbatch.support.Lines}) for the parser tests. */
final class RecordLines {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final RecordParser PARSER = new RecordParser(Clock.fixed(NOW, ZoneOffset.UTC));

    private RecordLines() {
    }

    /** Replaces ' by ". */
    static String j(String text) {
        return text.replace('\'', '"');
    }

    static LineOutcome parse(String line) {
        return PARSER.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    static LineOutcome parse(byte[] line) {
        return PARSER.parse(line);
    }

    static <T extends ValidRecord> T record(String line, Class<T> type) {
        LineOutcome outcome = parse(line);
        assertThat(outcome).isInstanceOf(ParsedRecord.class);
        ParsedRecord parsed = (ParsedRecord) outcome;
        assertThat(parsed.record()).isInstanceOf(type);
        return type.cast(parsed.record());
    }

    static Rejection rejection(String line) {
        return rejection(line.getBytes(StandardCharsets.UTF_8));
    }

    static Rejection rejection(byte[] line) {
        LineOutcome outcome = PARSER.parse(line);
        assertThat(outcome).as("outcome of %s", new String(line, StandardCharsets.UTF_8)).isInstanceOf(Rejection.class);
        return (Rejection) outcome;
    }

    static String repeat(char c, int count) {
        return String.valueOf(c).repeat(count);
    }
}
