package io.cdpbatch.batch;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and lifetimes of the batches API. */
@ConfigMapping(prefix = "batch.api")
public interface BatchConfig {

    /** Largest gzipped file a client may declare at allocation ({@code BATCH_API_MAX_FILE_SIZE}). */
    @WithDefault("50M")
    MemorySize maxFileSize();

    /** How long a presigned upload URL stays valid ({@code BATCH_API_UPLOAD_URL_TTL}). */
    @WithDefault("1h")
    Duration uploadUrlTtl();

    /** How long a presigned error-log or failed-records URL stays valid ({@code BATCH_API_LOG_URL_TTL}). */
    @WithDefault("1h")
    Duration logUrlTtl();

    /** Most batches a tenant may have in {@code uploading} at once ({@code BATCH_API_MAX_UPLOADING_PER_TENANT}). */
    @WithDefault("1000")
    int maxUploadingPerTenant();

    /**
     * How long a terminal batch (it never changes again) answers the status routes from memory
     * instead of the database ({@code BATCH_API_STATUS_CACHE_TTL}); 0 turns the cache off.
     */
    @WithDefault("10s")
    Duration statusCacheTtl();

    /** Most terminal batches kept in that cache ({@code BATCH_API_STATUS_CACHE_MAX_ENTRIES}). */
    @WithDefault("10000")
    long statusCacheMaxEntries();
}
