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
    private static final String ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";

    /** What to run; every field has a command-line option {@code --name=value}. */
    public static final class Options {
        public List<Integer> sizes = List.of(1_000_000);
        /** Guests of the first batch of the fresh database and of the batch after it; 0 skips the pair. */
        public int firstBatch = 100_000;
        public int orders = 100_000;
        /** Flight bookings (3 passengers, 2 items of 2 segments each); 0 skips them. */
        public int flights = 100_000;
        /** Guests loaded by COPY to measure the cost of each index; 0 skips the index costs. */
        public int indexRows = 100_000;
        /** Flight bookings loaded by COPY to measure the cost of each index of the order tables; 0 skips them. */
        public int indexFlights = 25_000;
        /** Loads of each index variant; the fastest counts. */
        public int indexRounds = 2;
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
                    case "first-batch" -> o.firstBatch = Integer.parseInt(v);
                    case "orders" -> o.orders = Integer.parseInt(v);
                    case "flights" -> o.flights = Integer.parseInt(v);
                    case "index-rows" -> o.indexRows = Integer.parseInt(v);
                    case "index-flights" -> o.indexFlights = Integer.parseInt(v);
                    case "index-rounds" -> o.indexRounds = Integer.parseInt(v);
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

        /** Records per second of processing alone (the batch's timeToProcessMs). */
        double processedPerSecond() {
            return records * 1000.0 / Math.max(1, processMs);
        }
    }

    /**
     * The cost of one index (or foreign key) of a table: the same COPY into the final tables with the schema as it is
     * ({@code baseMillis}) and with the variant ({@code variantMillis}), fastest of the rounds, in rolled-back
     * transactions.
     */
    record IndexCost(String group, String label, long baseMillis, long variantMillis) {
        /** The share of the load's time the index costs (positive: the index makes the load slower). */
        double cost() {
            return label.startsWith("with ") ? (variantMillis - baseMillis) / (double) Math.max(1, baseMillis)
                    : (baseMillis - variantMillis) / (double) Math.max(1, variantMillis);
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
        /** The same rows by COPY straight into the final tables: the physical limit of the schema. */
        public final Map<Integer, FinalCopy.Result> limit = new LinkedHashMap<>();
        /** The same rows by COPY into staging tables and one set-based merge. */
        public final Map<Integer, DbLimit.Result> dbLimit = new LinkedHashMap<>();
        /** The first batch of a fresh database and the batch after it, of the same size. */
        /** The dry run before the fresh database's first batch: the fresh service's first work. */
        public Ingest warmUp;
        /** Rows in the customer tables after the dry run (none: it leaves the database fresh). */
        public long warmUpRowsLeft = -1;
        public Ingest firstBatch;
        public Ingest secondBatch;
        /** Rows of the customer tables read (by sequential and index scans) during each of the two batches. */
        public long firstBatchScanned;
        public long secondBatchScanned;
        public final List<IndexCost> indexCosts = new ArrayList<>();
        public FinalCopy.Result indexBase;
        public FinalCopy.Result flightIndexBase;
        public final Map<Integer, Cpu> cpu = new LinkedHashMap<>();
        public Ingest orders;
        public String ordersNote;
        public Ingest flights;
        public FinalCopy.Result flightsLimit;
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
            env.put("BATCH_ADMIN_TOKEN", ADMIN_TOKEN);
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

            Db db = new Db(jdbcUrl, dbUser, dbPassword);

            // data
            Path data = work.resolve("data");
            BenchData.GuestFile warmUp = null;
            BenchData.GuestFile first = null;
            BenchData.GuestFile second = null;
            if (options.firstBatch > 0) {
                log("generating three files of " + options.firstBatch
                        + " guest records (a dry run, then the fresh database's first batches)");
                warmUp = BenchData.guests(data, "w", options.firstBatch, options.seed + 3);
                first = BenchData.guests(data, "p", options.firstBatch, options.seed + 1);
                second = BenchData.guests(data, "q", options.firstBatch, options.seed + 2);
            }
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

            // the first batch of the fresh database, then the batch after it: nothing analysed the tables before
            if (first != null) {
                // the service's first work: a dry run of other guests, rolled back, so that the first real batch
                // meets a fresh database with the service's code compiled, as a running service would
                log("(a) the fresh service's first work: a dry run of " + warmUp.records() + " other guest records");
                results.warmUp = ingest(client, warmUp.gz(), warmUp.md5Hex(), warmUp.size(), warmUp.records(), true);
                results.warmUpRowsLeft = db.customerRows();
                if (results.warmUpRowsLeft != 0) {
                    throw new IllegalStateException("The dry run left " + results.warmUpRowsLeft + " customer rows");
                }
                db.freshCustomerTables();
                log("    " + results.warmUp + ", " + results.warmUpRowsLeft + " customer rows left");
                long scanned = db.sequentiallyScannedRows();
                // each of the two starts after a checkpoint (and neither after an analysis, which would end the
                // fresh state): the first must not pay for writing out the dry run's pages while the next does not
                db.checkpoint();
                log("(a) the fresh database's first batch: " + first.records() + " guest records end to end");
                results.firstBatch = ingest(client, first.gz(), first.md5Hex(), first.size(), first.records());
                long afterFirst = db.sequentiallyScannedRows();
                results.firstBatchScanned = afterFirst - scanned;
                log("    " + results.firstBatch + ", " + results.firstBatchScanned + " rows read");
                db.checkpoint();
                log("(a) the batch after it: " + second.records() + " guest records end to end");
                results.secondBatch = ingest(client, second.gz(), second.md5Hex(), second.size(), second.records());
                results.secondBatchScanned = db.sequentiallyScannedRows() - afterFirst;
                log("    " + results.secondBatch + ", " + results.secondBatchScanned + " rows read");
            }

            // per size: the physical limit (COPY into the final tables), the service, the staging + merge route; each
            // starts from a checkpoint and vacuumed, analysed tables, so none pays for the work another left behind
            int largest = options.sizes.isEmpty() ? 0 : Collections.max(options.sizes);
            for (BenchData.GuestFile file : files) {
                db.quiesce();
                log("(L) loading " + file.records() + " guests by COPY straight into the final tables");
                String limitTenant = "bench-limit-" + file.records() + "-" + System.currentTimeMillis();
                long limitClient = FinalCopy.newTenant(jdbcUrl, dbUser, dbPassword, limitTenant);
                FinalCopy.Rows rows = FinalCopy.guestRows(jdbcUrl, dbUser, dbPassword, file, limitClient,
                        work.resolve("final"));
                FinalCopy.Result limit = FinalCopy.load(jdbcUrl, dbUser, dbPassword, rows, FinalCopy.Variant.NONE, true);
                checkGuests(jdbcUrl, dbUser, dbPassword, limitTenant, file);
                results.limit.put(file.records(), limit);
                log("    " + limit);

                db.quiesce();
                // a tenant of its own, as (L) and (b): the file's guests are the tenant's first load
                BenchClient loader = BenchClient.newTenant(service.baseUrl, ADMIN_TOKEN);
                log("(a) ingesting " + file.records() + " guest records end to end, a new tenant's first load");
                if (file.records() == largest) {
                    ServiceProcess.Sampler sampler = service.new Sampler();
                    try {
                        results.ingest.put(file.records(),
                                ingest(loader, file.gz(), file.md5Hex(), file.size(), file.records()));
                    } finally {
                        sampler.close();
                    }
                    results.peakRss = sampler.peakRss.get();
                    results.peakHeap = sampler.peakHeap.get();
                    results.peakHwm = service.memory()[1];
                    results.memorySize = file.records();
                } else {
                    results.ingest.put(file.records(), ingest(loader, file.gz(), file.md5Hex(), file.size(), file.records()));
                }
                log("    " + results.ingest.get(file.records()));

                db.quiesce();
                log("(b) loading " + file.records() + " guests by COPY into staging tables + one set-based merge");
                String tenant = "bench-dblimit-" + file.records() + "-" + System.currentTimeMillis();
                DbLimit.Result result = DbLimit.load(jdbcUrl, dbUser, dbPassword, file, tenant);
                checkGuests(jdbcUrl, dbUser, dbPassword, tenant, file);
                results.dbLimit.put(file.records(), result);
                log("    " + result);
            }

            // orders, when the service applies them
            if (orders != null) {
                byte[] probe = probeOrder(data, options.seed);
                String md5 = java.util.HexFormat.of().formatHex(BenchData.md5().digest(probe));
                String[] allocation = client.allocate(md5, probe.length);
                client.upload(allocation[1], probe, md5);
                JsonNode view = awaitTerminalOrNull(client, allocation[0], Duration.ofSeconds(30));
                if (view != null && "success".equals(BenchClient.status(view))) {
                    db.quiesce();
                    log("(a) ingesting " + orders.records() + " orders end to end");
                    results.orders = ingest(client, orders.gz(), orders.md5Hex(), orders.size(), orders.records());
                } else {
                    results.ordersNote = "not measured: a probe order " + (view == null ? "was not applied within 30 s"
                            : "ended in " + BenchClient.status(view)) + " (the service does not apply orders yet)";
                }
            }
            if (flights != null) {
                flights(client, flights, results, db, work);
            }

            // the cost of each index (and of the foreign keys the schema no longer has), on the tables as they are now
            if (options.indexRows > 0) {
                db.quiesce();
                BenchData.GuestFile indexFile = BenchData.guests(data, "x", options.indexRows, options.seed + 11);
                long indexClient = FinalCopy.newTenant(jdbcUrl, dbUser, dbPassword,
                        "bench-index-" + System.currentTimeMillis());
                FinalCopy.Rows rows = FinalCopy.guestRows(jdbcUrl, dbUser, dbPassword, indexFile, indexClient,
                        work.resolve("final"));
                results.indexBase = indexCosts(db, "guests", rows,
                        FinalCopy.indexVariants(jdbcUrl, dbUser, dbPassword, GUEST_TABLES, GUEST_FOREIGN_KEYS),
                        options.indexRounds, results.indexCosts);
            }
            if (options.indexFlights > 0 && options.flights > 0) {
                db.quiesce();
                BenchData.FlightFile indexFile = BenchData.flights(data, "y", Math.max(1, options.indexFlights / 2),
                        options.indexFlights, options.seed + 13);
                long indexClient = FinalCopy.newTenant(jdbcUrl, dbUser, dbPassword,
                        "bench-index-flights-" + System.currentTimeMillis());
                FinalCopy.Rows rows = FinalCopy.flightRows(jdbcUrl, dbUser, dbPassword, indexFile, indexClient,
                        work.resolve("final"));
                results.flightIndexBase = indexCosts(db, "flight orders", rows,
                        FinalCopy.indexVariants(jdbcUrl, dbUser, dbPassword, ORDER_TABLES, ORDER_FOREIGN_KEYS),
                        options.indexRounds, results.indexCosts);
            }

            // (d) detection latency; a fifth of the batches end in error, so that the list below signs URLs
            log("(d) detection latency over " + options.detections + " small batches");
            results.detectionMs = detection(client, options.detections, options.detectionConcurrency);

            // (e) API throughput against the framework's ceiling
            if (Wrk.available()) {
                // a finished batch with a summary: the status a client polls most
                String someRef = lastRef != null ? lastRef : client.allocate("0123456789abcdef0123456789abcdef", 100)[0];
                String someAuthorization = lastRef != null ? lastAuthorization : client.authorization;
                // a batch whose upload has not arrived: not terminal, so read from the database on every GET
                String movingRef = client.allocate("0123456789abcdef0123456789abcdef", 100)[0];
                results.wrkLabels.put("/v2/batches/" + someRef, "(e) GET /v2/batches/{ref}");
                results.wrkLabels.put("/v2/batches/" + movingRef,
                        "(e) GET /v2/batches/{ref} of a batch still uploading (database read, upload URL signed, every time)");
                results.wrkLabels.put(LIST_PATH, "(e) GET " + LIST_PATH + " (list)");
                for (String path : List.of("/v2/batches/" + someRef, "/v2/batches/" + movingRef, LIST_PATH, CEILING_PATH)) {
                    log("(e) wrk " + options.wrkConnections + " connections, " + options.wrkSeconds + " s: GET " + path);
                    String authorization = path.equals(CEILING_PATH) ? null
                            : path.equals("/v2/batches/" + someRef) ? someAuthorization : client.authorization;
                    Wrk.Result r = Wrk.run(service.baseUrl, path, authorization,
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

    /** Flight orders: (c) parse, (L) the same rows by COPY into the final tables, (a) end to end. */
    private static void flights(BenchClient client, BenchData.FlightFile file, Results results, Db db, Path work)
            throws Exception {
        log("(c) parsing " + file.records() + " flight orders without a database");
        results.flightsCpu = parse(file.gz());
        db.quiesce();
        log("(L) loading " + file.records() + " flight orders by COPY straight into the final tables");
        String tenant = "bench-limit-flights-" + file.records() + "-" + System.currentTimeMillis();
        long clientId = FinalCopy.newTenant(db.url, db.user, db.password, tenant);
        FinalCopy.Rows rows = FinalCopy.flightRows(db.url, db.user, db.password, file, clientId, work.resolve("final"));
        results.flightsLimit = FinalCopy.load(db.url, db.user, db.password, rows, FinalCopy.Variant.NONE, true);
        long[] counts = DbLimit.flightCounts(db.url, db.user, db.password, tenant);
        long[] expected = DbLimit.expectedFlightCounts(file);
        if (!java.util.Arrays.equals(counts, expected)) {
            throw new IllegalStateException("The COPY of flight orders is incomplete: " + java.util.Arrays.toString(counts)
                    + " instead of " + java.util.Arrays.toString(expected));
        }
        log("    " + results.flightsLimit);
        db.quiesce();
        log("(a) ingesting " + file.records() + " flight orders end to end");
        results.flights = ingest(client, file.gz(), file.md5Hex(), file.size(), file.records());
        log("    " + results.flights);
    }

    /** The tables of a guest file, parents first, and the foreign keys to them the schema no longer has. */
    static final List<String> GUEST_TABLES = List.of("guest", "guest_identifier", "guest_extension");
    static final List<String[]> GUEST_FOREIGN_KEYS = List.of(new String[] { "guest_identifier", "guest_id", "guest", "id" },
            new String[] { "guest_extension", "guest_id", "guest", "id" });
    /** The order tables of a flight file, parents first, and their former foreign keys. */
    static final List<String> ORDER_TABLES = List.of("orders", "order_item", "flight_segment", "order_consumer",
            "order_consumer_item");
    static final List<String[]> ORDER_FOREIGN_KEYS = List.of(new String[] { "orders", "guest_id", "guest", "id" },
            new String[] { "order_item", "order_id", "orders", "id" },
            new String[] { "flight_segment", "order_id, item_position", "order_item", "order_id, position" },
            new String[] { "order_consumer", "order_id", "orders", "id" },
            new String[] { "order_consumer", "guest_id", "guest", "id" },
            new String[] { "order_consumer_item", "order_id, consumer_position", "order_consumer", "order_id, position" },
            new String[] { "order_consumer_item", "order_id, item_position", "order_item", "order_id, position" });
    static final String LIST_PATH = "/v2/batches/inspect?limit=20";

    /**
     * Loads the rows with the schema as it is and with each variant, {@code rounds} times in turn (rolled back), and
     * keeps the fastest load of each; returns the fastest load of the schema as it is.
     */
    private static FinalCopy.Result indexCosts(Db db, String group, FinalCopy.Rows rows, List<FinalCopy.Variant> variants,
            int rounds, List<IndexCost> costs) throws Exception {
        log("(i) cost of each index: " + rows.records() + " " + group + " by COPY, " + variants.size() + " variants, "
                + rounds + " rounds");
        FinalCopy.Result base = null;
        long[] best = new long[variants.size()];
        java.util.Arrays.fill(best, Long.MAX_VALUE);
        // every load is rolled back, and what it wrote stays in the tables and their indexes until a vacuum: each
        // load starts after one, so that none pays for the dead rows of the loads before it
        for (int round = 0; round < Math.max(1, rounds); round++) {
            db.quiesce();
            FinalCopy.Result b = FinalCopy.load(db.url, db.user, db.password, rows, FinalCopy.Variant.NONE, false);
            if (base == null || b.millis() < base.millis()) {
                base = b;
            }
            for (int v = 0; v < variants.size(); v++) {
                try {
                    db.quiesce();
                    best[v] = Math.min(best[v],
                            FinalCopy.load(db.url, db.user, db.password, rows, variants.get(v), false).millis());
                } catch (java.sql.SQLException e) {
                    // e.g. a key another table's foreign key depends on: that index cannot be dropped alone
                    log("    " + variants.get(v).label() + ": not measured (" + e.getMessage() + ")");
                }
            }
        }
        for (int v = 0; v < variants.size(); v++) {
            if (best[v] == Long.MAX_VALUE) {
                continue;
            }
            IndexCost cost = new IndexCost(group, variants.get(v).label(), base.millis(), best[v]);
            costs.add(cost);
            log(String.format(Locale.ROOT, "    %s: %d ms against %d ms, cost %.0f%%", cost.label(), cost.variantMillis(),
                    cost.baseMillis(), cost.cost() * 100));
        }
        return base;
    }

    /** Checks that a load gave a tenant exactly the file's guests, identifiers and extension groups. */
    private static void checkGuests(String jdbcUrl, String user, String password, String tenant, BenchData.GuestFile file)
            throws java.sql.SQLException {
        long[] counts = DbLimit.counts(jdbcUrl, user, password, tenant);
        if (counts[0] != file.records() || counts[1] != file.identifiers() || counts[2] != file.records()) {
            throw new IllegalStateException("The plain SQL load is incomplete: " + java.util.Arrays.toString(counts));
        }
    }

    /** Every table that holds a tenant's customer data: emptied, vacuumed and counted together. */
    static final List<String> CUSTOMER_TABLES = List.of("guest", "guest_identifier", "guest_extension",
            "guest_subscription", "orders", "order_item", "flight_segment", "order_consumer", "order_consumer_item");

    /** The benchmark's database, for the harness's own loads and for quiescing between measurements. */
    static final class Db {
        final String url;
        final String user;
        final String password;

        Db(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        /** Rows in the customer tables, all tenants. */
        long customerRows() throws java.sql.SQLException {
            StringBuilder sum = new StringBuilder("SELECT 0");
            for (String table : CUSTOMER_TABLES) {
                sum.append(" + (SELECT count(*) FROM ").append(table).append(')');
            }
            try (Connection c = DriverManager.getConnection(url, user, password);
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(sum.toString())) {
                r.next();
                return r.getLong(1);
            }
        }

        /**
         * Rows of the customer tables read so far (by sequential and index scans). The service's connections report their
         * counts when idle, at most every few seconds: the count waits until it stops moving.
         */
        long sequentiallyScannedRows() throws java.sql.SQLException, InterruptedException {
            long last = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                long now;
                try (Connection c = DriverManager.getConnection(url, user, password);
                        java.sql.PreparedStatement s = c.prepareStatement("""
                                SELECT coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0) AS scanned
                                FROM pg_stat_user_tables WHERE relname = ANY (?)""")) {
                    s.setArray(1, c.createArrayOf("text", CUSTOMER_TABLES.toArray()));
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        now = r.getLong("scanned");
                    }
                }
                if (now == last || System.nanoTime() > deadline) {
                    return now;
                }
                last = now;
                // idle backends flush their counts within ten seconds
                Thread.sleep(11_000);
            }
        }

        /**
         * Gives the customer tables, which a rolled-back run left empty, new empty files: no pages, no row count and no
         * statistics, as on a fresh database (a vacuum would leave them known to be empty, which the planner treats
         * differently from never measured).
         */
        void freshCustomerTables() throws java.sql.SQLException {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("TRUNCATE " + String.join(", ", CUSTOMER_TABLES));
            }
        }

        /** A checkpoint, when the user may make one (a superuser; not always so through BENCH_JDBC_URL), and no analysis. */
        void checkpoint() throws java.sql.SQLException {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            } catch (java.sql.SQLException notAllowed) {
                if (!"42501".equals(notAllowed.getSQLState())) {
                    throw notAllowed;
                }
            }
        }

        /**
         * A checkpoint and a vacuum with analyse of the customer tables, so that the next measurement starts without
         * the dirty pages, dead rows or pending autovacuum work of the one before.
         */
        void quiesce() throws java.sql.SQLException {
            long start = System.nanoTime();
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("VACUUM (ANALYZE) " + String.join(", ", CUSTOMER_TABLES));
            }
            checkpoint();
            log(String.format(Locale.ROOT, "    (quiesced: vacuum, analyse, checkpoint in %.1f s)",
                    (System.nanoTime() - start) / 1e9));
        }
    }

    /**
     * How often {@link #ingest} asks for the status of the batch it measures: often enough that the end of a batch is
     * seen within 0.5% of a 1M run, rarely enough that the questions take little of the CPU the run shares (the CLI
     * asks once a second).
     */
    static final Duration STATUS_POLL = Duration.ofMillis(200);

    private static volatile String lastRef;
    /** The credentials of the tenant of {@link #lastRef}. */
    private static volatile String lastAuthorization;

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
        return ingest(client, gz, md5, size, records, false);
    }

    static Ingest ingest(BenchClient client, Path gz, String md5, long size, int records, boolean dryRun) throws Exception {
        long start = System.nanoTime();
        String[] allocation = client.allocate(md5, size, dryRun);
        client.upload(allocation[1], gz, md5);
        long uploaded = System.nanoTime();
        // the batch's progress (bytes of the file consumed) over time, logged by tenths of the file
        StringBuilder timeline = new StringBuilder();
        int tenth = 1;
        long lastTenth = uploaded;
        JsonNode view;
        long deadline = uploaded + Duration.ofHours(1).toNanos();
        while (true) {
            view = client.inspect(allocation[0]);
            if (BenchClient.TERMINAL.contains(BenchClient.status(view))) {
                break;
            }
            double fraction = view.path("status").path("progress").path("fraction").asDouble(0);
            if (fraction * 10 >= tenth) {
                long now = System.nanoTime();
                timeline.append(tenth == 1 ? "" : " ").append((now - lastTenth) / 1_000_000);
                lastTenth = now;
                tenth = (int) (fraction * 10) + 1;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Batch " + allocation[0] + " not terminal within an hour: " + view);
            }
            Thread.sleep(STATUS_POLL.toMillis());
        }
        long end = System.nanoTime();
        if (timeline.length() > 0) {
            log("    ms per tenth of the file: " + timeline + " (the first from the upload)");
        }
        lastRef = allocation[0];
        lastAuthorization = client.authorization;
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
                    if (n % 5 == 0) {
                        // a guest without identity: the batch ends in error, with an error log and failed records
                        lines.append("{\"ref\":\"nobody\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{")
                                .append("\"firstName\":\"Nobody\"}}\n");
                    }
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
        if (r.firstBatch != null && r.secondBatch != null) {
            Ingest first = r.firstBatch;
            Ingest second = r.secondBatch;
            if (r.warmUp != null) {
                double warm = r.warmUp.processedPerSecond() / second.processedPerSecond();
                t.append(row("(a) the fresh service's first work: a dry run of " + count(r.warmUp.records())
                        + " other guests on the fresh database (rolled back)",
                        ingestText(r.warmUp) + fmt(", processing %,.0f records/s; %,d customer rows left after it",
                                r.warmUp.processedPerSecond(), r.warmUpRowsLeft),
                        fmt("dry run/next = %.2f (the service's own warm-up: JIT compilation of its hot paths)", warm)));
            }
            double ratio = first.processedPerSecond() / second.processedPerSecond();
            t.append(row("(a) the fresh database's first batch, " + count(first.records()) + " guests",
                    ingestText(first) + fmt(", processing %,.0f records/s; %,d rows read",
                            first.processedPerSecond(), r.firstBatchScanned),
                    fmt("first/next = %.2f ", ratio) + mark(ratio >= 0.8) + " target >= 0.80 (within 20%)"));
            t.append(row("(a) the batch after it, " + count(second.records()) + " guests",
                    ingestText(second) + fmt(", processing %,.0f records/s; %,d rows read",
                            second.processedPerSecond(), r.secondBatchScanned),
                    ""));
        }
        for (var e : r.ingest.entrySet()) {
            Ingest a = e.getValue();
            FinalCopy.Result limit = r.limit.get(e.getKey());
            DbLimit.Result b = r.dbLimit.get(e.getKey());
            Cpu c = r.cpu.get(e.getKey());
            t.append(row("(a) ingest " + count(e.getKey()) + " guests end to end", ingestText(a), ""));
            if (limit != null) {
                double ratio = a.perSecond() / limit.recordsPerSecond();
                t.append(row("(L) the same " + count(e.getKey()) + " guests by COPY into the final tables (the schema's limit)",
                        fmt("%,.0f records/s (%,.0f rows/s, %.1f s)", limit.recordsPerSecond(), limit.rowsPerSecond(),
                                limit.millis() / 1000.0),
                        fmt("a/L = %.2f", ratio)
                                + (e.getKey() >= 1_000_000 ? " " + mark(ratio >= 0.85) + " target >= 0.85" : "")));
            }
            if (b != null) {
                t.append(row("(b) the same " + count(e.getKey()) + " guests by COPY into staging + one merge",
                        fmt("%,.0f records/s (%,.0f rows/s, %.1f s)", b.recordsPerSecond(), b.rowsPerSecond(),
                                b.millis() / 1000.0),
                        fmt("a/b = %.2f", a.perSecond() / b.recordsPerSecond())));
            }
            if (c != null) {
                t.append(row("(c) CPU limit " + count(e.getKey()) + " (gunzip + parse, 1 thread)",
                        fmt("%,.0f records/s (%.1f s, %,d valid)", c.perSecond(), c.millis() / 1000.0, c.valid()),
                        fmt("a/c = %.2f", a.perSecond() / c.perSecond())));
            }
        }
        if (r.orders != null) {
            Ingest o = r.orders;
            t.append(row("(a) ingest " + count(o.records()) + " orders end to end (1 to 3 items, contact by e-mail identifier)",
                    ingestText(o), ""));
        } else if (r.ordersNote != null) {
            t.append(row("(a) orders", r.ordersNote, ""));
        }
        if (r.flights != null) {
            Ingest f = r.flights;
            t.append(row("(a) ingest " + count(f.records()) + " flight orders end to end (3 passengers, 2 items, 4 segments)",
                    ingestText(f), ""));
            FinalCopy.Result limit = r.flightsLimit;
            if (limit != null) {
                t.append(row("(L) the same " + count(f.records()) + " flight orders by COPY into the final tables",
                        fmt("%,.0f records/s (%,.0f rows/s, %.1f s)", limit.recordsPerSecond(), limit.rowsPerSecond(),
                                limit.millis() / 1000.0),
                        fmt("a/L = %.2f", f.perSecond() / limit.recordsPerSecond())));
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
            if (ceiling != null && label.endsWith("{ref}")) {
                double bound = Math.max(50, 3 * ceiling.p99Millis());
                ratio += " " + mark(w.p99Millis() <= bound) + fmt(" target p99 <= %.0f ms (max of 50 ms and 3x the ceiling's)",
                        bound);
            }
            if (ceiling != null && w.path().equals(LIST_PATH)) {
                ratio += " " + mark(w.requestsPerSecond() >= 0.15 * ceiling.requestsPerSecond()) + " target >= 0.15";
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
        if (!r.indexCosts.isEmpty()) {
            t.append("\nCost of each index, and of the foreign keys the schema no longer has: the same rows by COPY into the"
                    + " final tables in a transaction that first drops the index (or adds the key back), rolled back, each load after a vacuum of the tables (a rolled-back load leaves its rows in them);"
                    + " fastest of " + options.indexRounds + " rounds. Cost = how much longer the load takes with it.\n\n");
            t.append("| Rows | Index or key | Load with it | Load without it | Cost |\n|---|---|---|---|---|\n");
            for (IndexCost cost : r.indexCosts) {
                FinalCopy.Result base = cost.group().equals("guests") ? r.indexBase : r.flightIndexBase;
                String rows = count(base.records()) + " " + cost.group();
                boolean added = cost.label().startsWith("with ");
                long with = added ? cost.variantMillis() : cost.baseMillis();
                long without = added ? cost.baseMillis() : cost.variantMillis();
                t.append(row(rows, cost.label().replaceFirst("^(with|without) ", ""), fmt("%.2f s", with / 1000.0),
                        fmt("%.2f s", without / 1000.0), fmt("%+.0f%%", cost.cost() * 100)));
            }
        }
        return t.toString();
    }

    private static String ingestText(Ingest a) {
        return fmt("%,.0f records/s, wall %.1f s (upload %.1f s, processing %.1f s), %s, %,d ok, %,d failed", a.perSecond(),
                a.wallMs() / 1000.0, a.uploadMs() / 1000.0, a.processMs() / 1000.0, a.status(), a.succeeded(), a.failed());
    }

    private static String mark(boolean ok) {
        return ok ? "**met**" : "**not met**";
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
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
