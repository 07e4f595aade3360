package io.cdpbatch.lifecycle;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Keeps the leases of the attempts in work alive: every progress interval, on a thread of its own
 * (not the application scheduler, which tests switch off and which shares its threads with other
 * triggers), it renews each lease, saves the live counts of those being processed, and stops at once
 * an attempt whose lease was lost. An attempt that has failed is not renewed: if its owner cannot
 * end it, its lease lapses and another instance takes the batch over.
 */
@ApplicationScoped
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    @Inject
    BatchLifecycle lifecycle;

    @Inject
    LifecycleConfig config;

    @Inject
    Watchdog watchdog;

    private final Map<Long, Entry> active = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;

    /** An attempt in work: {@code processing} once its batch is in processing, {@code ending} once it records its end. */
    private static final class Entry {
        final Attempt attempt;
        volatile boolean processing;
        volatile boolean ending;

        Entry(Attempt attempt) {
            this.attempt = attempt;
        }
    }

    void onStart(@Observes StartupEvent event) {
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "batch-lease-keeper");
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.progressInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::beatSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    void register(Attempt attempt) {
        active.put(attempt.batchId(), new Entry(attempt));
    }

    /** The attempt's batch is in {@code processing}: heartbeats save its counts from now on. */
    void processing(Attempt attempt) {
        Entry entry = active.get(attempt.batchId());
        if (entry != null) {
            entry.processing = true;
        }
    }

    /**
     * The attempt is about to end its claim itself (terminal status or give-back): from now on a
     * heartbeat that finds the lease gone is not a take-over.
     */
    void ending(Attempt attempt) {
        Entry entry = active.get(attempt.batchId());
        if (entry != null) {
            entry.ending = true;
        }
    }

    void unregister(Attempt attempt) {
        active.remove(attempt.batchId());
        watchdog.forget(attempt);
    }

    /** The attempts in work on this instance. */
    public Collection<Attempt> attempts() {
        return active.values().stream().map(e -> e.attempt).toList();
    }

    public int size() {
        return active.size();
    }

    /** One round of heartbeats (the keeper's thread calls it; shutdown and tests may too). */
    public void beat() {
        watchdog.keeperBeat();
        for (Entry entry : List.copyOf(active.values())) {
            Attempt attempt = entry.attempt;
            if (attempt.failure() != null) {
                continue;
            }
            if (entry.processing) {
                watchdog.observe(attempt);
            }
            try {
                boolean held = lifecycle.heartbeat(attempt, entry.processing);
                if (!held && !entry.ending && active.containsKey(attempt.batchId())) {
                    if (entry.processing) {
                        LOG.warnf("Lease of batch %s lost: another instance took it over", attempt.claim().ref());
                    } else {
                        LOG.debugf("Lease of batch %s no longer held by this instance", attempt.claim().ref());
                    }
                    attempt.stop(new LeaseLost("The lease of batch " + attempt.claim().ref() + " was lost"));
                }
            } catch (RuntimeException e) {
                // The database may be briefly unreachable: the work itself retries, and the lease lasts
                // longer than many heartbeat intervals.
                LOG.warnf("Heartbeat of batch %s failed: %s", attempt.claim().ref(), e.getMessage());
            }
        }
    }

    private void beatSafely() {
        try {
            beat();
        } catch (Throwable e) {
            // a scheduled task that throws is never run again: report it and keep beating
            LOG.errorf(e, "Lease heartbeat failed");
        }
    }
}
