package io.cdpbatch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
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

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import io.cdpbatch.devstack.EmbeddedStack;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Arrival sources side by side ({@code bench/run.sh arrivals}): the packaged service with a backlog of
 * {@code uploading} batches whose files never come, first finding uploads by polling the store (the
 * default), then by S3 event notifications read from an SQS queue (ElasticMQ in this JVM; S3Proxy
 * publishes no events, so the runner sends the event S3 would send right after each upload's
 * {@code 200}). For each: store requests of the scan per minute and queue requests per minute while
 * nothing arrives, and the detection latency, upload done -> first status other than
 * {@code uploading}. Writes its table into BENCHMARKS.md between its own markers.
 */
public final class ArrivalBench {

    static final String BEGIN = "<!-- bench:arrivals:begin -->";
    static final String END = "<!-- bench:arrivals:end -->";
    private static final String CLIENT_KEY = "bench-client";
    private static final String CLIENT_TOKEN = "bench-token-0123456789abcdef";
    private static final String BUCKET = "cdp-batch";

    /** What to run; every field has a command-line option {@code --name=value}. */
    static final class Options {
        int uploading = 100;
        int detections = 20;
        int windowSeconds = 60;
        Path out = Path.of("BENCHMARKS.md");
        Path work = Path.of("target/bench/arrivals");
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        String serviceHeap = "-Xmx512m -XX:+UseSerialGC";

        static Options parse(String[] args) {
            Options o = new Options();
            for (String arg : args) {
                String[] kv = arg.replaceFirst("^--", "").split("=", 2);
                String v = kv.length > 1 ? kv[1] : "";
                switch (kv[0]) {
                    case "uploading" -> o.uploading = Integer.parseInt(v);
                    case "detections" -> o.detections = Integer.parseInt(v);
                    case "window-seconds" -> o.windowSeconds = Integer.parseInt(v);
                    case "out" -> o.out = Path.of(v);
                    case "work" -> o.work = Path.of(v);
                    case "jar" -> o.jar = Path.of(v);
                    case "service-heap" -> o.serviceHeap = v;
                    default -> throw new IllegalArgumentException("Unknown option " + arg + " (see bench/README.md)");
                }
            }
            return o;
        }
    }

    /** What one arrival source came to. */
    record Mode(String name, double headsPerMinute, double queueRequestsPerMinute, List<Long> detectionMs) {
    }

    private ArrivalBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        String table = run(options);
        System.out.println(table);
        System.exit(0);
    }

    static String run(Options options) throws Exception {
        Path work = options.work.toAbsolutePath();
        BenchRunner.deleteRecursively(work);
        Files.createDirectories(work);
        EmbeddedPostgres postgres = null;
        EmbeddedStack.S3ProxyProcess s3 = null;
        SQSRestServer sqsServer = null;
        SqsClient sqs = null;
        List<Mode> modes = new ArrayList<>();
        try {
            log("starting embedded PostgreSQL, S3Proxy and ElasticMQ");
            postgres = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true).start();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER USER postgres PASSWORD '" + EmbeddedStack.DB_PASSWORD + "'");
            }
            String jdbcUrl = postgres.getJdbcUrl(EmbeddedStack.DB_USER, "postgres").replaceAll("[?&]user=[^&]*", "");
            s3 = S3ProxyServer.start(work.resolve("s3"), "-Xmx512m");
            int sqsPort = EmbeddedStack.freePort();
            sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(sqsPort).start();
            sqsServer.waitUntilStarted();
            String sqsEndpoint = "http://127.0.0.1:" + sqsPort;
            sqs = SqsClient.builder().endpointOverride(URI.create(sqsEndpoint)).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
            String queueUrl = sqs.createQueue(r -> r.queueName("cdp-batch-arrivals")).queueUrl();

            Map<String, String> env = new LinkedHashMap<>();
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
            env.put("QUARKUS_DATASOURCE_USERNAME", EmbeddedStack.DB_USER);
            env.put("QUARKUS_DATASOURCE_PASSWORD", EmbeddedStack.DB_PASSWORD);
            env.put("QUARKUS_S3_ENDPOINT_OVERRIDE", s3.endpoint());
            env.put("QUARKUS_S3_AWS_REGION", "us-east-1");
            env.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
            env.put("QUARKUS_S3_AWS_CREDENTIALS_TYPE", "static");
            env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", EmbeddedStack.ACCESS_KEY);
            env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", EmbeddedStack.SECRET_KEY);
            env.put("BATCH_STORAGE_CREATE_BUCKET", "true");
            env.put("BATCH_STORAGE_BUCKET", BUCKET);
            env.put("BATCH_BOOTSTRAP_CLIENT_KEY", CLIENT_KEY);
            env.put("BATCH_BOOTSTRAP_CLIENT_TOKEN", CLIENT_TOKEN);
            List<String> jvm = List.of(options.serviceHeap.trim().split("\\s+"));

            log("polling: the service alone, " + options.uploading + " batches uploading");
            try (ServiceProcess service = ServiceProcess.start(options.jar, work.resolve("polling"), env, jvm,
                    Duration.ofSeconds(300))) {
                BenchClient client = new BenchClient(service.baseUrl, CLIENT_KEY, CLIENT_TOKEN);
                for (int i = 0; i < options.uploading; i++) {
                    client.allocate("0123456789abcdef0123456789abcdef", 100);
                }
                modes.add(measure("polling (scan every 1 s)", service, client, options, null, null));
            }

            Map<String, String> events = new LinkedHashMap<>(env);
            events.put("BATCH_INTAKE_EVENTS_QUEUE_URL", queueUrl);
            events.put("BATCH_INTAKE_EVENTS_ENDPOINT_OVERRIDE", sqsEndpoint);
            events.put("BATCH_INTAKE_EVENTS_REGION", "us-east-1");
            events.put("BATCH_INTAKE_EVENTS_ACCESS_KEY_ID", "bench");
            events.put("BATCH_INTAKE_EVENTS_SECRET_ACCESS_KEY", "bench");
            log("notifications: the same service and backlog, arrivals by S3 event notifications");
            try (ServiceProcess service = ServiceProcess.start(options.jar, work.resolve("events"), events, jvm,
                    Duration.ofSeconds(300))) {
                BenchClient client = new BenchClient(service.baseUrl, CLIENT_KEY, CLIENT_TOKEN);
                modes.add(measure("notifications (SQS, fallback scan every 30 s)", service, client, options, sqs, queueUrl));
            }
        } finally {
            if (sqs != null) {
                sqs.close();
            }
            if (sqsServer != null) {
                sqsServer.stopAndWait();
            }
            if (s3 != null) {
                s3.stop();
            }
            if (postgres != null) {
                postgres.close();
            }
        }
        String table = table(options, modes);
        write(options.out, table);
        return table;
    }

    /** Requests while nothing arrives, then the detection of {@code detections} uploads one after the other. */
    private static Mode measure(String name, ServiceProcess service, BenchClient client, Options options, SqsClient sqs,
            String queueUrl) throws Exception {
        // one window to settle (the first scan, the first receive), then the measured one
        Thread.sleep(5_000);
        double heads = metric(service, "cdpbatch_scan_checks_total");
        double receives = metric(service, "cdpbatch_arrival_queue_receives_total");
        log("  " + options.windowSeconds + " s without arrivals");
        Thread.sleep(options.windowSeconds * 1000L);
        double perMinute = 60.0 / options.windowSeconds;
        double headsPerMinute = (metric(service, "cdpbatch_scan_checks_total") - heads) * perMinute;
        double queuePerMinute = (metric(service, "cdpbatch_arrival_queue_receives_total") - receives) * perMinute;
        log(fmt("  %.0f HEADs/min, %.0f queue receives/min", headsPerMinute, queuePerMinute));
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < options.detections; i++) {
            byte[] gz = BenchRunner.gzip(("{\"ref\":\"a" + i + "\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":"
                    + "{\"email\":\"arrival-" + i + "-" + System.nanoTime() + "@example.com\"}}\n")
                    .getBytes(StandardCharsets.UTF_8));
            String md5 = java.util.HexFormat.of().formatHex(BenchData.md5().digest(gz));
            String[] allocation = client.allocate(md5, gz.length);
            client.upload(allocation[1], gz, md5);
            long uploaded = System.nanoTime();
            if (sqs != null) {
                sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(
                        event(CLIENT_KEY + "/" + allocation[0] + "/import.json.gz", gz.length, md5)));
            }
            long deadline = uploaded + Duration.ofMinutes(2).toNanos();
            while (true) {
                if (!"uploading".equals(BenchClient.status(client.inspect(allocation[0])))) {
                    latencies.add((System.nanoTime() - uploaded) / 1_000_000);
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Batch " + allocation[0] + " not detected within 2 minutes");
                }
                Thread.sleep(20);
            }
        }
        Collections.sort(latencies);
        log(fmt("  detection p50 %d ms, max %d ms", BenchRunner.percentile(latencies, 50),
                BenchRunner.percentile(latencies, 100)));
        return new Mode(name, headsPerMinute, queuePerMinute, latencies);
    }

    /** The event S3 sends for a created object (the fields the service reads, in their documented places). */
    static String event(String key, long size, String eTag) {
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventTime\":\"" + Instant.now()
                + "\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"s3SchemaVersion\":\"1.0\","
                + "\"bucket\":{\"name\":\"" + BUCKET + "\",\"arn\":\"arn:aws:s3:::" + BUCKET + "\"},"
                + "\"object\":{\"key\":\"" + key + "\",\"size\":" + size + ",\"eTag\":\"" + eTag + "\"}}}]}";
    }

    /** A counter of the service's Prometheus text (0 when absent). */
    private static double metric(ServiceProcess service, String name) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(service.managementUrl + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        for (String line : response.body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    static String table(Options options, List<Mode> modes) {
        StringBuilder t = new StringBuilder();
        t.append("| Arrival source (" + options.uploading + " batches uploading) | store HEADs per minute (scan) | "
                + "queue receives per minute | detection, upload done -> file_uploaded (" + options.detections
                + " batches) |\n|---|---|---|---|\n");
        for (Mode m : modes) {
            t.append(fmt("| %s | %,.0f | %,.0f | p50 %d ms, p90 %d ms, max %d ms |\n", m.name(), m.headsPerMinute(),
                    m.queueRequestsPerMinute(), BenchRunner.percentile(m.detectionMs(), 50),
                    BenchRunner.percentile(m.detectionMs(), 90), BenchRunner.percentile(m.detectionMs(), 100)));
        }
        return t.toString();
    }

    static void write(Path out, String table) throws IOException {
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(Instant.now());
        String section = BEGIN + "\nRun: " + date + ", " + BenchRunner.machine("PostgreSQL (embedded, zonky)") + "\n\n"
                + table + END;
        String text = Files.isRegularFile(out) ? Files.readString(out) : "# Benchmarks\n\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        text = begin >= 0 && end > begin ? text.substring(0, begin) + section + text.substring(end + END.length())
                : text + "\n" + section + "\n";
        Files.writeString(out, text);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static void log(String message) {
        System.out.println("[arrivals " + DateTimeFormatter.ISO_LOCAL_TIME.withZone(ZoneOffset.UTC).format(Instant.now())
                + "] " + message);
    }
}
