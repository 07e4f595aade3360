package io.cdpbatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.cdpbatch.reliability.HostileSuite;

/**
 * The hostile-files suite at full size ({@code bench/run.sh hostile}): every file of
 * {@link HostileSuite}, the ordinary file at 1,000,000 guests, against the packaged service with the
 * image's JVM options and a 256 MB heap; each file's checks are made as in {@code ./mvnw verify}, and
 * the figures are written into the "Hostile files" section of {@code BENCHMARKS.md}. Exits 1 when a
 * file did not come to what it must.
 */
public final class HostileBench {

    static final String BEGIN = "<!-- hostile:results:begin -->";
    static final String END = "<!-- hostile:results:end -->";

    private HostileBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("BENCHMARKS.md");
        for (String arg : args) {
            if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else {
                throw new IllegalArgumentException("Unknown option " + arg + " (bench/run.sh hostile [--out=FILE])");
            }
        }
        String loadBefore = loadAverage();
        List<HostileSuite.Measured> measured = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        String database;
        try (HostileSuite suite = HostileSuite.start("bench-hostile", Map.of(), HostileSuite.Size.FULL)) {
            database = suite.databaseVersion();
            List<Function<HostileSuite, HostileSuite.Measured>> files = List.of(HostileSuite::bigRecords,
                    HostileSuite::notABatchFile, HostileSuite::decompressionBomb, HostileSuite::linesAtTheLimit,
                    HostileSuite::deepNesting,
                    HostileSuite::hugeExponents, HostileSuite::bigRefusals, HostileSuite::gzipMembers,
                    HostileSuite::corruptTrailingMember, HostileSuite::arrayLimits, HostileSuite::amplifiedFlightOrder,
                    HostileSuite::flightOrdersAtTheLinkLimit, HostileSuite::identifierDenseBatches,
                    HostileSuite::ordinaryGuests);
            for (Function<HostileSuite, HostileSuite.Measured> file : files) {
                run(suite, file, failures);
            }
            measured.addAll(suite.measured());
        }
        try (HostileSuite suite = HostileSuite.start("bench-hostile-read-to-end",
                Map.of("BATCH_PROCESSING_MAX_LEADING_INVALID_LINES", "0"), HostileSuite.Size.FULL)) {
            run(suite, HostileSuite::readToEnd, failures);
            measured.addAll(suite.measured());
        }
        String loadAfter = loadAverage();
        String table = HostileSuite.table(measured);
        System.out.println(table);
        failures.forEach(failure -> System.out.println("FAILED " + failure));
        write(out, database, loadBefore, loadAfter, table, failures);
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static void run(HostileSuite suite, Function<HostileSuite, HostileSuite.Measured> file, List<String> failures) {
        try {
            HostileSuite.Measured result = file.apply(suite);
            log("done: " + result.file() + ", " + result.status() + " in " + result.millis() + " ms");
        } catch (AssertionError | RuntimeException e) {
            String message = String.valueOf(e.getMessage()).strip().replaceAll("\\s+", " ");
            failures.add(message.length() > 300 ? message.substring(0, 300) + "..." : message);
            log("FAILED: " + message);
        }
    }

    private static void write(Path out, String database, String loadBefore, String loadAfter, String table,
            List<String> failures) throws IOException {
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(Instant.now());
        StringBuilder section = new StringBuilder(BEGIN).append('\n');
        section.append("Date: ").append(date).append(" (commit ").append(BenchRunner.gitCommit()).append(")  \n");
        section.append("Machine: ").append(BenchRunner.machine(database)).append("  \n");
        section.append("Service: `java ").append(String.join(" ", HostileSuite.IMAGE_JVM))
                .append(" -jar quarkus-run.jar`, default configuration  \n");
        section.append("Load average (1, 5, 15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter)
                .append("\n\n");
        section.append(table).append('\n');
        if (failures.isEmpty()) {
            section.append("Every file came to what it must (the checks of `./mvnw verify`, at full size).\n");
        } else {
            section.append("**Files that did not come to what they must:**\n\n");
            failures.forEach(failure -> section.append("- ").append(failure).append('\n'));
        }
        section.append(END);
        String text = Files.isRegularFile(out) ? Files.readString(out) : "# Benchmarks\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin >= 0 && end > begin) {
            text = text.substring(0, begin) + section + text.substring(end + END.length());
        } else {
            text = text + "\n## Hostile files\n\n" + section + "\n";
        }
        Files.writeString(out, text);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void log(String message) {
        System.out.println("[hostile " + DateTimeFormatter.ISO_LOCAL_TIME.withZone(ZoneOffset.UTC).format(Instant.now())
                + "] " + message);
    }
}
