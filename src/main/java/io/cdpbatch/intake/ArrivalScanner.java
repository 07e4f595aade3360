package io.cdpbatch.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cdpbatch.common.BatchTracing;
import io.cdpbatch.lifecycle.BatchLifecycle;
import io.cdpbatch.lifecycle.BatchLifecycle.ArrivalCheck;
import io.cdpbatch.lifecycle.Watchdog;
import io.cdpbatch.lifecycle.WorkRunner;
import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.storage.ObjectStorage;
import io.cdpbatch.upload.UploadCopies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.quarkus.scheduler.Scheduled;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Looks for uploads that arrived. Only batches whose upload URL still works (plus a grace period)
 * are looked at, a bounded number per scan, least recently checked first: the cost of a scan does
 * not grow with the number of old batches. An object larger or smaller than declared is found here
 * from its metadata, without downloading it. Each scheduled scan then claims work for this instance.
 *
 * <p>
 * While arrivals come by event ({@link ArrivalQueue}), the trigger still claims work every
 * {@code scan-interval} but looks in the store only every {@code fallback-scan-interval}: the scan is
 * then the fallback for an event that was lost.
 */
@ApplicationScoped
public class ArrivalScanner {

    private static final Logger LOG = Logger.getLogger(ArrivalScanner.class);

    /** The span of a batch's arrival: its upload was found in the store, or reported by the store's event. */
    public static final String ARRIVAL_SPAN = "batch.arrival";
    /** How the arrival was found: {@code scan} or {@code event}. */
    static final AttributeKey<String> ARRIVAL_SOURCE = AttributeKey.stringKey("cdpbatch.arrival.source");
    /** The object's size differed from the declared one: the batch ended {@code corrupted} on arrival. */
    static final AttributeKey<Boolean> CORRUPTED = AttributeKey.booleanKey("cdpbatch.corrupted");

    @Inject
    BatchLifecycle lifecycle;

    @Inject
    ObjectStorage storage;

    @Inject
    IntakeConfig config;

    @Inject
    WorkRunner runner;

    @Inject
    UploadCopies copies;

    @Inject
    Watchdog watchdog;

    @Inject
    ArrivalQueue events;

    @Inject
    ArrivalEventsConfig eventsConfig;

    @Inject
    Clock clock;

    @Inject
    BatchTracing tracing;

    /** When the store was last looked in by the trigger. */
    private volatile Instant lastScan;

    private final Timer scans;
    private final Counter storeChecks;

    @Inject
    ArrivalScanner(MeterRegistry registry) {
        scans = Timer.builder("cdpbatch.scan").description("Duration of one arrival scan").register(registry);
        storeChecks = Counter.builder("cdpbatch.scan.checks")
                .description("Objects looked for in the store (HEAD requests) by the arrival scan").register(registry);
    }

    /** What a scan saw. */
    public record ScanResult(int checked, int arrived, int corrupted) {
    }

    @Scheduled(every = "${batch.intake.scan-interval:1s}", delayed = "${batch.intake.scan-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        watchdog.scanTicked();
        try {
            scanIfDue();
            runner.pump();
            copies.sweep();
        } catch (Throwable e) {
            // the trigger must survive whatever one run meets; the watchdog notices if runs stop
            LOG.warnf(e, "Arrival scan failed, scanning again next time");
        }
    }

    /**
     * Looks for arrived uploads unless arrivals come by event and the fallback scan is not due yet;
     * empty when it did not look.
     */
    public Optional<ScanResult> scanIfDue() {
        Instant now = clock.instant();
        Instant last = lastScan;
        if (events.receiving() && last != null && now.isBefore(last.plus(eventsConfig.fallbackScanInterval()))) {
            return Optional.empty();
        }
        lastScan = now;
        return Optional.of(scan());
    }

    /** Looks for arrived uploads once. */
    public ScanResult scan() {
        long started = System.nanoTime();
        try {
            return scanOnce();
        } finally {
            scans.record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private ScanResult scanOnce() {
        List<ArrivalCheck> checks = lifecycle.claimArrivalChecks(config.scanMaxChecks(), config.uploadGrace());
        int arrived = 0;
        int corrupted = 0;
        int checked = 0;
        for (ArrivalCheck check : checks) {
            HeadObjectResponse head;
            storeChecks.increment();
            try {
                head = storage.head(ObjectKeys.upload(check.clientKey(), check.ref())).orElse(null);
            } catch (SdkException e) {
                LOG.warnf("Arrival scan: the store is unreachable (%s); scanning again next time", e.getMessage());
                break;
            }
            checked++;
            if (head == null) {
                continue;
            }
            long actual = head.contentLength() == null ? -1 : head.contentLength();
            if (actual >= 0 && actual != check.size()) {
                String message = "The size differs: declared " + check.size() + " bytes, the object has " + actual + " bytes";
                if (lifecycle.corruptOnArrival(check.id(), message)) {
                    corrupted++;
                    arrivalSpan(check).setAttribute(CORRUPTED, true).end();
                    LOG.infof("Batch %s of %s: uploading -> corrupted (%s)", check.ref(), check.clientKey(), message);
                }
            } else if (lifecycle.markArrived(check.id())) {
                arrived++;
                arrivalSpan(check).end();
            }
        }
        return new ScanResult(checked, arrived, corrupted);
    }

    private Span arrivalSpan(ArrivalCheck check) {
        return tracing.startInBatchTrace(ARRIVAL_SPAN, check.traceparent(), check.clientKey(), check.ref())
                .setAttribute(ARRIVAL_SOURCE, "scan");
    }
}
