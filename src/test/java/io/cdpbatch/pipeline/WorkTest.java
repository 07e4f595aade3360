package io.cdpbatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.cdpbatch.records.ParsedRecord;
import io.cdpbatch.records.RecordParser;

/** The memory a record holds in the pipeline, estimated from its line: its bytes and its JSON values. */
class WorkTest {

    static final RecordParser PARSER = new RecordParser(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    static ParsedRecord parsed(String line) {
        return (ParsedRecord) PARSER.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    /** A guest of {@code identifiers} identifiers besides its first. */
    static String guest(int identifiers, String extra) {
        StringBuilder line = new StringBuilder("{\"ref\":\"r\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{"
                + "\"identifiers\":[{\"provider\":\"p\",\"id\":\"first\"}");
        for (int i = 0; i < identifiers; i++) {
            line.append(",{\"provider\":\"p\",\"id\":\"").append(i).append("\"}");
        }
        return line.append("]").append(extra).append("}}").toString();
    }

    @Test
    void aRecordWeighsItsLineAndItsValues() {
        String line = guest(0, "");
        ParsedRecord parsed = parsed(line);

        Work work = Work.of(7, parsed, line.length());

        // the line's object, ref, schema, mode, value, identifiers, one identifier of two values
        assertThat(parsed.values()).isEqualTo(9);
        assertThat(work.bytes()).isEqualTo(line.length() + 9 * Work.VALUE_BYTES);
        assertThat(work.line()).isEqualTo(7);
        assertThat(work.ref()).isEqualTo("r");
        assertThat(work.record()).isSameAs(parsed.record());
    }

    @Test
    void manySmallValuesWeighSeveralTimesTheirLineAndOneLargeValueAboutItsLength() {
        String dense = guest(25_000, "");
        String large = guest(0, ",\"extensions\":[{\"name\":\"ext\",\"key\":\"default\",\"blob\":\"" + "x".repeat(900_000)
                + "\"}]");

        Work denseWork = Work.of(1, parsed(dense), dense.length());
        Work largeWork = Work.of(2, parsed(large), large.length());

        assertThat(dense.length()).isLessThan(large.length());
        assertThat(denseWork.bytes()).isEqualTo(dense.length() + (9 + 3 * 25_000) * Work.VALUE_BYTES)
                .isGreaterThan(4 * dense.length());
        assertThat(largeWork.bytes()).isEqualTo(large.length() + 14 * Work.VALUE_BYTES);
    }
}
