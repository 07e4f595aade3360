package io.cdpbatch.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.cdpbatch.batch.BatchStatistics;
import io.cdpbatch.batch.BatchStatistics.Snapshot;
import io.cdpbatch.batch.BatchStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * The instruments of the pipeline, exported at {@code /q/metrics}. Labels are bounded: the schema
 * label takes one of {@link #SCHEMAS}, never a batch ref or a client key.
 *
 * <p>
 * The batch gauges are read from the database at most once per refresh interval, on a background
 * thread when a scrape finds them stale: a burst of scrapes never queries the database, and a scrape
 * never waits for it.
 */
@Startup
@Singleton
public class PipelineMetrics {

    private static final Logger LOG = Logger.getLogger(PipelineMetrics.class);

    /** The values of the {@code schema} label; any other schema is counted as {@code other}. */
    public static final Set<String> SCHEMAS = Set.of("guest", "order", "migration", "other");

    @Inject
    MeterRegistry registry;

    @Inject
    BatchStatistics statistics;

    @Inject
    Clock clock;

    /** How old the batch gauges may get before a scrape refreshes them ({@code BATCH_METRICS_REFRESH_INTERVAL}). */
    @ConfigProperty(name = "batch.metrics.refresh-interval", defaultValue = "10s")
    Duration refreshInterval;

    private final Map<String, Counter> applied = new HashMap<>();
    private final Map<String, Counter> failed = new HashMap<>();
    private final Map<String, Counter> dryRunValid = new HashMap<>();
    private final Map<String, Counter> dryRunInvalid = new HashMap<>();
    private Timer processing;
    private DistributionSummary throughput;
    private DistributionSummary batchRecords;
    private Timer scan;
    private Counter leaseTakeovers;
    private Counter storeRetries;
    private Counter databaseRetries;

    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Snapshot snapshot;
    /** When the last refresh started, successful or not: at most one query per interval. */
    private volatile long refreshedAtNanos;
    private ExecutorService refresher;

    @PostConstruct
    void register() {
        for (String schema : SCHEMAS) {
            applied.put(schema, Counter.builder("cdpbatch.records.applied").description("Records applied to customer data")
                    .tag("schema", schema).register(registry));
            failed.put(schema, Counter.builder("cdpbatch.records.failed").description("Records not applied (in the error log)")
                    .tag("schema", schema).register(registry));
            // dry runs change no customer data: their records are counted apart, never as applied or failed
            dryRunValid.put(schema, Counter.builder("cdpbatch.records.dryrun")
                    .description("Records of dry runs, validated without changing customer data")
                    .tag("schema", schema).tag("outcome", "valid").register(registry));
            dryRunInvalid.put(schema, Counter.builder("cdpbatch.records.dryrun")
                    .description("Records of dry runs, validated without changing customer data")
                    .tag("schema", schema).tag("outcome", "invalid").register(registry));
        }
        processing = Timer.builder("cdpbatch.batch.processing")
                .description("Time to process one batch, claim to terminal status")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        throughput = DistributionSummary.builder("cdpbatch.batch.throughput").baseUnit("records.per.second")
                .description("Records per second of each processed batch").register(registry);
        batchRecords = DistributionSummary.builder("cdpbatch.batch.records").baseUnit("records")
                .description("Records in each processed batch").register(registry);
        scan = Timer.builder("cdpbatch.scan").description("Duration of one arrival scan").register(registry);
        leaseTakeovers = Counter.builder("cdpbatch.lease.takeovers")
                .description("Batches taken over from an instance whose lease expired").register(registry);
        storeRetries = Counter.builder("cdpbatch.store.retries").description("Object store calls retried").register(registry);
        databaseRetries = Counter.builder("cdpbatch.database.retries").description("Database transactions retried")
                .register(registry);

        for (BatchStatus status : BatchStatus.values()) {
            Gauge.builder("cdpbatch.batches", this, m -> m.count(status)).description("Batches of all tenants by status")
                    .tag("status", status.code()).register(registry);
        }
        Gauge.builder("cdpbatch.backlog.oldest.age", this, PipelineMetrics::backlogAgeSeconds).baseUnit("seconds")
                .description("How long the oldest file_uploaded batch has waited for processing; 0 when none waits")
                .register(registry);
        refresher = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "batch-metrics-refresh");
            thread.setDaemon(true);
            return thread;
        });
        current();
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }

    /** Records applied in a batch (or a chunk of it). */
    public void recordsApplied(String schema, long n) {
        if (n > 0) {
            applied.get(schemaLabel(schema)).increment(n);
        }
    }

    /** Records that failed (were written to the error log). */
    public void recordsFailed(String schema, long n) {
        if (n > 0) {
            failed.get(schemaLabel(schema)).increment(n);
        }
    }

    /** Records of a dry run: valid (would have been applied) and invalid (in its error log). */
    public void dryRunRecords(String schema, long valid, long invalid) {
        if (valid > 0) {
            dryRunValid.get(schemaLabel(schema)).increment(valid);
        }
        if (invalid > 0) {
            dryRunInvalid.get(schemaLabel(schema)).increment(invalid);
        }
    }

    /** A batch reached a terminal status after {@code processing}, with {@code records} records in total. */
    public void batchProcessed(Duration processingTime, long records) {
        processing.record(processingTime);
        batchRecords.record(records);
        double seconds = processingTime.toNanos() / 1e9;
        if (seconds > 0) {
            throughput.record(records / seconds);
        }
    }

    /** One arrival scan finished. */
    public void scanCompleted(Duration duration) {
        scan.record(duration);
    }

    public void leaseTakeover() {
        leaseTakeovers.increment();
    }

    public void storeRetry() {
        storeRetries.increment();
    }

    public void databaseRetry() {
        databaseRetries.increment();
    }

    /** Reads the batch gauges from the database now (tests; the gauges refresh themselves). */
    public void refreshBatchGauges() {
        refreshedAtNanos = System.nanoTime();
        snapshot = statistics.snapshot();
    }

    static String schemaLabel(String schema) {
        if (schema == null) {
            return "other";
        }
        String lower = schema.toLowerCase(Locale.ROOT);
        return SCHEMAS.contains(lower) ? lower : "other";
    }

    private double count(BatchStatus status) {
        Snapshot current = current();
        return current == null ? Double.NaN : current.byStatus().getOrDefault(status, 0L);
    }

    private double backlogAgeSeconds() {
        Snapshot current = current();
        if (current == null) {
            return Double.NaN;
        }
        return current.oldestWaitingSince()
                .map(since -> Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1000.0)).orElse(0.0);
    }

    /** The cached snapshot; starts a background refresh when it is older than the interval. */
    private Snapshot current() {
        boolean stale = refreshedAtNanos == 0 || System.nanoTime() - refreshedAtNanos > refreshInterval.toNanos();
        if (stale && refreshing.compareAndSet(false, true)) {
            try {
                refresher.execute(() -> {
                    try {
                        refreshBatchGauges();
                    } catch (RuntimeException e) {
                        LOG.warnf("Batch gauges not refreshed: %s", e.getMessage());
                    } finally {
                        refreshing.set(false);
                    }
                });
            } catch (RejectedExecutionException e) {
                refreshing.set(false);
            }
        }
        return snapshot;
    }
}
