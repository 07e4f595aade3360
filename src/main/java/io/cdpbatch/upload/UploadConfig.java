package io.cdpbatch.upload;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Local copies of uploads, and calls to the object store made while working on batches. */
@ConfigMapping(prefix = "batch.upload")
public interface UploadConfig {

    /**
     * Where uploads are downloaded to, verified and read, and where the failures of a batch are
     * spooled ({@code BATCH_UPLOAD_WORK_DIR}); default: the system temporary directory. Each instance
     * works in a directory of its own below it and removes those of instances that are gone.
     */
    Optional<String> workDir();

    /**
     * Verified copies kept on local disk until this instance processes them, in all
     * ({@code BATCH_UPLOAD_MAX_KEPT_SIZE}); past it a verified copy is deleted at once and downloaded
     * again when processing starts.
     */
    @WithDefault("512M")
    MemorySize maxKeptSize();

    /**
     * How long an unreachable object store is retried before the batch is given back, unchanged,
     * to be worked on again later ({@code BATCH_UPLOAD_STORE_OUTAGE_TOLERANCE}).
     */
    @WithDefault("2m")
    Duration storeOutageTolerance();
}
