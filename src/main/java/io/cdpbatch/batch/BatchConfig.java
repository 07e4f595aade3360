package io.cdpbatch.batch;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and lifetimes of batches. */
@ConfigMapping(prefix = "batch")
public interface BatchConfig {

    /** Largest gzipped file a client may declare at allocation ({@code BATCH_MAX_FILE_SIZE}). */
    @WithDefault("50M")
    MemorySize maxFileSize();

    /** How long a presigned upload URL stays valid ({@code BATCH_UPLOAD_URL_TTL}). */
    @WithDefault("1h")
    Duration uploadUrlTtl();

    /** How long a presigned error-log URL stays valid ({@code BATCH_LOG_URL_TTL}). */
    @WithDefault("1h")
    Duration logUrlTtl();

    /**
     * How long batches, their files and logs are kept and listed ({@code BATCH_RETENTION}).
     * Customer data ingested from them stays.
     */
    @WithDefault("30d")
    Duration retention();

    /** Most batches a tenant may have in {@code uploading} at once ({@code BATCH_MAX_UPLOADING_PER_TENANT}). */
    @WithDefault("1000")
    int maxUploadingPerTenant();
}
