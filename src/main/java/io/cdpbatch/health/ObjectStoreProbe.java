package io.cdpbatch.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.cdpbatch.storage.ObjectStorage;
import io.quarkus.runtime.StartupEvent;

/**
 * Probes the object store (is the bucket there?) on a background thread, so that the readiness
 * check answers at once from the last result even when the store hangs: a probe that takes longer
 * than its timeout counts as a failure, and while it is still stuck no new probe starts.
 */
@Singleton
public class ObjectStoreProbe {

    private static final Logger LOG = Logger.getLogger(ObjectStoreProbe.class);

    /** The outcome of the last probe that finished or timed out. */
    public record Result(boolean up, String detail, Instant at) {
    }

    @Inject
    ObjectStorage storage;

    @Inject
    HealthConfig config;

    /** Real time on purpose: probe freshness must not move with a test clock. */
    private final Clock clock = Clock.systemUTC();

    private ScheduledExecutorService ticker;
    private ExecutorService caller;
    private Future<Boolean> inFlight;
    private volatile Result last;

    void onStart(@Observes StartupEvent event) {
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("object-store-probe"));
        caller = Executors.newSingleThreadExecutor(daemon("object-store-probe-call"));
        ticker.scheduleWithFixedDelay(this::probe, 0, config.storeProbeInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
            caller.shutdownNow();
        }
    }

    /** The last result, or empty before the first probe has finished. */
    public java.util.Optional<Result> last() {
        return java.util.Optional.ofNullable(last);
    }

    /**
     * Whether the last result is too old to trust: the prober itself is stuck or was never started.
     * Allows two intervals plus a timeout, so one slow tick is not a failure.
     */
    public boolean stale(Result result) {
        Duration allowed = config.storeProbeInterval().multipliedBy(2).plus(config.storeProbeTimeout());
        return result.at().plus(allowed).isBefore(clock.instant());
    }

    void probe() {
        try {
            if (inFlight != null && !inFlight.isDone()) {
                record(false, "the previous probe of bucket " + storage.bucket() + " has not answered yet");
                return;
            }
            inFlight = caller.submit(storage::bucketExists);
            boolean exists = inFlight.get(config.storeProbeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            record(exists,
                    exists ? "bucket " + storage.bucket() + " reachable" : "bucket " + storage.bucket() + " does not exist");
        } catch (TimeoutException e) {
            record(false,
                    "bucket " + storage.bucket() + " did not answer within " + config.storeProbeTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            record(false, "bucket " + storage.bucket() + " unreachable: " + cause.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            record(false, "probe failed: " + e.getClass().getSimpleName());
        }
    }

    private void record(boolean up, String detail) {
        Result previous = last;
        last = new Result(up, detail, clock.instant());
        if (previous == null || previous.up() != up) {
            if (up) {
                LOG.infof("Object store is up: %s", detail);
            } else {
                LOG.warnf("Object store is down: %s", detail);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
