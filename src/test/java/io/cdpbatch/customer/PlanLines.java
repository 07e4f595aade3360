package io.cdpbatch.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.RecordLine;
import io.cdpbatch.records.LineOutcome;
import io.cdpbatch.records.ParsedRecord;
import io.cdpbatch.records.RecordParser;
import io.cdpbatch.records.ValidRecord;

/** Records for the plan tests, parsed by the real parser; single quotes stand for double quotes. */
final class PlanLines {

    static final RecordParser PARSER = new RecordParser(
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    private PlanLines() {
    }

    /** Lines 1, 2, 3 ... of these records (ref "r" + line), all of one type. */
    static <T extends ValidRecord> List<RecordLine<T>> run(Class<T> type, String... lines) {
        List<RecordLine<T>> run = new ArrayList<>();
        for (String line : lines) {
            LineOutcome outcome = PARSER.parse(line.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
            assertThat(outcome).as(line).isInstanceOf(ParsedRecord.class);
            run.add(new RecordLine<>(run.size() + 1, "r" + (run.size() + 1), type.cast(((ParsedRecord) outcome).record())));
        }
        return run;
    }

    static String ids(String... pairs) {
        StringBuilder text = new StringBuilder("'identifiers':[");
        for (int i = 0; i < pairs.length; i++) {
            String[] pair = pairs[i].split("/");
            text.append(i == 0 ? "" : ",").append("{'provider':'").append(pair[0]).append("','id':'").append(pair[1])
                    .append("'}");
        }
        return text.append(']').toString();
    }

    /** A failure as "line|code|message|detail". */
    static String text(Failure failure) {
        return failure.line() + "|" + failure.code() + "|" + failure.message() + "|" + failure.detail();
    }

    static List<String> texts(List<Failure> failures) {
        return failures.stream().map(PlanLines::text).toList();
    }
}
