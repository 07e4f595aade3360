package io.cdpbatch.retention;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The scheduled purge of batches older than the retention window ({@code batch.retention}, in
 * {@link io.cdpbatch.batch.BatchConfig}).
 */
@ConfigMapping(prefix = "batch")
public interface RetentionConfig {

    /** How often each instance looks for expired batches to purge ({@code BATCH_RETENTION_PURGE_INTERVAL}). */
    @WithDefault("1h")
    Duration retentionPurgeInterval();

    /**
     * Batches purged per transaction: their rows are locked, their objects (upload, error log, failed records)
     * deleted, then the rows ({@code BATCH_RETENTION_PURGE_CHUNK}).
     */
    @WithDefault("500")
    int retentionPurgeChunk();
}
