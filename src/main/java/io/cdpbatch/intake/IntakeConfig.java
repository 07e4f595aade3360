package io.cdpbatch.intake;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Detection of arrived uploads. */
@ConfigMapping(prefix = "batch.intake")
public interface IntakeConfig {

    /**
     * How often an instance looks for arrived uploads and claims work ({@code BATCH_INTAKE_SCAN_INTERVAL}).
     */
    @WithDefault("1s")
    Duration scanInterval();

    /** Most objects an instance checks in the store per scan ({@code BATCH_INTAKE_SCAN_MAX_CHECKS}). */
    @WithDefault("100")
    int scanMaxChecks();

    /**
     * How long after its upload URL expired a batch is still checked for arrival: an upload that
     * started just before the expiry may finish after it ({@code BATCH_INTAKE_UPLOAD_GRACE}).
     */
    @WithDefault("15m")
    Duration uploadGrace();
}
