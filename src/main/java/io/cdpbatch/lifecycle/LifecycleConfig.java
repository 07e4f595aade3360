package io.cdpbatch.lifecycle;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Claims, leases and attempts: which instance works on which batch, and for how long. */
@ConfigMapping(prefix = "batch.lifecycle")
public interface LifecycleConfig {

    /**
     * How long a claim on a batch lasts without a heartbeat; after it another instance takes the batch
     * over ({@code BATCH_LIFECYCLE_LEASE_DURATION}).
     */
    @WithDefault("30s")
    Duration leaseDuration();

    /**
     * How often the leases of the batches in work are renewed and their live progress saved
     * ({@code BATCH_LIFECYCLE_PROGRESS_INTERVAL}); keep it well below the lease duration.
     */
    @WithDefault("1s")
    Duration progressInterval();

    /**
     * A batch whose processing attempts failed or never finished (the instance died, ran out of
     * memory, a thread failed) this many times ends in {@code error} instead of being tried again
     * ({@code BATCH_LIFECYCLE_MAX_ATTEMPTS}). Attempts given back because of a shutdown or an outage
     * do not count.
     */
    @WithDefault("3")
    int maxAttempts();

    /** Batches one instance processes at once ({@code BATCH_LIFECYCLE_MAX_CONCURRENT_BATCHES}). */
    @WithDefault("2")
    int maxConcurrentBatches();

    /** Batches of one tenant processed at once across all instances ({@code BATCH_LIFECYCLE_MAX_PER_TENANT}). */
    @WithDefault("1")
    int maxPerTenant();

    /** Uploads one instance verifies (downloads and checks) at once ({@code BATCH_LIFECYCLE_VERIFICATION_SLOTS}). */
    @WithDefault("2")
    int verificationSlots();

    /** Verify arrivals but do not start processing (maintenance and tests) ({@code BATCH_LIFECYCLE_PAUSED}). */
    @WithDefault("false")
    boolean paused();

    /**
     * On shutdown (SIGTERM), how long the batches in work may take to finish; past it they are
     * stopped and their leases released, so another instance continues them at once
     * ({@code BATCH_LIFECYCLE_SHUTDOWN_GRACE}). With the HTTP drain ({@code quarkus.shutdown.timeout})
     * and a 5 s wind-down it must fit the pod's termination grace period.
     */
    @WithDefault("20s")
    Duration shutdownGrace();

    /**
     * Liveness fails when a batch in work has made no progress, or the arrival scan has not run, for
     * this long: the process is alive but its pipeline is not, and a restart hands its work to
     * another instance ({@code BATCH_LIFECYCLE_STALL_TIMEOUT}). Keep it above the database and
     * store outage tolerances.
     */
    @WithDefault("5m")
    Duration stallTimeout();

    /**
     * How old the batch gauges of {@code /q/metrics} may get before a scrape refreshes them
     * ({@code BATCH_LIFECYCLE_METRICS_REFRESH_INTERVAL}).
     */
    @WithDefault("10s")
    Duration metricsRefreshInterval();

    /** Name of this instance in leases and in {@code processed_by}; default: host name and a random suffix. */
    Optional<String> instanceId();
}
