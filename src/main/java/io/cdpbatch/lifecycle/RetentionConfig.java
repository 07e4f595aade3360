package io.cdpbatch.lifecycle;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long batches live, and how they are removed after that. */
@ConfigMapping(prefix = "batch.retention")
public interface RetentionConfig {

    /**
     * How long batches, their files and logs are kept and listed ({@code BATCH_RETENTION_PERIOD}).
     * Customer data ingested from them stays.
     */
    @WithDefault("30d")
    Duration period();

    /** How often each instance looks for expired batches to purge ({@code BATCH_RETENTION_PURGE_INTERVAL}). */
    @WithDefault("1h")
    Duration purgeInterval();

    /**
     * Batches purged per transaction: their rows are locked, their objects (upload, error log, failed
     * records) deleted, then the rows ({@code BATCH_RETENTION_PURGE_CHUNK}).
     */
    @WithDefault("500")
    int purgeChunk();
}
