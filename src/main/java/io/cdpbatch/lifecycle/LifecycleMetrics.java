package io.cdpbatch.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import org.jboss.logging.Logger;

import io.cdpbatch.common.Row;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;

/**
 * The instruments of the batch lifecycle, exported at {@code /q/metrics}: batches by status over all
 * tenants, the age of the processing backlog, processing times, take-overs and failed attempts.
 *
 * <p>
 * The batch gauges are read from the database at most once per refresh interval, on a background
 * thread when a scrape finds them stale: a burst of scrapes never queries the database, and a scrape
 * never waits for it.
 */
@Startup
@Singleton
public class LifecycleMetrics {

    private static final Logger LOG = Logger.getLogger(LifecycleMetrics.class);

    /** Batches per status (every status present, zero when none) and the oldest wait for processing. */
    public record Snapshot(Map<BatchStatus, Long> byStatus, Optional<Instant> oldestWaitingSince) {
    }

    @Inject
    MeterRegistry registry;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    LifecycleConfig config;

    private Timer processing;
    private DistributionSummary throughput;
    private DistributionSummary batchRecords;
    private Counter leaseTakeovers;
    private Counter failedAttempts;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Snapshot snapshot;
    /** When the last refresh started, successful or not: at most one query per interval. */
    private volatile long refreshedAtNanos;
    private ExecutorService refresher;

    @PostConstruct
    void register() {
        processing = Timer.builder("cdpbatch.batch.processing")
                .description("Time to process one batch, claim to terminal status")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        throughput = DistributionSummary.builder("cdpbatch.batch.throughput").baseUnit("records.per.second")
                .description("Records per second of each processed batch").register(registry);
        batchRecords = DistributionSummary.builder("cdpbatch.batch.records").baseUnit("records")
                .description("Records in each processed batch").register(registry);
        leaseTakeovers = Counter.builder("cdpbatch.lease.takeovers")
                .description("Batches taken over from an instance whose lease expired").register(registry);
        failedAttempts = Counter.builder("cdpbatch.batch.attempts.failed")
                .description("Processing attempts that failed (a thread died, the counts did not add up)").register(registry);
        for (BatchStatus status : BatchStatus.values()) {
            Gauge.builder("cdpbatch.batches", this, m -> m.count(status)).description("Batches of all tenants by status")
                    .tag("status", status.code()).register(registry);
        }
        Gauge.builder("cdpbatch.backlog.oldest.age", this, LifecycleMetrics::backlogAgeSeconds).baseUnit("seconds")
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

    /** A batch reached a terminal status after {@code processing}, with {@code records} records in total. */
    public void batchProcessed(Duration processingTime, long records) {
        processing.record(processingTime);
        batchRecords.record(records);
        double seconds = processingTime.toNanos() / 1e9;
        if (seconds > 0) {
            throughput.record(records / seconds);
        }
    }

    public void leaseTakeover() {
        leaseTakeovers.increment();
    }

    public void attemptFailed() {
        failedAttempts.increment();
    }

    /** Reads the batch gauges from the database now (tests; the gauges refresh themselves). */
    public void refreshBatchGauges() {
        refreshedAtNanos = System.nanoTime();
        snapshot = QuarkusTransaction.requiringNew().call(this::query);
    }

    private Snapshot query() {
        Map<BatchStatus, Long> counts = new EnumMap<>(BatchStatus.class);
        for (BatchStatus status : BatchStatus.values()) {
            counts.put(status, 0L);
        }
        for (Row row : Row.of(em.createNativeQuery("SELECT status, count(*) AS n FROM batch GROUP BY status", Tuple.class))) {
            BatchStatus.fromCode(row.getString("status")).ifPresent(s -> counts.put(s, row.getLong("n")));
        }
        // A batch enters file_uploaded when its file is verified, and is not modified until claimed.
        Instant oldest = Row.of(em.createNativeQuery("SELECT min(modified_at) AS at FROM batch WHERE status = 'file_uploaded'",
                Tuple.class)).get(0).getInstant("at");
        return new Snapshot(counts, Optional.ofNullable(oldest));
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
        boolean stale = refreshedAtNanos == 0
                || System.nanoTime() - refreshedAtNanos > config.metricsRefreshInterval().toNanos();
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
