package io.cdpbatch.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The sources and the documentation speak the project's own words: no "issue 9", "item 6",
 * "workstream", "records.md section 3", "spec section 8" or path to a file outside the repository. A
 * reader of this repository has nothing those refer to; the rule itself, or a link into docs/, says it.
 */
class TaskTrackingWordsTest {

    /** Where the words are looked for, from the repository root. */
    private static final List<String> SCANNED = List.of("src/main", "src/test", "bench", "docs", "README.md",
            "BENCHMARKS.md");

    /**
     * Released Flyway migrations keep their text: Flyway compares each applied script's checksum with the
     * file, so editing a comment would stop every database they ran on from starting.
     */
    private static final Path MIGRATIONS = Markdown.ROOT.resolve("src/main/resources/db/migration");

    /** This file names the words it looks for. */
    private static final Path SELF = Markdown.ROOT.resolve("src/test/java/io/cdpbatch/docs/TaskTrackingWordsTest.java");

    private static final Pattern EVERYWHERE = Pattern.compile(String.join("|",
            "\\b(issue|item|workstream)s? +#?[0-9]+",
            "\\bworkstream\\b",
            "records\\.md section",
            "batch-api\\.md",
            "shared/spec",
            "\\bspec (section|§)",
            "§ ?[0-9]",
            "\\bthe spec\\b",
            "\\bsections? [0-9]+\\b"), Pattern.CASE_INSENSITIVE);

    /** Outside docs/, "records.md" is the outside contract unless the path says docs/records.md. */
    private static final Pattern OUTSIDE_DOCS = Pattern.compile("(?<!docs/)\\brecords\\.md\\b");

    @Test
    void noTaskTrackingWords() {
        List<String> hits = new ArrayList<>();
        for (Path file : scannedFiles()) {
            boolean inDocs = file.startsWith(Markdown.ROOT.resolve("docs"));
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (EVERYWHERE.matcher(line).find() || (!inDocs && OUTSIDE_DOCS.matcher(line).find())) {
                    hits.add(Markdown.ROOT.relativize(file) + ":" + (i + 1) + ": " + line.strip());
                }
            }
        }
        assertThat(hits).as("lines that refer to task tracking or to files outside the repository").isEmpty();
    }

    @Test
    void thePatternsCatchTheUsualForms() {
        for (String text : List.of("(issue 9)", "Issue item 10", "items 3 and 4", "Retention (inputs workstream)",
                "records.md section 8", "see batch-api.md", "../shared/spec/", "spec section 2", "spec §5",
                "where the spec is silent", "the rules of section 2")) {
            assertThat(EVERYWHERE.matcher(text).find()).as(text).isTrue();
        }
        assertThat(OUTSIDE_DOCS.matcher("field names as in records.md").find()).isTrue();
        assertThat(OUTSIDE_DOCS.matcher("the outcomes table in docs/records.md").find()).isFalse();
        for (String text : List.of("an order item of 3 items", "CommandSpec spec;", "spec:", "the issue is", "itemCount 4")) {
            assertThat(EVERYWHERE.matcher(text).find()).as(text).isFalse();
        }
    }

    private static List<Path> scannedFiles() {
        List<Path> files = new ArrayList<>();
        for (String place : SCANNED) {
            try (Stream<Path> walk = Files.walk(Markdown.ROOT.resolve(place))) {
                walk.filter(Files::isRegularFile)
                        .filter(path -> !path.startsWith(MIGRATIONS) && !path.equals(SELF))
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** The lines of a text file; binary files (images, fonts, jars) have none. */
    private static List<String> lines(Path file) {
        try {
            return Markdown.read(file);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof MalformedInputException) {
                return List.of();
            }
            throw e;
        }
    }
}
