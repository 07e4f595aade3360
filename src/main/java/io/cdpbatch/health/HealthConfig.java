package io.cdpbatch.health;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the readiness check watches the object store. */
@ConfigMapping(prefix = "batch.health")
public interface HealthConfig {

    /**
     * How often the object store is probed in the background ({@code BATCH_HEALTH_STORE_PROBE_INTERVAL}).
     * The readiness check reports the last result and never waits for the store.
     */
    @WithDefault("5s")
    Duration storeProbeInterval();

    /**
     * How long one probe of the object store may take before it counts as failed
     * ({@code BATCH_HEALTH_STORE_PROBE_TIMEOUT}); keep it below the readiness probe's timeout.
     */
    @WithDefault("3s")
    Duration storeProbeTimeout();
}
