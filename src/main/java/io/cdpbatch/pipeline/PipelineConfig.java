package io.cdpbatch.pipeline;

import java.time.Duration;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How files are read and records applied. */
@ConfigMapping(prefix = "batch.processing")
public interface PipelineConfig {

    /** Workers applying records of one batch; default: the number of cores, at least 2 ({@code BATCH_PROCESSING_WORKERS}). */
    OptionalInt workers();

    /**
     * Most records applied per database transaction by a worker ({@code BATCH_PROCESSING_CHUNK_SIZE}); a
     * chunk also closes at {@link #chunkBytes()}.
     */
    @WithDefault("500")
    int chunkSize();

    /**
     * Most bytes of records applied per database transaction ({@code BATCH_PROCESSING_CHUNK_BYTES}),
     * a record weighing the length of its line plus 128 bytes per JSON value in it: a chunk of large
     * records closes before {@link #chunkSize()}, so a transaction's memory is bounded by bytes.
     */
    @WithDefault("4M")
    MemorySize chunkBytes();

    /** Records waiting per worker; the reader blocks when a queue is full ({@code BATCH_PROCESSING_QUEUE_CAPACITY}). */
    @WithDefault("2000")
    int queueCapacity();

    /**
     * Most bytes of records read but not yet applied, per batch, weighed as for {@link #chunkBytes()}
     * ({@code BATCH_PROCESSING_IN_FLIGHT_BYTES}): the reader waits when they reach it. With
     * {@link #chunkBytes()} and the number of batches an instance processes at once, this bounds the
     * heap a batch needs whatever the size or shape of its records.
     */
    @WithDefault("16M")
    MemorySize inFlightBytes();

    /** Longest line; a longer one is one failed record ({@code BATCH_PROCESSING_MAX_LINE_LENGTH}). */
    @WithDefault("1M")
    MemorySize maxLineLength();

    /** Largest decompressed file; past it the batch ends in error ({@code BATCH_PROCESSING_MAX_DECOMPRESSED_SIZE}). */
    @WithDefault("2G")
    MemorySize maxDecompressedSize();

    /**
     * When this many lines from the start of a file are all refused by validation (none is a valid
     * record), reading stops and the batch ends {@code error}: the file is not a batch file of this
     * API ({@code BATCH_PROCESSING_MAX_LEADING_INVALID_LINES}); 0: read every file to its end.
     */
    @WithDefault("10000")
    int maxLeadingInvalidLines();

    /**
     * Most entries of an error log ({@code BATCH_PROCESSING_MAX_ERROR_LOG_ENTRIES}): the log lists the
     * first refused records of the file, then one entry saying how many were left out; the counts
     * and the error summary stay exact.
     */
    @WithDefault("100000")
    long maxErrorLogEntries();

    /**
     * Most bytes of an error log, uncompressed, and of the failures spooled on local disk while a batch
     * is processed ({@code BATCH_PROCESSING_MAX_ERROR_LOG_SIZE}).
     */
    @WithDefault("64M")
    MemorySize maxErrorLogSize();

    /**
     * Most bytes of original lines in the failed-records file, uncompressed
     * ({@code BATCH_PROCESSING_MAX_FAILED_RECORDS_SIZE}); past it a last line says how many were left out.
     */
    @WithDefault("64M")
    MemorySize maxFailedRecordsSize();

    /**
     * Rows a batch must add to a customer table before the pipeline analyses it itself, between two
     * chunks ({@code BATCH_PROCESSING_ANALYZE_MIN_ROWS}); 0 leaves every analysis to autovacuum. Without
     * it the first batch of a fresh database runs on plans made for empty tables until autovacuum's
     * first analysis, a minute later. A table is analysed at 1,000 rows, then each time it doubles: plans
     * made for a few hundred rows cost a fresh database's first 100,000 guests twice the database's time
     * with 10,000 here, and none measurable with 1,000 (BENCHMARKS.md, Levers).
     */
    @WithDefault("1000")
    long analyzeMinRows();

    /**
     * How much a customer table must grow, as a fraction of its rows at its last analysis, before the
     * pipeline analyses it again ({@code BATCH_PROCESSING_ANALYZE_GROWTH}); 1 analyses a table each
     * time it doubles, so a table large compared with what batches add is left to autovacuum.
     */
    @WithDefault("1.0")
    double analyzeGrowth();

    /** Attempts at a database transaction that failed for a transient reason ({@code BATCH_PROCESSING_DB_ATTEMPTS}). */
    @WithDefault("4")
    int dbAttempts();

    /**
     * How long a database outage is waited out (retrying with back-off) before the batch is given
     * back, unchanged, to be processed again later ({@code BATCH_PROCESSING_DB_OUTAGE_TOLERANCE}).
     */
    @WithDefault("2m")
    Duration dbOutageTolerance();
}
