package io.cdpbatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;

import io.cdpbatch.devstack.EmbeddedStack;
import io.cdpbatch.pipeline.NdjsonReader;
import io.cdpbatch.records.ParsedRecord;
import io.cdpbatch.records.RecordParser;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The benchmark: starts PostgreSQL (embedded, or {@code BENCH_JDBC_URL}), S3Proxy and the packaged
 * service, and measures in one run (a) end-to-end ingestion, (b) the database limit, (c) the CPU
 * limit, (d) detection latency, (e) API throughput against the framework's ceiling, (f) memory of
 * the service. Prints a table and writes it into {@code BENCHMARKS.md}. Run by {@code bench/run.sh}.
 */
public final class BenchRunner {

    static final String BEGIN = "<!-- bench:results:begin -->";
    static final String END = "<!-- bench:results:end -->";
    /**
     * The framework's ceiling: {@code GET /}, the redirect to the web page. A JAX-RS route on the public port and the
     * worker pool like the API routes, with no database, no authentication and a body-less answer; the health
     * routes it replaces now live on the management port, which the API does not share.
     */
    static final String CEILING_PATH = "/";
    /** The liveness route, measured for reference only: it is served on the management port. */
    static final String HEALTH_REFERENCE_PATH = "/q/health/live";
    private static final String CLIENT_KEY = "bench-client";
    private static final String CLIENT_TOKEN = "bench-token-0123456789abcdef";

    /** What to run; every field has a command-line option {@code --name=value}. */
    public static final class Options {
        public List<Integer> sizes = List.of(100_000, 1_000_000);
        public int orders = 100_000;
        /** Flight bookings (3 passengers, 2 items of 2 segments each); 0 skips them. */
        public int flights = 0;
        public int detections = 50;
        public int detectionConcurrency = 5;
        public int wrkSeconds = 20;
        public int wrkConnections = 32;
        public Path out = Path.of("BENCHMARKS.md");
        public Path work = Path.of("target/bench");
        public Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        public String serviceHeap = "-Xmx512m -XX:+UseSerialGC";
        public long seed = 20261128L;

        static Options parse(String[] args) {
            Options o = new Options();
            for (String arg : args) {
                String[] kv = arg.replaceFirst("^--", "").split("=", 2);
                String v = kv.length > 1 ? kv[1] : "";
                switch (kv[0]) {
                    case "sizes" ->
                        o.sizes = java.util.Arrays.stream(v.split(",")).map(String::trim).map(Integer::parseInt).toList();
                    case "orders" -> o.orders = Integer.parseInt(v);
                    case "flights" -> o.flights = Integer.parseInt(v);
                    case "detections" -> o.detections = Integer.parseInt(v);
                    case "detection-concurrency" -> o.detectionConcurrency = Integer.parseInt(v);
                    case "wrk-seconds" -> o.wrkSeconds = Integer.parseInt(v);
                    case "wrk-connections" -> o.wrkConnections = Integer.parseInt(v);
                    case "out" -> o.out = Path.of(v);
                    case "work" -> o.work = Path.of(v);
                    case "jar" -> o.jar = Path.of(v);
                    case "service-heap" -> o.serviceHeap = v;
                    case "seed" -> o.seed = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("Unknown option " + arg + " (see bench/README.md)");
                }
            }
            return o;
        }
    }

    record Ingest(int records, long wallMs, long uploadMs, long processMs, String status, long succeeded, long failed) {
        double perSecond() {
            return records * 1000.0 / Math.max(1, wallMs);
        }
    }

    record Cpu(int records, int valid, long millis) {
        double perSecond() {
            return records * 1000.0 / Math.max(1, millis);
        }
    }

    /** Everything one run measured. */
    public static final class Results {
        public final Map<Integer, Ingest> ingest = new LinkedHashMap<>();
        public final Map<Integer, DbLimit.Result> dbLimit = new LinkedHashMap<>();
        public final Map<Integer, Cpu> cpu = new LinkedHashMap<>();
        public Ingest orders;
        public String ordersNote;
        public Ingest flights;
        public DbLimit.Result flightsDbLimit;
        public Cpu flightsCpu;
        public List<Long> detectionMs = new ArrayList<>();
        public final List<Wrk.Result> wrk = new ArrayList<>();
        public String wrkNote;
        /** The table label of each wrk path (paths carry refs). */
        public final Map<String, String> wrkLabels = new LinkedHashMap<>();
        public long peakRss;
        public long peakHwm;
        public long peakHeap;
        public int memorySize;
        public String machine;
        public String table;
    }

    public static void main(String[] args) throws Exception {
        Results results = run(Options.parse(args));
        System.out.println(results.table);
        System.exit(0);
    }

    public static Results run(Options options) throws Exception {
        Results results = new Results();
        Path work = options.work.toAbsolutePath();
        deleteRecursively(work.resolve("s3"));
        deleteRecursively(work.resolve("service"));
        Files.createDirectories(work);
        if (!Files.isRegularFile(options.jar)) {
            throw new IllegalStateException(
                    options.jar + " is missing: run ./mvnw package -DskipTests first (bench/run.sh does)");
        }
        EmbeddedPostgres embedded = null;
        EmbeddedStack.S3ProxyProcess s3 = null;
        ServiceProcess service = null;
        try {
            String jdbcUrl = System.getenv("BENCH_JDBC_URL");
            String dbUser = System.getenv().getOrDefault("BENCH_JDBC_USER", EmbeddedStack.DB_USER);
            String dbPassword = System.getenv().getOrDefault("BENCH_JDBC_PASSWORD", EmbeddedStack.DB_PASSWORD);
            if (jdbcUrl == null) {
                log("starting embedded PostgreSQL");
                deleteRecursively(work.resolve("pg"));
                embedded = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true)
                        .setServerConfig("max_connections", "100")
                        .setServerConfig("shared_buffers", "256MB")
                        .setServerConfig("max_wal_size", "4GB")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("fsync", "on")
                        .start();
                try (Connection c = embedded.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("ALTER USER postgres PASSWORD '" + EmbeddedStack.DB_PASSWORD + "'");
                }
                jdbcUrl = embedded.getJdbcUrl(EmbeddedStack.DB_USER, "postgres").replaceAll("[?&]user=[^&]*", "");
                dbUser = EmbeddedStack.DB_USER;
                dbPassword = EmbeddedStack.DB_PASSWORD;
            }
            log("starting S3Proxy");
            s3 = S3ProxyServer.start(work.resolve("s3"), "-Xmx2g");

            Map<String, String> env = new LinkedHashMap<>();
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
            env.put("QUARKUS_DATASOURCE_USERNAME", dbUser);
            env.put("QUARKUS_DATASOURCE_PASSWORD", dbPassword);
            env.put("QUARKUS_S3_ENDPOINT_OVERRIDE", s3.endpoint());
            env.put("QUARKUS_S3_AWS_REGION", "us-east-1");
            env.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
            env.put("QUARKUS_S3_AWS_CREDENTIALS_TYPE", "static");
            env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", EmbeddedStack.ACCESS_KEY);
            env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", EmbeddedStack.SECRET_KEY);
            env.put("BATCH_STORAGE_CREATE_BUCKET", "true");
            env.put("BATCH_BOOTSTRAP_CLIENT_KEY", CLIENT_KEY);
            env.put("BATCH_BOOTSTRAP_CLIENT_TOKEN", CLIENT_TOKEN);
            env.putIfAbsent("BATCH_API_MAX_FILE_SIZE", "2G");
            log("starting the service (" + options.jar + ", " + options.serviceHeap + ")");
            service = ServiceProcess.start(options.jar, work.resolve("service"), env,
                    java.util.Arrays.asList(options.serviceHeap.trim().split("\\s+")),
                    Duration.ofSeconds(300));
            BenchClient client = new BenchClient(service.baseUrl, CLIENT_KEY, CLIENT_TOKEN);
            String pgVersion;
            try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SHOW server_version")) {
                r.next();
                pgVersion = "PostgreSQL " + r.getString(1) + (embedded != null ? " (embedded, zonky)" : " (BENCH_JDBC_URL)");
            }
            results.machine = machine(pgVersion);

            // data
            Path data = work.resolve("data");
            List<BenchData.GuestFile> files = new ArrayList<>();
            char prefix = 'a';
            for (int size : options.sizes) {
                log("generating " + size + " guest records");
                files.add(BenchData.guests(data, String.valueOf(prefix++), size, options.seed + size));
            }
            BenchData.OrderFile orders = options.orders > 0
                    ? BenchData.orders(data, "o", Math.max(1, options.orders / 2), options.orders, options.seed)
                    : null;
            BenchData.FlightFile flights = null;
            if (options.flights > 0) {
                log("generating " + options.flights + " flight orders");
                flights = BenchData.flights(data, "f", Math.max(1, options.flights / 2), options.flights, options.seed + 7);
            }

            // (c) the CPU limit, smallest file first (it warms the parser up)
            for (BenchData.GuestFile file : files) {
                log("(c) parsing " + file.records() + " records without a database");
                results.cpu.put(file.records(), parse(file.gz()));
            }

            // (a) end-to-end ingestion, memory sampled during the largest
            int largest = Collections.max(options.sizes);
            for (BenchData.GuestFile file : files) {
                log("(a) ingesting " + file.records() + " guest records end to end");
                if (file.records() == largest) {
                    ServiceProcess.Sampler sampler = service.new Sampler();
                    try {
                        results.ingest.put(file.records(),
                                ingest(client, file.gz(), file.md5Hex(), file.size(), file.records()));
                    } finally {
                        sampler.close();
                    }
                    results.peakRss = sampler.peakRss.get();
                    results.peakHeap = sampler.peakHeap.get();
                    results.peakHwm = service.memory()[1];
                    results.memorySize = file.records();
                } else {
                    results.ingest.put(file.records(), ingest(client, file.gz(), file.md5Hex(), file.size(), file.records()));
                }
                log("    " + results.ingest.get(file.records()));
            }

            // (b) the database limit, same rows, same database, tenants of their own
            for (BenchData.GuestFile file : files) {
                log("(b) loading " + file.records() + " guests by COPY + one set-based merge");
                String tenant = "bench-dblimit-" + file.records() + "-" + System.currentTimeMillis();
                DbLimit.Result result = DbLimit.load(jdbcUrl, dbUser, dbPassword, file, tenant);
                long[] counts = DbLimit.counts(jdbcUrl, dbUser, dbPassword, tenant);
                if (counts[0] != file.records() || counts[1] != file.identifiers() || counts[2] != file.records()) {
                    throw new IllegalStateException("The plain SQL load is incomplete: " + java.util.Arrays.toString(counts));
                }
                results.dbLimit.put(file.records(), result);
                log("    " + result);
            }

            // (d) detection latency
            log("(d) detection latency over " + options.detections + " small batches");
            results.detectionMs = detection(client, options.detections, options.detectionConcurrency);

            // (e) API throughput against the framework's ceiling
            if (Wrk.available()) {
                // a finished batch with a summary: the status a client polls most
                String someRef = lastRef != null ? lastRef : client.allocate("0123456789abcdef0123456789abcdef", 100)[0];
                // a batch whose upload has not arrived: not terminal, so read from the database on every GET
                String movingRef = client.allocate("0123456789abcdef0123456789abcdef", 100)[0];
                results.wrkLabels.put("/v2/batches/" + someRef, "(e) GET /v2/batches/{ref}");
                results.wrkLabels.put("/v2/batches/" + movingRef,
                        "(e) GET /v2/batches/{ref} of a batch still uploading (database read, upload URL signed, every time)");
                results.wrkLabels.put("/v2/batches/inspect", "(e) GET /v2/batches/inspect (list)");
                for (String path : List.of("/v2/batches/" + someRef, "/v2/batches/" + movingRef, "/v2/batches/inspect",
                        CEILING_PATH)) {
                    log("(e) wrk " + options.wrkConnections + " connections, " + options.wrkSeconds + " s: GET " + path);
                    Wrk.Result r = Wrk.run(service.baseUrl, path, path.equals(CEILING_PATH) ? null : client.authorization,
                            options.wrkConnections, options.wrkSeconds);
                    results.wrk.add(r);
                    log(String.format(Locale.ROOT, "    %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d", r.requestsPerSecond(),
                            r.p50Millis(), r.p99Millis(), r.errors()));
                }
                // The ceiling of the reports made before the management interface, side by side with today's.
                log("(e) wrk " + options.wrkConnections + " connections, " + options.wrkSeconds + " s: GET "
                        + HEALTH_REFERENCE_PATH + " on the management port");
                Wrk.Result health = Wrk.run(service.managementUrl, HEALTH_REFERENCE_PATH, null, options.wrkConnections,
                        options.wrkSeconds);
                results.wrk.add(health);
                results.wrkLabels.put(HEALTH_REFERENCE_PATH,
                        "(e) reference GET " + HEALTH_REFERENCE_PATH
                                + " on the management port (the ceiling of earlier reports)");
            } else {
                results.wrkNote = "wrk is not installed (apt-get install -y wrk): API throughput not measured";
            }
            // orders, when the service applies them: last, as a service without an order writer retries the probe
            if (orders != null) {
                byte[] probe = probeOrder(data, options.seed);
                String md5 = java.util.HexFormat.of().formatHex(BenchData.md5().digest(probe));
                String[] allocation = client.allocate(md5, probe.length);
                client.upload(allocation[1], probe, md5);
                JsonNode view = awaitTerminalOrNull(client, allocation[0], Duration.ofSeconds(30));
                if (view != null && "success".equals(BenchClient.status(view))) {
                    log("(a) ingesting " + orders.records() + " orders end to end");
                    results.orders = ingest(client, orders.gz(), orders.md5Hex(), orders.size(), orders.records());
                } else {
                    results.ordersNote = "not measured: a probe order " + (view == null ? "was not applied within 30 s"
                            : "ended in " + BenchClient.status(view)) + " (the service does not apply orders yet)";
                }
            }
            if (flights != null) {
                flights(client, flights, results, jdbcUrl, dbUser, dbPassword);
            }
        } finally {
            if (service != null) {
                service.close();
            }
            if (s3 != null) {
                s3.stop();
            }
            if (embedded != null) {
                embedded.close();
            }
        }
        results.table = table(options, results);
        writeReport(options.out, results);
        return results;
    }

    /** Flight orders: (c) parse, (a) end to end, (b) the same rows by COPY into the final tables. */
    private static void flights(BenchClient client, BenchData.FlightFile file, Results results, String jdbcUrl,
            String dbUser, String dbPassword) throws Exception {
        log("(c) parsing " + file.records() + " flight orders without a database");
        results.flightsCpu = parse(file.gz());
        log("(a) ingesting " + file.records() + " flight orders end to end");
        results.flights = ingest(client, file.gz(), file.md5Hex(), file.size(), file.records());
        log("    " + results.flights);
        log("(b) loading " + file.records() + " flight orders by COPY + one INSERT ... SELECT per table");
        String tenant = "bench-dblimit-flights-" + file.records() + "-" + System.currentTimeMillis();
        results.flightsDbLimit = DbLimit.loadFlights(jdbcUrl, dbUser, dbPassword, file, tenant);
        long[] counts = DbLimit.flightCounts(jdbcUrl, dbUser, dbPassword, tenant);
        long[] expected = DbLimit.expectedFlightCounts(file);
        if (!java.util.Arrays.equals(counts, expected)) {
            throw new IllegalStateException("The plain SQL load of flight orders is incomplete: "
                    + java.util.Arrays.toString(counts) + " instead of " + java.util.Arrays.toString(expected));
        }
        log("    " + results.flightsDbLimit);
    }

    private static volatile String lastRef;

    /** The ref of the last batch ingested (the one whose status wrk polls). */
    static String lastRef() {
        return lastRef;
    }

    private static JsonNode awaitTerminalOrNull(BenchClient client, String ref, Duration timeout) throws Exception {
        try {
            return client.awaitTerminal(ref, Duration.ofMillis(100), timeout);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    static Ingest ingest(BenchClient client, Path gz, String md5, long size, int records) throws Exception {
        long start = System.nanoTime();
        String[] allocation = client.allocate(md5, size);
        client.upload(allocation[1], gz, md5);
        long uploaded = System.nanoTime();
        JsonNode view = client.awaitTerminal(allocation[0], Duration.ofMillis(50), Duration.ofHours(1));
        long end = System.nanoTime();
        lastRef = allocation[0];
        JsonNode summary = view.path("status").path("summary");
        return new Ingest(records, (end - start) / 1_000_000, (uploaded - start) / 1_000_000,
                summary.path("timeToProcessMs").asLong(), BenchClient.status(view), summary.path("succeededCount").asLong(),
                summary.path("failedCount").asLong());
    }

    /** gunzip + line split + parse and validate, one thread, no database. */
    static Cpu parse(Path gz) throws IOException {
        RecordParser parser = new RecordParser(Clock.systemUTC());
        long start = System.nanoTime();
        int records = 0;
        int valid = 0;
        try (NdjsonReader reader = new NdjsonReader(gz, 1 << 20, Long.MAX_VALUE)) {
            NdjsonReader.Line line;
            while ((line = reader.next()) != null) {
                records++;
                if (parser.parse(line.bytes(), 0, line.length()) instanceof ParsedRecord) {
                    valid++;
                }
            }
        }
        return new Cpu(records, valid, (System.nanoTime() - start) / 1_000_000);
    }

    private static byte[] probeOrder(Path data, long seed) throws IOException {
        BenchData.OrderFile one = BenchData.orders(data.resolve("probe"), "probe" + System.nanoTime(), 1, 1, seed);
        return Files.readAllBytes(one.gz());
    }

    static List<Long> detection(BenchClient client, int count, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency));
        try {
            List<Future<Long>> futures = new ArrayList<>();
            long tag = System.nanoTime();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    StringBuilder lines = new StringBuilder();
                    for (int k = 0; k < 10; k++) {
                        lines.append("{\"ref\":\"d").append(k).append("\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{")
                                .append("\"firstName\":\"Detect\",\"identifiers\":[{\"provider\":\"bench\",\"id\":\"det-")
                                .append(tag).append('-').append(n).append('-').append(k).append("\"}]}}\n");
                    }
                    byte[] gz = gzip(lines.toString().getBytes(StandardCharsets.UTF_8));
                    String md5 = java.util.HexFormat.of().formatHex(BenchData.md5().digest(gz));
                    String[] allocation = client.allocate(md5, gz.length);
                    client.upload(allocation[1], gz, md5);
                    long uploaded = System.nanoTime();
                    long deadline = uploaded + Duration.ofMinutes(1).toNanos();
                    while (System.nanoTime() < deadline) {
                        String status = BenchClient.status(client.inspect(allocation[0]));
                        if (!"uploading".equals(status)) {
                            return (System.nanoTime() - uploaded) / 1_000_000;
                        }
                        Thread.sleep(20);
                    }
                    throw new IllegalStateException("Batch " + allocation[0] + " not detected within a minute");
                }));
            }
            List<Long> latencies = new ArrayList<>();
            for (Future<Long> future : futures) {
                latencies.add(future.get());
            }
            Collections.sort(latencies);
            return latencies;
        } finally {
            pool.shutdownNow();
        }
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    // ---- report

    static String table(Options options, Results r) {
        StringBuilder t = new StringBuilder();
        t.append("| Measure | Result | Ratio / target |\n|---|---|---|\n");
        for (var e : r.ingest.entrySet()) {
            Ingest a = e.getValue();
            DbLimit.Result b = r.dbLimit.get(e.getKey());
            Cpu c = r.cpu.get(e.getKey());
            String target = e.getKey() >= 1_000_000 ? mark(a.perSecond() >= 50_000) + " target >= 50,000/s" : "";
            t.append(row("(a) ingest " + count(e.getKey()) + " guests end to end",
                    fmt("%,.0f records/s, wall %.1f s (upload %.1f s, processing %.1f s), %s, %,d ok, %,d failed",
                            a.perSecond(),
                            a.wallMs() / 1000.0, a.uploadMs() / 1000.0, a.processMs() / 1000.0, a.status(), a.succeeded(),
                            a.failed()),
                    target));
            if (b != null) {
                double ratio = a.perSecond() / b.recordsPerSecond();
                t.append(row("(b) DB limit " + count(e.getKey()) + " guests (COPY + merge)",
                        fmt("%,.0f records/s (%,.0f rows/s, %.1f s)", b.recordsPerSecond(), b.rowsPerSecond(),
                                b.millis() / 1000.0),
                        fmt("a/b = %.2f", ratio)
                                + (e.getKey() >= 1_000_000 ? " " + mark(ratio >= 0.6) + " target >= 0.60" : "")));
            }
            if (c != null) {
                t.append(row("(c) CPU limit " + count(e.getKey()) + " (gunzip + parse, 1 thread)",
                        fmt("%,.0f records/s (%.1f s, %,d valid)", c.perSecond(), c.millis() / 1000.0, c.valid()),
                        fmt("a/c = %.2f", a.perSecond() / c.perSecond())));
            }
        }
        if (r.orders != null) {
            Ingest o = r.orders;
            t.append(row("(a) ingest " + count(o.records()) + " orders end to end",
                    fmt("%,.0f records/s, wall %.1f s, %s, %,d ok, %,d failed", o.perSecond(), o.wallMs() / 1000.0, o.status(),
                            o.succeeded(), o.failed()),
                    ""));
        } else if (r.ordersNote != null) {
            t.append(row("(a) orders", r.ordersNote, ""));
        }
        if (r.flights != null) {
            Ingest f = r.flights;
            t.append(row("(a) ingest " + count(f.records()) + " flight orders end to end (3 passengers, 2 items, 4 segments)",
                    fmt("%,.0f records/s, wall %.1f s (upload %.1f s, processing %.1f s), %s, %,d ok, %,d failed",
                            f.perSecond(), f.wallMs() / 1000.0, f.uploadMs() / 1000.0, f.processMs() / 1000.0, f.status(),
                            f.succeeded(), f.failed()),
                    ""));
            DbLimit.Result b = r.flightsDbLimit;
            if (b != null) {
                t.append(row("(b) DB limit " + count(f.records()) + " flight orders (COPY + insert)",
                        fmt("%,.0f records/s (%,.0f rows/s, %.1f s)", b.recordsPerSecond(), b.rowsPerSecond(),
                                b.millis() / 1000.0),
                        fmt("a/b = %.2f", f.perSecond() / b.recordsPerSecond())));
            }
            Cpu c = r.flightsCpu;
            if (c != null) {
                t.append(row("(c) CPU limit " + count(f.records()) + " flight orders (gunzip + parse, 1 thread)",
                        fmt("%,.0f records/s (%.1f s, %,d valid)", c.perSecond(), c.millis() / 1000.0, c.valid()),
                        fmt("a/c = %.2f", f.perSecond() / c.perSecond())));
            }
        }
        long p50 = percentile(r.detectionMs, 50);
        long p99 = percentile(r.detectionMs, 99);
        t.append(row("(d) detection, upload done -> file_uploaded (" + r.detectionMs.size() + " batches)",
                fmt("p50 %d ms, p99 %d ms, max %d ms", p50, p99, percentile(r.detectionMs, 100)),
                mark(p50 <= 1500 && p99 <= 3000) + " target p50 <= 1500, p99 <= 3000"));
        Wrk.Result ceiling = r.wrk.stream().filter(w -> w.path().equals(CEILING_PATH)).findFirst().orElse(null);
        for (Wrk.Result w : r.wrk) {
            String label = w.path().equals(CEILING_PATH) ? "(e) ceiling GET " + w.path() + " (redirect to the web page)"
                    : r.wrkLabels.getOrDefault(w.path(), "(e) GET " + w.path());
            String ratio = ceiling == null || w == ceiling ? ""
                    : fmt("e/ceiling = %.2f", w.requestsPerSecond() / ceiling.requestsPerSecond());
            if (label.endsWith("{ref}")) {
                ratio += " " + mark(w.requestsPerSecond() >= 5000 && w.p99Millis() <= 50) + " target >= 5,000/s, p99 <= 50 ms";
            }
            t.append(row(label + ", " + options.wrkConnections + " connections",
                    fmt("%,.0f req/s, p50 %.2f ms, p99 %.2f ms%s", w.requestsPerSecond(), w.p50Millis(), w.p99Millis(),
                            w.errors() > 0 ? ", " + w.errors() + " errors" : ""),
                    ratio));
        }
        if (r.wrkNote != null) {
            t.append(row("(e) API", r.wrkNote, ""));
        }
        if (r.memorySize > 0) {
            t.append(row("(f) service memory during (a) " + count(r.memorySize) + ", " + options.serviceHeap,
                    fmt("peak RSS %,d MB (VmHWM %,d MB), peak heap used %,d MB", r.peakRss >> 20, r.peakHwm >> 20,
                            r.peakHeap >> 20),
                    mark(r.peakHwm <= 512L << 20) + " target RSS <= 512 MB"));
        }
        return t.toString();
    }

    private static String mark(boolean ok) {
        return ok ? "**met**" : "**not met**";
    }

    private static String row(String a, String b, String c) {
        return "| " + a + " | " + b + " | " + c + " |\n";
    }

    private static String count(int n) {
        return n >= 1_000_000 && n % 1_000_000 == 0 ? (n / 1_000_000) + "M"
                : n >= 1000 && n % 1000 == 0 ? (n / 1000) + "k" : Integer.toString(n);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String machine(String pgVersion) {
        String cpu = "unknown CPU";
        long memKb = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return fmt("%d cores (%s), %.1f GB memory, JDK %s (%s), %s, %s", Runtime.getRuntime().availableProcessors(), cpu,
                memKb / 1024.0 / 1024.0, System.getProperty("java.version"), System.getProperty("java.vm.name"), pgVersion,
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    static void writeReport(Path out, Results r) throws IOException {
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(Instant.now());
        String section = BEGIN + "\n## Latest run\n\n" + "Date: " + date + " (commit " + gitCommit() + ")  \nMachine: "
                + r.machine + "\n\n" + r.table + END;
        String text = Files.isRegularFile(out) ? Files.readString(out)
                : "# Benchmarks\n\nRun: `bench/run.sh` (see bench/README.md).\n\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin >= 0 && end > begin) {
            text = text.substring(0, begin) + section + text.substring(end + END.length());
        } else {
            text = text + "\n" + section + "\n";
        }
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, text);
    }

    static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String s;
            try (InputStream in = p.getInputStream()) {
                s = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            return p.waitFor() == 0 ? s : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    private static void log(String message) {
        System.out.println("[bench " + DateTimeFormatter.ISO_LOCAL_TIME.withZone(ZoneOffset.UTC).format(Instant.now()) + "] "
                + message);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
