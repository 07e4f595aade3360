package io.cdpbatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;

import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Uploads;
import io.restassured.path.json.JsonPath;

/**
 * Hostile files against the packaged application under the heap and JVM options of the images
 * ({@code -Xmx256m}, {@code -XX:+ExitOnOutOfMemoryError}): each case uploads one file, samples the
 * process while it is processed ({@link Peaks}), and checks what a batch promises whatever it holds:
 * the expected status and message, counts that add up, local disk within the documented bound, and
 * an instance that is still ready afterwards (and during, for the big ones). Run by the
 * {@code Hostile*IT} classes at the sizes of {@code ./mvnw verify} and by {@code bench/run.sh hostile}
 * at full size, which also records the figures in BENCHMARKS.md.
 */
public final class HostileSuite implements AutoCloseable {

    /** The JVM options of the images (src/main/docker), with the heap of a small container. */
    public static final List<String> IMAGE_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    /** The documented per-batch bound of the work directory beyond the upload: error spool, error log, failed records. */
    static final long OUTPUTS_BOUND = 3L * 64 * 1024 * 1024;
    static final long MB = 1_000_000;
    private static final Set<String> TERMINAL = Set.of("success", "error", "corrupted");

    /**
     * How big the files are: in {@code verify} the ordinary file and the number of flight orders at the link
     * limit are scaled down (they take minutes at full size); every other file is full size.
     */
    public enum Size {
        VERIFY(100_000, 100, 40),
        FULL(1_000_000, 400, 120);

        final int ordinaryGuests;
        final int flightOrders;
        final int denseLines;

        Size(int ordinaryGuests, int flightOrders, int denseLines) {
            this.ordinaryGuests = ordinaryGuests;
            this.flightOrders = flightOrders;
            this.denseLines = denseLines;
        }
    }

    /** What one file did: wall time from upload to terminal status, peaks, and the batch's outcome. */
    public record Measured(String file, String shape, long gzipBytes, long millis, long cpuMillis, long peakRss,
            long peakHeap, long peakLiveHeap, long peakDisk, String status, long total, long succeeded, long failed,
            String message) {
    }

    private final ReliabilityStack stack;
    private final AppInstance instance;
    private final Size size;
    private final Path files;
    private final List<Measured> measured = Collections.synchronizedList(new ArrayList<>());

    private HostileSuite(ReliabilityStack stack, AppInstance instance, Size size, Path files) {
        this.stack = stack;
        this.instance = instance;
        this.size = size;
        this.files = files;
    }

    /**
     * A stack of its own (PostgreSQL, S3Proxy) and one application process with the image's JVM options
     * and this environment on top of the stack's.
     */
    public static HostileSuite start(String name, Map<String, String> env, Size size) {
        ReliabilityStack stack = ReliabilityStack.start(name);
        try {
            List<String> jvm = new ArrayList<>(IMAGE_JVM);
            // more JVM options for a diagnosis (a flight recording, a GC log): -Dcdpbatch.hostile.jvm="..."
            String extra = System.getProperty("cdpbatch.hostile.jvm", "").trim();
            if (!extra.isEmpty()) {
                jvm.addAll(List.of(extra.split("\\s+")));
            }
            AppInstance instance = stack.startInstance(name, env, jvm).awaitReady();
            return new HostileSuite(stack, instance, size, Path.of("target", "reliability", name, "files").toAbsolutePath());
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    /** The version of the suite's PostgreSQL server. */
    public String databaseVersion() {
        return "PostgreSQL " + stack.query("SHOW server_version").get(0).get("server_version") + " (embedded, zonky)";
    }

    public List<Measured> measured() {
        return List.copyOf(measured);
    }

    /** Stops everything; the figures of the files measured are left in {@code target/reliability/<name>/measured.md}. */
    @Override
    public void close() {
        try {
            if (!measured.isEmpty()) {
                java.nio.file.Files.writeString(files.resolveSibling("measured.md"), table(measured()));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            stack.close();
        }
    }

    // ---- the files

    /**
     * 700 guests of about 1 MB each (one extension value of 1,000,000 characters): all applied, and
     * meanwhile the API answers and another tenant's small batch is processed.
     */
    public Measured bigRecords() {
        int count = 700;
        int chars = 1_000_000;
        HostileFiles.File file = HostileFiles.gzip(files.resolve("big-records.gz"), out -> {
            for (int i = 1; i <= count; i++) {
                out.line(HostileFiles.guestWithBlob(String.format("big-%04d", i), chars));
            }
        });
        ItTenant tenant = ItTenant.create(instance);
        ItTenant other = ItTenant.create(instance);
        Run run = new Run("700 guests of 1 MB", count + " lines of ~1 MB, one extension value of " + chars + " characters",
                tenant, file);
        run.awaitStatus("processing");

        // the API answers while the big batch is processed, and another tenant's batch goes through
        assertThat(tenant.given(instance).when().get("/v2/batches/{ref}", run.ref).then().statusCode(200).extract()
                .<String> path("status.code")).isIn("processing", "success");
        List<String> small = IntStream.rangeClosed(1, 5).mapToObj(i -> HostileFiles.guest("small-" + i, "")).toList();
        String smallRef = other.uploadLines(instance, small);
        Awaitility.await("the other tenant's batch").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> terminalOrDead(smallRef));
        Map<String, String> smallRow = stack.batch(smallRef);
        assertThat(smallRow.get("status")).isEqualTo("success");
        assertThat(smallRow.get("succeeded_count")).isEqualTo("5");

        Measured result = run.finish(Duration.ofMinutes(30));
        assertThat(result.status()).as("status, message: %s", result.message()).isEqualTo("success");
        assertThat(result.succeeded()).isEqualTo(count);
        assertThat(result.failed()).isZero();
        assertThat(stack.batch(run.ref).get("attempts")).isEqualTo("1");
        assertThat(run.seen.readyOther()).as("readiness answers other than 200 during the batch (last: %s)",
                run.seen.lastReadyOther()).isZero();
        assertThat(run.seen.readyAnswers()).isPositive();
        // the other tenant's batch ended while the big one was still being processed
        assertThat(stack.query("SELECT (SELECT modified_at FROM batch WHERE ref = ?::uuid) < "
                + "(SELECT modified_at FROM batch WHERE ref = ?::uuid) AS earlier", smallRef, run.ref).get(0).get("earlier"))
                .isEqualTo("t");
        assertThat(stack.query("""
                SELECT count(*) AS n FROM guest_extension e JOIN guest g ON g.id = e.guest_id
                JOIN api_client a ON a.id = g.client_id WHERE a.client_key = ? AND length(e.attributes->>'blob') = ?""",
                tenant.clientKey(), chars).get(0).get("n")).isEqualTo(String.valueOf(count));
        return result;
    }

    /** About 40 KB of gzip: 20,000,000 lines {@code x}. With the default limit, reading stops after 10,000. */
    public Measured notABatchFile() {
        HostileFiles.File file = xLines();
        Run run = new Run("20,000,000 lines x (default)", "40 MB of `x` lines in " + kb(file.size()) + " of gzip",
                ItTenant.create(instance), file);
        Measured result = run.finish(Duration.ofMinutes(10));
        assertThat(result.status()).isEqualTo("error");
        assertThat(result.total()).isEqualTo(10_000);
        assertThat(result.failed()).isEqualTo(10_000);
        assertThat(result.message()).isEqualTo("The first 10000 lines of the file are all invalid records: reading stopped "
                + "there and the rest of the file was not read. Is it a batch file of this API?");
        List<String> log = run.errorLog();
        assertThat(log).hasSize(10_000);
        assertThat(log.get(9_999)).contains("\"line\":10000", "Failed to parse import line");
        return result;
    }

    /**
     * The same file with {@code BATCH_PROCESSING_MAX_LEADING_INVALID_LINES=0}: read to its end, every
     * line counted, the log capped with its last entry saying how many were left out, and the local
     * disk far below the file's 40 MB of lines.
     */
    public Measured readToEnd() {
        HostileFiles.File file = xLines();
        Run run = new Run("20,000,000 lines x (read to the end)",
                "the same file, `BATCH_PROCESSING_MAX_LEADING_INVALID_LINES=0`", ItTenant.create(instance), file);
        Measured result = run.finish(Duration.ofMinutes(30));
        assertThat(result.status()).isEqualTo("error");
        assertThat(result.total()).isEqualTo(20_000_000);
        assertThat(result.failed()).isEqualTo(20_000_000);
        assertThat(result.message()).isEqualTo("The error log lists the first 100000 of the 20000000 records that were not "
                + "applied; 19900000 entries were left out.");
        List<String> log = run.errorLog();
        assertThat(log).hasSize(100_001);
        assertThat(log.get(99_999)).contains("\"line\":100000");
        assertThat(log.get(100_000)).contains("\"message\":\"Error log truncated\"", "\"omitted\":19900000");
        assertThat(result.peakDisk()).as("peak extra local disk").isLessThan(500 * MB);
        assertThat(run.seen.readyOther()).as("readiness answers other than 200 (last: %s)", run.seen.lastReadyOther())
                .isZero();
        return result;
    }

    /**
     * A gzip bomb: one guest, then 2 GiB of newlines in 2 MB of gzip (members of 1 MiB each). Reading stops at the
     * decompressed limit ({@code BATCH_PROCESSING_MAX_DECOMPRESSED_SIZE}, 2 GiB) with a message; the guest
     * read before stays applied.
     */
    public Measured decompressionBomb() {
        long limit = 2L * 1024 * 1024 * 1024;
        String first = HostileFiles.guest("bomb-first", "");
        // a member of 1 MiB of newlines, 2,049 times: past the limit, written in an instant
        byte[] newlines = HostileFiles.member("\n".repeat(1 << 20).getBytes(StandardCharsets.UTF_8));
        byte[] firstMember = HostileFiles.member((first + "\n").getBytes(StandardCharsets.UTF_8));
        HostileFiles.File file = HostileFiles.repeated(files.resolve("bomb.gz"), firstMember, newlines,
                (int) (limit >> 20) + 1);
        ItTenant tenant = ItTenant.create(instance);
        Run run = new Run("gzip bomb", "one guest, then 2 GiB of newlines in " + mb(file.size()) + " of gzip", tenant, file);
        Measured result = run.finish(Duration.ofMinutes(15));
        assertThat(result.status()).isEqualTo("error");
        assertThat(result.total()).isEqualTo(1);
        assertThat(result.succeeded()).isEqualTo(1);
        assertThat(result.message()).matches("The decompressed file exceeds the limit of 2147483648 bytes: reading stopped "
                + "after line \\d+; records after it were not read");
        assertThat(identifiersOf(tenant)).containsExactly("bomb-first");
        return result;
    }

    /** Lines of exactly 1 MiB are applied (with LF, and with CRLF); one byte more is one failed record and reading goes on. */
    public Measured linesAtTheLimit() {
        int limit = HostileFiles.MAX_LINE;
        HostileFiles.File file = HostileFiles.gzip(files.resolve("line-limit.gz"), out -> {
            out.line(HostileFiles.guestOfLength("at-limit", limit));
            out.line(HostileFiles.guestOfLength("over-limit", limit + 1));
            out.line(HostileFiles.guestOfLength("at-limit-crlf", limit) + "\r");
            out.line(HostileFiles.guest("after", "\"firstName\":\"After\""));
        });
        ItTenant tenant = ItTenant.create(instance);
        Run run = new Run("lines at the 1 MiB limit", "a line of exactly 1,048,576 bytes (LF), one of 1,048,577, "
                + "one of 1,048,576 + CR LF, a small one", tenant, file);
        Measured result = run.finish(Duration.ofMinutes(5));
        assertThat(result.status()).isEqualTo("error");
        assertThat(result.total()).isEqualTo(4);
        assertThat(result.succeeded()).isEqualTo(3);
        assertThat(result.failed()).isEqualTo(1);
        List<String> log = run.errorLog();
        assertThat(log).singleElement().satisfies(entry -> assertThat(entry).contains("\"line\":2",
                "\"message\":\"Failed to parse import line\"", "longer than the limit of 1048576 bytes"));
        assertThat(identifiersOf(tenant)).containsExactlyInAnyOrder("after", "at-limit", "at-limit-crlf");
        return result;
    }

    /**
     * 500,000 {@code [} on one line, the same inside a record, and 200,000 nested objects: one failed record
     * each, and the records around them applied.
     */
    public Measured deepNesting() {
        String brackets = "[".repeat(500_000);
        HostileFiles.File file = HostileFiles.gzip(files.resolve("deep-nesting.gz"), out -> {
            out.line(HostileFiles.guest("before", ""));
            out.line(brackets);
            out.line("{\"ref\":\"deep\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"identifiers\":" + brackets);
            out.line("{\"a\":".repeat(200_000));
            out.line(HostileFiles.guest("after", ""));
        });
        ItTenant tenant = ItTenant.create(instance);
        Run run = new Run("deep nesting", "a line of 500,000 `[`, a record holding them, 200,000 nested objects", tenant,
                file);
        Measured result = run.finish(Duration.ofMinutes(5));
        assertThat(result.status()).isEqualTo("error");
        assertThat(result.total()).isEqualTo(5);
        assertThat(result.succeeded()).isEqualTo(2);
        assertThat(result.failed()).isEqualTo(3);
        List<String> log = run.errorLog();
        assertThat(log).hasSize(3);
        assertThat(log.get(0)).contains("\"line\":2", "Failed to parse import line", "not a JSON object: found an array");
        assertThat(log.get(1)).contains("\"line\":3", "Failed to parse import line", "nested deeper than 32 levels");
        assertThat(log.get(2)).contains("\"line\":4", "Failed to parse import line", "nested deeper than 32 levels");
        assertThat(identifiersOf(tenant)).containsExactlyInAnyOrder("before", "after");
        return result;
    }

    /**
     * Numbers whose exponents are huge ({@code 1e999999999}: a billion digits if written out) in an
     * extension, an item's quantity and a ref: refused or echoed without ever being expanded.
     */
    public Measured hugeExponents() {
        HostileFiles.File file = HostileFiles.gzip(files.resolve("huge-exponents.gz"), out -> {
            out.line(HostileFiles.guest("exponent-extension",
                    "\"extensions\":[{\"name\":\"ext\",\"key\":\"default\",\"big\":1e999999999}]"));
            out.line(HostileFiles.order("exponent-quantity", "ORDER-EXPONENT", "exponent-contact",
                    List.of(HostileFiles.item("I").replace("\"price\":1,", "\"price\":1,\"quantity\":1e999999999,")),
                    List.of()));
            out.line(HostileFiles.guest("exponent-ref", "").replace("\"ref\":\"exponent-ref\"", "\"ref\":1e999999999"));
            out.line(HostileFiles.guest("exponent-small",
                    "\"extensions\":[{\"name\":\"ext\",\"key\":\"default\",\"small\":1e-999999999}]"));
        });
        ItTenant tenant = ItTenant.create(instance);
        Run run = new Run("huge exponents", "`1e999999999` and `1e-999999999` as values, a quantity and a ref", tenant,
                file);
        Measured result = run.finish(Duration.ofMinutes(5));
        assertThat(result.status()).isEqualTo("error");
        assertThat(result.total()).isEqualTo(4);
        assertThat(result.succeeded()).isEqualTo(1);
        List<String> log = run.errorLog();
        assertThat(log).hasSize(3);
        assertThat(log.get(0)).contains("\"line\":1", "value.extensions[0].big: out of range");
        assertThat(log.get(1)).contains("\"line\":2", "quantity: must be a whole number from 0 to 2147483647");
        assertThat(log.get(2)).contains("\"line\":4", "value.extensions[0].small: out of range");
        assertThat(identifiersOf(tenant)).containsExactly("exponent-ref");
        return result;
    }

    /**
     * 300 refused records of 1 MB each whose refs are 1,000,000 characters, echoed in the error log: the
     * log stops at its size limit (64 MiB), with a last entry saying how many were left out.
     */
    public Measured bigRefusals() {
        int count = 300;
        HostileFiles.File file = HostileFiles.gzip(files.resolve("big-refusals.gz"), out -> {
            for (int i = 0; i < count; i++) {
                String ref = HostileFiles.guestWithBlob("r" + i, 1_000_000);
                // a guest without identity, whose ref is the blob: refused, the ref echoed
                out.line("{\"ref\":\"" + ref.substring(ref.indexOf("\"blob\":\"") + 8, ref.lastIndexOf('"'))
                        + "\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"firstName\":\"Nobody\"}}");
            }
        });
        Run run = new Run("refusals echoing 1 MB refs", count + " refused records whose refs are 1,000,000 characters",
                ItTenant.create(instance), file);
        Measured result = run.finish(Duration.ofMinutes(10));
        assertThat(result.status()).isEqualTo("error");
        assertThat(result.total()).isEqualTo(count);
        assertThat(result.failed()).isEqualTo(count);
        List<String> log = run.errorLog();
        long listed = log.size() - 1;
        assertThat(listed).as("entries listed").isBetween(60L, 70L);
        assertThat(log.subList(0, (int) listed).stream().mapToLong(entry -> entry.length() + 1).sum())
                .isLessThanOrEqualTo(64L * 1024 * 1024);
        assertThat(log.get((int) listed)).contains("\"message\":\"Error log truncated\"", "\"omitted\":" + (count - listed));
        assertThat(result.message()).startsWith("The error log lists the first " + listed + " of the " + count);
        return result;
    }

    /** 10,000 gzip members of one line each: every line read and applied. */
    public Measured gzipMembers() {
        int count = 10_000;
        List<String> lines = IntStream.rangeClosed(1, count).mapToObj(i -> HostileFiles.guest("member-" + i, "")).toList();
        HostileFiles.File file = HostileFiles.members(files.resolve("members.gz"), lines, new byte[0]);
        Run run = new Run("10,000 gzip members", "one line per member", ItTenant.create(instance), file);
        Measured result = run.finish(Duration.ofMinutes(10));
        assertThat(result.status()).as("message: %s", result.message()).isEqualTo("success");
        assertThat(result.succeeded()).isEqualTo(count);
        return result;
    }

    /**
     * Members whose last one is damaged: its CRC-32 wrong (its line was read), or cut in half (its line
     * never completes). Both end {@code error} saying where reading stopped, never {@code success}.
     */
    public Measured corruptTrailingMember() {
        int count = 1000;
        List<String> lines = IntStream.rangeClosed(1, count).mapToObj(i -> HostileFiles.guest("tail-" + i, "")).toList();
        byte[] last = HostileFiles.member((HostileFiles.guest("tail-last", "") + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] wrongCrc = last.clone();
        wrongCrc[wrongCrc.length - 8] ^= 0x55;
        HostileFiles.File crcFile = HostileFiles.members(files.resolve("members-crc.gz"), lines, wrongCrc);
        Run crc = new Run("gzip members, last one's CRC wrong", count + " members, then one whose CRC-32 is wrong",
                ItTenant.create(instance), crcFile);
        Measured crcResult = crc.finish(Duration.ofMinutes(5));
        assertThat(crcResult.status()).isEqualTo("error");
        assertThat(crcResult.total()).isEqualTo(count + 1);
        assertThat(crcResult.succeeded()).isEqualTo(count + 1);
        assertThat(crcResult.message()).isEqualTo("The gzip stream is corrupt (CRC-32 mismatch in member " + (count + 1)
                + "): reading stopped after line " + (count + 1) + "; records after it were not read");

        byte[] cut = java.util.Arrays.copyOf(last, last.length / 2);
        HostileFiles.File cutFile = HostileFiles.members(files.resolve("members-cut.gz"), lines, cut);
        Run truncated = new Run("gzip members, last one cut", count + " members, then half of one",
                ItTenant.create(instance), cutFile);
        Measured result = truncated.finish(Duration.ofMinutes(5));
        assertThat(result.status()).isEqualTo("error");
        assertThat(result.total()).isEqualTo(count);
        assertThat(result.succeeded()).isEqualTo(count);
        assertThat(result.message()).isEqualTo("The gzip stream is truncated: reading stopped after line " + count
                + "; records after it were not read");
        return result;
    }

    /**
     * Records at every array limit: 100 attributes in each of the six guest extension groups (and 101,
     * refused with the detail), an order with as many items as a line holds, a guest with as many
     * identifiers, a flight order with many segments and consumers.
     */
    public Measured arrayLimits() {
        int items = 5_000;
        int identifiers = 20_000;
        List<String> itemLines = IntStream.range(0, items).mapToObj(i -> HostileFiles.item("I" + i)).toList();
        List<String> references = IntStream.range(0, 20).mapToObj(i -> "F" + i).toList();
        List<String> flightItems = references.stream().map(r -> HostileFiles.flightItem(r, 50)).toList();
        List<String> consumers = IntStream.range(0, 500)
                .mapToObj(c -> HostileFiles.consumer("First" + c, "Last" + c, references)).toList();
        HostileFiles.File file = HostileFiles.gzip(files.resolve("array-limits.gz"), out -> {
            out.line(HostileFiles.guestWithAttributes("attributes-100", 1, 100));
            out.line(HostileFiles.guestWithAttributes("attributes-6x100", 6, 100));
            out.line(HostileFiles.guestWithAttributes("attributes-101", 1, 101));
            out.line(HostileFiles.order("items", "ORDER-ITEMS", "items-contact", itemLines, List.of()));
            out.line(HostileFiles.guestWithIdentifiers("identifiers", identifiers));
            out.line(HostileFiles.order("flight", "ORDER-FLIGHT", "flight-contact", flightItems, consumers));
        });
        ItTenant tenant = ItTenant.create(instance);
        Run run = new Run("records at the array limits", "100 extension attributes per group (and 101), " + items
                + " order items, " + identifiers + " identifiers, a flight of 20 items x 50 segments and 500 consumers",
                tenant, file);
        Measured result = run.finish(Duration.ofMinutes(10));
        assertThat(result.status()).isEqualTo("error");
        assertThat(result.total()).isEqualTo(6);
        assertThat(result.failed()).isEqualTo(1);
        assertThat(run.errorLog()).singleElement().satisfies(entry -> assertThat(entry).contains("\"line\":3",
                "\"message\":\"Validation error\"", "at most 100 attributes per group, got 101"));
        String client = tenant.clientKey();
        assertThat(count("""
                SELECT sum((SELECT count(*) FROM jsonb_object_keys(e.attributes))) AS n FROM guest_extension e
                JOIN guest_identifier i ON i.guest_id = e.guest_id JOIN api_client a ON a.id = i.client_id
                WHERE a.client_key = ? AND i.provider = 'hostile' AND i.id LIKE 'attributes-%'""", client)).isEqualTo(700);
        assertThat(
                count("""
                        SELECT count(*) AS n FROM order_item t JOIN orders o ON o.id = t.order_id JOIN api_client a ON a.id = o.client_id
                        WHERE a.client_key = ? AND o.reference_id = 'ORDER-ITEMS'""",
                        client))
                .isEqualTo(items);
        assertThat(count("""
                SELECT count(*) AS n FROM guest_identifier i JOIN api_client a ON a.id = i.client_id
                WHERE a.client_key = ? AND i.provider = 'p'""", client)).isEqualTo(identifiers);
        assertThat(
                count("""
                        SELECT count(*) AS n FROM flight_segment s JOIN orders o ON o.id = s.order_id JOIN api_client a ON a.id = o.client_id
                        WHERE a.client_key = ?""",
                        client))
                .isEqualTo(20 * 50);
        assertThat(count("""
                SELECT count(*) AS n FROM order_consumer_item c JOIN orders o ON o.id = c.order_id
                JOIN api_client a ON a.id = o.client_id WHERE a.client_key = ?""", client)).isEqualTo(500 * 20);
        return result;
    }

    /**
     * A flight order whose consumers name many items at once: 3,300 items share one referenceId and
     * 6,900 consumers each name it, about 23 million consumer-item links from one line of under 1 MiB.
     * Refused with the detail; the next record is applied.
     */
    public Measured amplifiedFlightOrder() {
        List<String> items = IntStream.range(0, 3_300).mapToObj(i -> HostileFiles.item("R")).toList();
        List<String> consumers = IntStream.range(0, 6_900).mapToObj(c -> HostileFiles.consumer("F" + c, "L" + c, List.of("R")))
                .toList();
        String order = HostileFiles.order("amplified", "ORDER-AMPLIFIED", "amplified-contact", items, consumers);
        assertThat(order.length()).isLessThanOrEqualTo(HostileFiles.MAX_LINE);
        HostileFiles.File file = HostileFiles.gzip(files.resolve("amplified-flight.gz"), out -> {
            out.line(order);
            out.line(HostileFiles.guest("after", ""));
        });
        ItTenant tenant = ItTenant.create(instance);
        Run run = new Run("flight order of 23 million links", "3,300 items of one referenceId, 6,900 consumers naming it ("
                + kb(order.length()) + " line)", tenant, file);
        Measured result = run.finish(Duration.ofMinutes(10));
        assertThat(result.status()).isEqualTo("error");
        assertThat(result.total()).isEqualTo(2);
        assertThat(result.succeeded()).isEqualTo(1);
        assertThat(run.errorLog()).singleElement().satisfies(entry -> assertThat(entry).contains("\"line\":1",
                "\"message\":\"Validation error\"", "value.consumers: the consumers consume 22770000 order items in all"));
        assertThat(identifiersOf(tenant)).containsExactly("after");
        return result;
    }

    /**
     * Flight orders near the link limit (400 at full size), shaped to cost the most heap per byte of line:
     * 128 items of their own, then 70 items of one referenceId that 142 consumers name, 9,940 consumer-item
     * links from a line of 40 KB, about 4 million in all. All applied.
     */
    public Measured flightOrdersAtTheLinkLimit() {
        int orders = size.flightOrders;
        List<String> items = new ArrayList<>();
        IntStream.range(0, 128).forEach(i -> items.add(HostileFiles.item("OWN" + i)));
        IntStream.range(0, 70).forEach(i -> items.add(HostileFiles.item("R")));
        HostileFiles.File file = HostileFiles.gzip(files.resolve("flight-link-limit.gz"), out -> {
            for (int o = 0; o < orders; o++) {
                int order = o;
                List<String> consumers = IntStream.range(0, 142)
                        .mapToObj(c -> HostileFiles.consumer("F" + order + "x" + c, "L" + c, List.of("R"))).toList();
                out.line(HostileFiles.order("o" + o, "LINKS-" + o, "links-contact-" + o, items, consumers));
            }
        });
        ItTenant tenant = ItTenant.create(instance);
        Run run = new Run("flight orders at the link limit", orders + " orders of 198 items and 142 consumers naming 70 of "
                + "them: 9,940 links a line of 40 KB", tenant, file);
        Measured result = run.finish(Duration.ofMinutes(30));
        assertThat(result.status()).as("message: %s", result.message()).isEqualTo("success");
        assertThat(result.succeeded()).isEqualTo(orders);
        assertThat(count("""
                SELECT count(*) AS n FROM order_consumer_item c JOIN orders o ON o.id = c.order_id
                JOIN api_client a ON a.id = o.client_id WHERE a.client_key = ?""", tenant.clientKey()))
                .isEqualTo(orders * 9_940L);
        return result;
    }

    /**
     * Two tenants' batches processed at once, each of guests of 25,000 identifiers (1 MiB lines: the record
     * type whose parsed form holds the most heap per byte of line): the bytes in flight bound both.
     */
    public Measured identifierDenseBatches() {
        int lines = size.denseLines;
        int identifiers = 25_000;
        HostileFiles.File first = HostileFiles.gzip(files.resolve("dense-a.gz"), out -> {
            for (int i = 0; i < lines; i++) {
                out.line(HostileFiles.guestWithIdentifiers("a" + i, identifiers));
            }
        });
        HostileFiles.File second = HostileFiles.gzip(files.resolve("dense-b.gz"), out -> {
            for (int i = 0; i < lines; i++) {
                out.line(HostileFiles.guestWithIdentifiers("b" + i, identifiers));
            }
        });
        ItTenant other = ItTenant.create(instance);
        Run run = new Run("two batches of identifier-dense guests at once", "2 tenants x " + lines + " guests of "
                + String.format("%,d", identifiers) + " identifiers (1 MiB lines)", ItTenant.create(instance), first);
        String otherRef = other.upload(instance, second.bytes());
        Measured result = run.finish(Duration.ofMinutes(30));
        Awaitility.await("the other tenant's batch").atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> terminalOrDead(otherRef));
        Map<String, String> otherRow = stack.batch(otherRef);
        assertThat(result.status()).as("message: %s", result.message()).isEqualTo("success");
        assertThat(result.succeeded()).isEqualTo(lines);
        assertThat(otherRow.get("status")).as("message: %s", otherRow.get("message")).isEqualTo("success");
        assertThat(otherRow.get("succeeded_count")).isEqualTo(String.valueOf(lines));
        assertThat(count("""
                SELECT count(*) AS n FROM guest_identifier i JOIN api_client a ON a.id = i.client_id
                WHERE a.client_key = ? AND i.provider = 'p'""", other.clientKey())).isEqualTo((long) lines * identifiers);
        assertThat(run.seen.readyOther()).as("readiness answers other than 200 (last: %s)", run.seen.lastReadyOther())
                .isZero();
        return result;
    }

    /** An ordinary file of guests (1,000,000 at full size, 100,000 in verify): all applied. */
    public Measured ordinaryGuests() {
        int count = size.ordinaryGuests;
        HostileFiles.File file = HostileFiles.gzip(files.resolve("ordinary-" + count + ".gz"), out -> {
            SplittableRandom random = new SplittableRandom(20261128L);
            for (int n = 0; n < count; n++) {
                out.line(HostileFiles.ordinaryGuest("g", n, random));
            }
        });
        Run run = new Run(String.format("%,d ordinary guests", count), "about 500 bytes a line, " + mb(file.size())
                + " of gzip", ItTenant.create(instance), file);
        Measured result = run.finish(Duration.ofMinutes(60));
        assertThat(result.status()).as("message: %s", result.message()).isEqualTo("success");
        assertThat(result.succeeded()).isEqualTo(count);
        assertThat(run.seen.readyOther()).as("readiness answers other than 200 (last: %s)", run.seen.lastReadyOther())
                .isZero();
        return result;
    }

    // ---- one run of a file

    /** One file uploaded and processed, watched from the upload to the terminal status. */
    private final class Run {
        final String name;
        final String shape;
        final ItTenant tenant;
        final HostileFiles.File file;
        final String ref;
        final Peaks peaks;
        final long started;
        Peaks.Seen seen;

        Run(String name, String shape, ItTenant tenant, HostileFiles.File file) {
            this.name = name;
            this.shape = shape;
            this.tenant = tenant;
            this.file = file;
            this.peaks = Peaks.watch(instance, stack.workDir(instance.name()));
            this.started = System.nanoTime();
            this.ref = tenant.upload(instance, file.bytes());
        }

        void awaitStatus(String status) {
            Awaitility.await("batch " + ref + " " + status).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        String now = stack.batch(ref).get("status");
                        return status.equals(now) || terminalOrDead(ref);
                    });
            assertThat(stack.batch(ref).get("status")).isEqualTo(status);
        }

        /** Waits for the terminal status; checks what every case promises; records the figures. */
        Measured finish(Duration timeout) {
            try {
                Awaitility.await("batch " + ref + " terminal").atMost(timeout).pollInterval(Duration.ofMillis(250))
                        .until(() -> terminalOrDead(ref));
            } finally {
                seen = peaks.stop();
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            Map<String, String> row = stack.batch(ref);
            Measured result = new Measured(name, shape, file.size(), millis, seen.cpuMillis(), seen.rss(), seen.heap(),
                    seen.liveHeap(), seen.disk(),
                    row.get("status"), Long.parseLong(row.get("total_count")), Long.parseLong(row.get("succeeded_count")),
                    Long.parseLong(row.get("failed_count")), row.get("message"));
            measured.add(result);
            assertThat(result.succeeded() + result.failed()).as("the counts add up").isEqualTo(result.total());
            assertThat(result.peakDisk()).as("peak extra local disk (bound: the upload and its bounded outputs)")
                    .isLessThanOrEqualTo(file.size() + OUTPUTS_BOUND);
            assertThat(instance.alive()).as("the instance is alive").isTrue();
            assertThat(instance.readyStatus()).as("/q/health/ready after the batch").isEqualTo(200);
            assertThat(row.get("lease_owner")).isNull();
            JsonPath view = tenant.inspect(instance, ref);
            assertThat(view.getString("status.code")).isEqualTo(result.status());
            assertThat(view.getLong("status.summary.totalCount")).isEqualTo(result.total());
            return result;
        }

        /** The lines of the batch's error log, through its presigned URL. */
        List<String> errorLog() {
            String url = tenant.inspect(instance, ref).getString("status.log");
            assertThat(url).as("the error log URL").isNotNull();
            return Batches.gunzipLines(Uploads.get(url));
        }
    }

    private boolean terminalOrDead(String ref) {
        if (!instance.alive()) {
            throw new IllegalStateException(instance.name() + " exited with " + instance.process().exitValue()
                    + "; its log ends with:\n" + tail(instance.logText()));
        }
        return TERMINAL.contains(stack.batch(ref).get("status"));
    }

    private HostileFiles.File xLines() {
        return HostileFiles.gzip(files.resolve("x-lines.gz"), out -> {
            for (int i = 0; i < 20_000_000; i++) {
                out.line("x");
            }
        });
    }

    private List<String> identifiersOf(ItTenant tenant) {
        return stack.query("""
                SELECT i.id FROM guest_identifier i JOIN api_client a ON a.id = i.client_id
                WHERE a.client_key = ? AND i.provider = 'hostile'""", tenant.clientKey()).stream().map(row -> row.get("id"))
                .toList();
    }

    private long count(String sql, Object... params) {
        return Long.parseLong(stack.query(sql, params).get(0).get("n"));
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 30), lines.length));
    }

    static String kb(long bytes) {
        return String.format("%,d KB", bytes / 1000);
    }

    static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    /** The measured files as a Markdown table. */
    public static String table(List<Measured> rows) {
        StringBuilder text = new StringBuilder();
        text.append("| File | gzip | Time | CPU | Peak RSS | Peak heap used (live after GC) | Peak disk | Status | Total | "
                + "Applied | Failed |\n");
        text.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Measured m : rows) {
            text.append("| ").append(m.file()).append(": ").append(m.shape()).append(" | ")
                    .append(m.gzipBytes() < MB ? kb(m.gzipBytes()) : mb(m.gzipBytes())).append(" | ")
                    .append(seconds(m.millis())).append(" | ").append(seconds(m.cpuMillis())).append(" | ")
                    .append(mb(m.peakRss())).append(" | ").append(mb(m.peakHeap())).append(" (")
                    .append(m.peakLiveHeap() <= 0 ? "no full GC" : mb(m.peakLiveHeap())).append(") | ").append(mb(m.peakDisk()))
                    .append(" | ").append(m.status()).append(" | ").append(String.format("%,d", m.total())).append(" | ")
                    .append(String.format("%,d", m.succeeded())).append(" | ").append(String.format("%,d", m.failed()))
                    .append(" |\n");
        }
        return text.toString();
    }

    private static String seconds(long millis) {
        return String.format("%.1f s", millis / 1000.0);
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}
