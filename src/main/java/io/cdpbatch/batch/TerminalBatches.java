package io.cdpbatch.batch;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.cdpbatch.lifecycle.BatchesRemoved;

/**
 * Batches in a terminal status, kept in memory for the status routes. A terminal batch never
 * changes again (no transition leaves a terminal status), so a copy read once answers every later
 * GET of it without a database round trip; the only change left is its removal by retention,
 * which this instance applies at once ({@link #forget}) and other replicas after at most the
 * time to live. Presigned log URLs are not cached: they are signed per request from the copy.
 *
 * <p>
 * Entries are the entities read by a finished request (detached once its session closed), keyed by tenant and ref: another
 * tenant's lookup of
 * the same ref misses and goes to the database, where it finds nothing.
 */
@ApplicationScoped
public class TerminalBatches {

    private record Key(long clientId, UUID ref) {
    }

    private final Cache<Key, Batch> cache;

    @Inject
    public TerminalBatches(BatchConfig config) {
        long maxEntries = config.statusCacheMaxEntries();
        Duration ttl = config.statusCacheTtl();
        this.cache = maxEntries <= 0 || ttl.isZero() || ttl.isNegative() ? null
                : Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
    }

    /** The cached copy of the tenant's terminal batch, or null. Callers must not change it. */
    public Batch get(long clientId, UUID ref) {
        return cache == null ? null : cache.getIfPresent(new Key(clientId, ref));
    }

    /** Remembers the batch when it is terminal; other batches keep changing and are not kept. */
    public void offer(Batch batch) {
        if (cache != null && batch.status != null && batch.status.terminal()) {
            cache.put(new Key(batch.clientId, batch.ref), batch);
        }
    }

    /** Drops the batches retention removes (on this instance at once; others within the time to live). */
    void onRemoved(@Observes BatchesRemoved removed) {
        for (BatchesRemoved.Removed batch : removed.batches()) {
            forget(batch.clientId(), batch.ref());
        }
    }

    /** Drops the batch, e.g. when retention deleted it. */
    public void forget(long clientId, UUID ref) {
        if (cache != null) {
            cache.invalidate(new Key(clientId, ref));
        }
    }
}
