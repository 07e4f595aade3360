package io.cdpbatch.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where uploaded files and error logs are kept. */
@ConfigMapping(prefix = "batch.storage")
public interface StorageConfig {

    /** Bucket of uploads and logs ({@code BATCH_STORAGE_BUCKET}). */
    @WithDefault("cdp-batch")
    String bucket();

    /** Create the bucket at start-up when it is missing ({@code BATCH_STORAGE_CREATE_BUCKET}). */
    @WithDefault("false")
    boolean createBucket();
}
