package io.cdpbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The processing bar of {@code upload} fed with recorded status bodies (src/test/resources/cli): a percentage from
 * {@code status.progress.fraction} with the estimate of {@code remainingMs}, or from the records when the service
 * sends no progress, and in both cases never a percentage lower than one shown before.
 */
class ProcessingProgressTest {

    static List<JsonNode> bodies(String name) throws IOException {
        try (InputStream in = ProcessingProgressTest.class.getResourceAsStream("/cli/" + name)) {
            List<JsonNode> bodies = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                bodies.add(BatchApi.JSON.readTree(line));
            }
            return bodies;
        }
    }

    static List<ProcessingProgress.Shown> replay(List<JsonNode> bodies) {
        ProcessingProgress progress = new ProcessingProgress();
        return bodies.stream().map(progress::next).toList();
    }

    @Test
    void theServersProgressGivesThePercentageAndTheEstimate() throws IOException {
        List<ProcessingProgress.Shown> shown = replay(bodies("processing-with-progress.ndjson"));

        assertThat(shown).containsExactly(
                new ProcessingProgress.Shown(null, "waiting, status file_uploaded"),
                new ProcessingProgress.Shown(0, "0 B read, 0 records, 0 failed"),
                new ProcessingProgress.Shown(12, "256.0 KiB read, 4002 records, 2 failed"),
                new ProcessingProgress.Shown(37, "768.0 KiB read, 11003 records, 3 failed, about 1m 20s left"),
                // the fraction dipped to 0.35: the bar stays where it was, the rest of the line moves on
                new ProcessingProgress.Shown(37, "752.0 KiB read, 12503 records, 3 failed, about 1m 31s left"),
                new ProcessingProgress.Shown(99, "2.0 MiB read, 29005 records, 5 failed, about 1s left"),
                // terminal: the final counts, as without progress
                new ProcessingProgress.Shown(100, "30210 / 30210 (records, 5 failed)"));
    }

    @Test
    void withoutProgressTheRecordsStandInAndThePercentageNeverDrops() throws IOException {
        List<ProcessingProgress.Shown> shown = replay(bodies("processing-without-progress.ndjson"));

        assertThat(shown).containsExactly(
                new ProcessingProgress.Shown(null, "records, 0 failed"),
                new ProcessingProgress.Shown(60, "600 / 1000 (records, 0 failed)"),
                // 1000 of the 4000 counted so far is 25 %: more of the file was counted, not less of it done
                new ProcessingProgress.Shown(60, "1000 / 4000 (records, 0 failed)"),
                new ProcessingProgress.Shown(90, "3600 / 4000 (records, 0 failed)"),
                new ProcessingProgress.Shown(100, "4000 / 4000 (records, 0 failed)"));
    }

    /** The lines a script's log gets: every change printed, percentages in order, the estimate after them. */
    @Test
    void theLinesPrintedForTheRecordedBodies() throws IOException {
        StringWriter err = new StringWriter();
        Progress lines = new Progress(new PrintWriter(err), Progress.Mode.LINES, "processing", Long::toString, Duration.ZERO);
        ProcessingProgress progress = new ProcessingProgress();
        List<JsonNode> bodies = bodies("processing-with-progress.ndjson");
        for (JsonNode body : bodies.subList(0, bodies.size() - 1)) {
            ProcessingProgress.Shown step = progress.next(body);
            lines.updatePercent(step.percent(), step.detail());
        }
        ProcessingProgress.Shown last = progress.next(bodies.get(bodies.size() - 1));
        lines.finishPercent(last.percent(), last.detail());

        List<String> printed = err.toString().lines().toList();
        assertThat(printed).hasSize(7);
        assertThat(printed.get(0)).isEqualTo("processing: waiting, status file_uploaded");
        assertThat(printed.get(3)).isEqualTo("processing: 37% 768.0 KiB read, 11003 records, 3 failed, about 1m 20s left");
        assertThat(printed.get(4)).startsWith("processing: 37% ");
        assertThat(printed.get(6)).isEqualTo("processing: 100% 30210 / 30210 (records, 5 failed)");
        List<Integer> percents = printed.stream().filter(l -> l.matches("processing: \\d+% .*"))
                .map(l -> Integer.parseInt(l.substring("processing: ".length(), l.indexOf('%')))).toList();
        assertThat(percents).containsExactly(0, 12, 37, 37, 99, 100).isSorted();
    }

    @Test
    void theBarIsFilledByThePercentage() {
        StringWriter err = new StringWriter();
        Progress bar = new Progress(new PrintWriter(err), Progress.Mode.BAR, "processing", Long::toString, Duration.ZERO);
        bar.finishPercent(37, "768.0 KiB read, about 1m 20s left");
        assertThat(err.toString())
                .isEqualTo("\rprocessing: [" + "#".repeat(11) + "-".repeat(19) + "] 37% 768.0 KiB read, about 1m 20s left"
                        + System.lineSeparator());
    }

    @Test
    void statusShowsTheProgressOfAProcessingBatch() throws IOException {
        StringWriter out = new StringWriter();
        BatchText.printStatus(bodies("processing-with-progress.ndjson").get(3), new PrintWriter(out));
        assertThat(out.toString().lines()).contains("progress           37% (768.0 KiB read, about 1m 20s left)");

        StringWriter terminal = new StringWriter();
        BatchText.printStatus(bodies("processing-with-progress.ndjson").get(6), new PrintWriter(terminal));
        assertThat(terminal.toString()).doesNotContain("progress");
    }

    @Test
    void estimatesReadAtAGlance() {
        assertThat(ProcessingProgress.duration(0)).isEqualTo("0s");
        assertThat(ProcessingProgress.duration(400)).isEqualTo("1s");
        assertThat(ProcessingProgress.duration(59_000)).isEqualTo("59s");
        assertThat(ProcessingProgress.duration(80_000)).isEqualTo("1m 20s");
        assertThat(ProcessingProgress.duration(4_500_000)).isEqualTo("1h 15m");
    }
}
