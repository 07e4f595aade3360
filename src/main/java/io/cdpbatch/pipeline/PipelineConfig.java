package io.cdpbatch.pipeline;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How files are read and records applied. */
@ConfigMapping(prefix = "batch.processing")
public interface PipelineConfig {

    /** Workers applying records of one batch; default: the number of cores, at least 2 ({@code BATCH_PROCESSING_WORKERS}). */
    OptionalInt workers();

    /** Records applied per database transaction by a worker ({@code BATCH_PROCESSING_CHUNK_SIZE}). */
    @WithDefault("500")
    int chunkSize();

    /** Records waiting per worker; the reader blocks when a queue is full ({@code BATCH_PROCESSING_QUEUE_CAPACITY}). */
    @WithDefault("2000")
    int queueCapacity();

    /** Longest line; a longer one is one failed record ({@code BATCH_PROCESSING_MAX_LINE_LENGTH}). */
    @WithDefault("1M")
    MemorySize maxLineLength();

    /** Largest decompressed file; past it the batch ends in error ({@code BATCH_PROCESSING_MAX_DECOMPRESSED_SIZE}). */
    @WithDefault("2G")
    MemorySize maxDecompressedSize();

    /** Batches one instance processes at once ({@code BATCH_PROCESSING_MAX_CONCURRENT_BATCHES}). */
    @WithDefault("2")
    int maxConcurrentBatches();

    /** Batches of one tenant processed at once across all instances ({@code BATCH_PROCESSING_MAX_PER_TENANT}). */
    @WithDefault("1")
    int maxPerTenant();

    /** Attempts at a database transaction that failed for a transient reason ({@code BATCH_PROCESSING_DB_ATTEMPTS}). */
    @WithDefault("4")
    int dbAttempts();

    /**
     * How long a database outage is waited out (retrying with back-off) before the batch is given
     * back, unchanged, to be processed again later ({@code BATCH_PROCESSING_DB_OUTAGE_TOLERANCE}).
     */
    @WithDefault("2m")
    Duration dbOutageTolerance();

    /**
     * How long an unreachable object store is retried before the batch is given back, unchanged,
     * to be verified or processed again later ({@code BATCH_PROCESSING_STORE_OUTAGE_TOLERANCE}).
     */
    @WithDefault("2m")
    Duration storeOutageTolerance();

    /**
     * From this attempt on (every start of processing counts), an unexpected internal failure ends
     * the batch in {@code error} instead of giving it back ({@code BATCH_PROCESSING_MAX_ATTEMPTS}).
     */
    @WithDefault("3")
    int maxAttempts();

    /** How often live progress is saved and the lease renewed ({@code BATCH_PROCESSING_PROGRESS_INTERVAL}). */
    @WithDefault("1s")
    Duration progressInterval();

    /** Where downloaded files are kept while they are verified and read ({@code BATCH_PROCESSING_WORK_DIR}). */
    Optional<String> workDir();

    /** Verify arrivals but do not start processing (maintenance and tests) ({@code BATCH_PROCESSING_PAUSED}). */
    @WithDefault("false")
    boolean paused();
}
