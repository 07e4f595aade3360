package io.cdpbatch.intake;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Detection of arrived uploads and the leases that decide which instance works on a batch. */
@ConfigMapping(prefix = "batch")
public interface IntakeConfig {

    /** How often an instance looks for arrived uploads and claims work ({@code BATCH_SCAN_INTERVAL}). */
    @WithDefault("1s")
    Duration scanInterval();

    /** Most objects an instance checks in the store per scan ({@code BATCH_SCAN_MAX_CHECKS}). */
    @WithDefault("100")
    int scanMaxChecks();

    /**
     * How long after its upload URL expired a batch is still checked for arrival: an upload that
     * started just before the expiry may finish after it ({@code BATCH_UPLOAD_GRACE}).
     */
    @WithDefault("15m")
    Duration uploadGrace();

    /**
     * How long a claim on a batch lasts without a heartbeat; after it another instance takes the
     * batch over ({@code BATCH_LEASE_DURATION}). Heartbeats come every second.
     */
    @WithDefault("30s")
    Duration leaseDuration();

    /**
     * On shutdown (SIGTERM), how long the batches in work may take to finish; past it they are
     * stopped and their leases released, so another instance continues them at once
     * ({@code BATCH_SHUTDOWN_GRACE}). Keep it below {@code quarkus.shutdown.timeout} and the pod's
     * termination grace period.
     */
    @WithDefault("20s")
    Duration shutdownGrace();

    /** Name of this instance in leases and in {@code processed_by}; default: host name and a random suffix. */
    Optional<String> instanceId();
}
