package io.cdpbatch.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cdpbatch.lifecycle.BatchLifecycle;
import io.cdpbatch.lifecycle.RetentionConfig;
import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.storage.ObjectStorage;
import io.cdpbatch.webhook.WebhookOutbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Removes batches created before the retention window: their objects in the store (upload, error
 * log and failed records), then their rows. Customer data ingested from them stays. Finished webhook
 * deliveries older than the window go too.
 *
 * <p>
 * Each chunk is one transaction that locks its rows with {@code FOR UPDATE SKIP LOCKED}, so
 * replicas purging at the same time take different batches. Objects go first and the rows only
 * after: when the store is unreachable the transaction rolls back and the rows stay for the next
 * run, so no object is ever left without its row. A batch whose lease is live (being verified or
 * processed) is left for a later run.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);
    /** The store deletes at most this many keys per request. */
    private static final int KEYS_PER_DELETE = 1000;

    @Inject
    BatchLifecycle lifecycle;

    @Inject
    ObjectStorage storage;

    @Inject
    RetentionConfig config;

    @Inject
    Clock clock;

    @Inject
    WebhookOutbox webhookOutbox;

    /** What a purge removed: batches, object keys deleted, and the chunks (transactions) it took. */
    public record PurgeResult(int batches, int objectKeys, int chunks) {
    }

    @Scheduled(every = "${batch.retention.purge-interval:1h}", delayed = "${batch.retention.purge-interval:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warnf("Retention purge stopped, the rest waits for the next run: %s", e.getMessage());
        }
    }

    /** Purges every batch created before now minus the retention window. */
    public PurgeResult purge() {
        return purge(clock.instant().minus(config.period()), config.purgeChunk());
    }

    /** Purges every batch created before {@code cutoff}, {@code chunk} batches per transaction. */
    public PurgeResult purge(Instant cutoff, int chunk) {
        int batches = 0;
        int keys = 0;
        int chunks = 0;
        while (true) {
            int[] done = QuarkusTransaction.requiringNew().call(() -> purgeChunk(cutoff, chunk));
            if (done[0] == 0) {
                break;
            }
            chunks++;
            batches += done[0];
            keys += done[1];
            if (done[0] < chunk) {
                break;
            }
        }
        int deliveries = purgeDeliveries(cutoff, chunk);
        if (deliveries > 0) {
            LOG.infof("Retention purge: %d finished webhook deliveries created before %s removed", deliveries, cutoff);
        }
        if (batches > 0) {
            LOG.infof("Retention purge: %d batches created before %s removed with their objects, in %d chunks", batches,
                    cutoff, chunks);
        }
        return new PurgeResult(batches, keys, chunks);
    }

    /**
     * Deletes the delivered and failed webhook deliveries created before {@code cutoff}, {@code chunk}
     * per transaction; pending ones stay until they finish. Returns how many.
     */
    public int purgeDeliveries(Instant cutoff, int chunk) {
        int total = 0;
        while (true) {
            int deleted = webhookOutbox.purgeFinished(cutoff, chunk);
            total += deleted;
            if (deleted < chunk) {
                return total;
            }
        }
    }

    /** One transaction: lock a chunk, delete its objects, delete its rows. Returns {batches, keys}. */
    private int[] purgeChunk(Instant cutoff, int chunk) {
        List<BatchLifecycle.Expired> expired = lifecycle.lockExpired(cutoff, chunk);
        if (expired.isEmpty()) {
            return new int[] { 0, 0 };
        }
        List<String> keys = new ArrayList<>(expired.size() * 3);
        for (BatchLifecycle.Expired batch : expired) {
            keys.add(ObjectKeys.upload(batch.clientKey(), batch.ref()));
            keys.add(ObjectKeys.errorLog(batch.clientKey(), batch.ref()));
            keys.add(ObjectKeys.failedRecords(batch.clientKey(), batch.ref()));
        }
        for (int from = 0; from < keys.size(); from += KEYS_PER_DELETE) {
            storage.delete(keys.subList(from, Math.min(keys.size(), from + KEYS_PER_DELETE)));
        }
        return new int[] { lifecycle.remove(expired), keys.size() };
    }
}
