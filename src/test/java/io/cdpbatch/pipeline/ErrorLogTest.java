package io.cdpbatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.lifecycle.ErrorGroup;
import io.cdpbatch.support.Batches;

/** The error log is bounded whatever a file holds; its counts never are. */
class ErrorLogTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void listsTheFirstFailuresOfTheFileInOrderThenSaysHowManyWereLeftOut() throws IOException {
        try (ErrorLog log = new ErrorLog(dir, 5, 1 << 20)) {
            ErrorLog.Sink reader = log.newSink();
            ErrorLog.Sink worker = log.newSink();
            for (long line = 1; line <= 1000; line++) {
                Failure failure = new Failure(line, "r" + line, line % 2 == 0 ? 404 : 400,
                        line % 2 == 0 ? "Guest not found" : "Validation error", "detail " + line);
                (line % 3 == 0 ? reader : worker).add(failure);
            }
            Path gz = dir.resolve("log.gz");

            ErrorLog.Written written = log.writeGzip(gz);

            assertThat(written.listed()).isEqualTo(5);
            assertThat(written.omitted()).isEqualTo(995);
            List<String> lines = Batches.gunzipLines(Files.readAllBytes(gz));
            assertThat(lines).hasSize(6);
            for (int i = 0; i < 5; i++) {
                assertThat(JSON.readTree(lines.get(i)).get("line").asLong()).isEqualTo(i + 1);
            }
            JsonNode last = JSON.readTree(lines.get(5));
            assertThat(last.get("ref").asText()).isEqualTo("null");
            assertThat(last.get("code").asText()).isEqualTo(ErrorLog.TRUNCATED_CODE);
            assertThat(last.get("message").asText()).isEqualTo(ErrorLog.TRUNCATED_MESSAGE);
            assertThat(last.get("omitted").asLong()).isEqualTo(995);
            assertThat(last.has("line")).isFalse();

            List<ErrorGroup> summary = log.summary();
            assertThat(summary).extracting(ErrorGroup::count).containsExactlyInAnyOrder(500L, 500L);
            assertThat(summary.stream().filter(g -> g.code().equals("400")).findFirst().orElseThrow().samples())
                    .extracting(ErrorGroup.Sample::line).containsExactly(1L, 3L, 5L, 7L, 9L);
        }
    }

    @Test
    void theSpoolStopsGrowingAtItsSizeLimitWhileTheCountGoesOn() throws IOException {
        try (ErrorLog log = new ErrorLog(dir, Long.MAX_VALUE, 10_000)) {
            ErrorLog.Sink sink = log.newSink();
            for (long line = 1; line <= 100_000; line++) {
                sink.add(new Failure(line, "null", 400, Failure.PARSE_ERROR, "unexpected character 'x'"));
            }
            Path gz = dir.resolve("log.gz");
            ErrorLog.Written written = log.writeGzip(gz);

            assertThat(log.failures()).isEqualTo(100_000);
            assertThat(written.listed() + written.omitted()).isEqualTo(100_000);
            assertThat(written.listed()).isLessThan(200);
            long spool;
            try (var files = Files.walk(dir)) {
                spool = files.filter(f -> f.getFileName().toString().startsWith("sink-")).mapToLong(f -> f.toFile().length())
                        .sum();
            }
            assertThat(spool).as("bytes spooled on disk").isLessThan(10_000);
            assertThat(log.summary().get(0).count()).isEqualTo(100_000);
        }
    }
}
