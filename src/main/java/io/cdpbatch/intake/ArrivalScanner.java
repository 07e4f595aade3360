package io.cdpbatch.intake;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cdpbatch.pipeline.PipelineMetrics;
import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.storage.ObjectStorage;
import io.quarkus.scheduler.Scheduled;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Looks for uploads that arrived. Only batches whose upload URL still works (plus a grace period)
 * are looked at, a bounded number per scan, least recently checked first: the cost of a scan does
 * not grow with the number of old batches. An object larger or smaller than declared is found
 * here from its metadata, without downloading it.
 */
@ApplicationScoped
public class ArrivalScanner {

    private static final Logger LOG = Logger.getLogger(ArrivalScanner.class);

    @Inject
    BatchLeases leases;

    @Inject
    ObjectStorage storage;

    @Inject
    IntakeConfig config;

    @Inject
    WorkClaimer claimer;

    @Inject
    PipelineMetrics metrics;

    /** What a scan saw. */
    public record ScanResult(int checked, int arrived, int corrupted) {
    }

    @Scheduled(every = "${batch.scan-interval}", delayed = "${batch.scan-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.warnf("Arrival scan failed: %s", e.getMessage());
        }
        claimer.pump();
    }

    public ScanResult scan() {
        long started = System.nanoTime();
        try {
            return scanOnce();
        } finally {
            metrics.scanCompleted(java.time.Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private ScanResult scanOnce() {
        List<BatchLeases.ArrivalCheck> checks = leases.claimArrivalChecks(config.scanMaxChecks(), config.uploadGrace());
        int arrived = 0;
        int corrupted = 0;
        int checked = 0;
        for (BatchLeases.ArrivalCheck check : checks) {
            HeadObjectResponse head;
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
                if (leases.markCorrupted(check.id(), message)) {
                    corrupted++;
                    LOG.infof("Batch %s of %s: uploading -> corrupted (%s)", check.ref(), check.clientKey(), message);
                }
            } else if (leases.markArrived(check.id())) {
                arrived++;
            }
        }
        return new ScanResult(checked, arrived, corrupted);
    }
}
