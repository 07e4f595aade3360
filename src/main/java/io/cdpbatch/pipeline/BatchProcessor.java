package io.cdpbatch.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.batch.BatchStatus;
import io.cdpbatch.intake.ActiveClaims;
import io.cdpbatch.intake.BatchLeases;
import io.cdpbatch.intake.BatchLeases.Progress;
import io.cdpbatch.intake.Claim;
import io.cdpbatch.records.LineOutcome;
import io.cdpbatch.records.ParsedRecord;
import io.cdpbatch.records.RecordParser;
import io.cdpbatch.records.Rejection;
import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.storage.ObjectStorage;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Processes one claimed batch: reads its verified file line by line, parses and validates each
 * record on the reading thread, routes valid records by guest identity to the workers, and at the
 * end writes the error log and the final status with exact counts.
 */
@ApplicationScoped
public class BatchProcessor {

    private static final Logger LOG = Logger.getLogger(BatchProcessor.class);

    @Inject
    PipelineConfig config;

    @Inject
    ChunkApplier applier;

    @Inject
    BatchLeases leases;

    @Inject
    WorkFiles files;

    @Inject
    ObjectStorage storage;

    @Inject
    RecordParser parser;

    @Inject
    PipelineMetrics metrics;

    @Inject
    ObjectMapper json;

    public int workerCount() {
        return config.workers().orElse(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /** Processes a batch claimed in {@code file_uploaded} or, after a stopped attempt, {@code processing}. */
    public void process(Claim claim, ActiveClaims.Active active, String owner) {
        var attempt = leases.startProcessing(claim.id(), owner);
        if (attempt.isEmpty()) {
            return;
        }
        BatchRun run = new BatchRun(claim, owner);
        active.attach(run);
        if (claim.takeover()) {
            metrics.leaseTakeover();
        }
        LOG.infof("Batch %s of %s: -> processing (attempt by %s%s%s)", claim.ref(), claim.tenant().clientKey(), owner,
                claim.takeover() ? ", taken over from a stopped instance" : "", claim.dryRun() ? ", dry run" : "");
        Path file = null;
        try {
            Optional<Path> kept = files.take(claim.id());
            String unreadable = null;
            if (kept.isPresent()) {
                file = kept.get();
            } else {
                // verified by another instance, or before a restart: fetch and check again
                var download = files.download(claim).orElse(null);
                if (download == null) {
                    unreadable = "The uploaded object is no longer in the store";
                } else {
                    file = download.file();
                    if (download.size() != claim.size() || !download.md5Hex().equals(claim.checksum())) {
                        unreadable = "The object changed after it was verified: it now has " + download.size()
                                + " bytes and MD5 " + download.md5Hex();
                    }
                }
            }
            try (ErrorLog errorLog = new ErrorLog(files.dir())) {
                String readError = unreadable != null ? unreadable : read(run, file, errorLog);
                Progress progress = run.progress();
                Outputs outputs = progress.failed() > 0 ? writeOutputs(claim, errorLog, file) : Outputs.NONE;
                boolean hasLog = outputs.log();
                BatchStatus status = readError == null && progress.failed() == 0 ? BatchStatus.SUCCESS : BatchStatus.ERROR;
                if (hasLog) {
                    leases.saveFailureDigest(claim.id(), owner, outputs.failedRecords(), outputs.errorSummary());
                }
                active.ending();
                if (leases.finish(claim.id(), owner, status, progress, hasLog, readError)) {
                    metrics.batchProcessed(java.time.Duration.ofMillis(progress.elapsedMs()), progress.total());
                    LOG.infof("Batch %s of %s: processing -> %s (%d records, %d succeeded, %d failed, %d ms)%s", claim.ref(),
                            claim.tenant().clientKey(), status.code(), progress.total(), progress.succeeded(),
                            progress.failed(), progress.elapsedMs(), readError == null ? "" : ": " + readError);
                }
            }
        } catch (LeaseLostException e) {
            LOG.warnf("Batch %s: stopped, %s", claim.ref(), e.getMessage());
        } catch (ShutdownStopException e) {
            LOG.infof("Batch %s: stopped by the shutdown, given back to be processed elsewhere", claim.ref());
            releaseQuietly(claim, owner);
        } catch (StoreUnavailableException | DatabaseUnavailableException e) {
            LOG.warnf("Batch %s: given back to be processed again later: %s", claim.ref(), e.getMessage());
            releaseQuietly(claim, owner);
        } catch (RuntimeException e) {
            if (attempt.getAsInt() >= config.maxAttempts()) {
                // a batch that breaks the processor every time must not hold a slot forever
                LOG.errorf(e, "Batch %s: processing failed unexpectedly in %d attempts; it ends in error", claim.ref(),
                        attempt.getAsInt());
                leases.finish(claim.id(), owner, BatchStatus.ERROR, run.progress(), false,
                        "Processing failed " + attempt.getAsInt() + " times because of an internal error; "
                                + "records counted as succeeded were applied, the rest were not");
            } else {
                LOG.errorf(e, "Batch %s: processing failed unexpectedly (attempt %d of %d); it will be processed again",
                        claim.ref(), attempt.getAsInt(), config.maxAttempts());
                releaseQuietly(claim, owner);
            }
        } finally {
            WorkFiles.delete(file);
        }
    }

    /** @return the reason reading stopped early, or null when the whole file was read */
    private String read(BatchRun run, Path file, ErrorLog errorLog) {
        ErrorLog.Sink readerSink = errorLog.newSink();
        int maxLine = (int) Math.min(Integer.MAX_VALUE - 16, config.maxLineLength().asLongValue());
        String readError = null;
        try (WorkerPool pool = new WorkerPool(run, applier, metrics, errorLog, workerCount(), config.queueCapacity(),
                config.chunkSize())) {
            try (NdjsonReader reader = new NdjsonReader(file, maxLine, config.maxDecompressedSize().asLongValue())) {
                NdjsonReader.Line line;
                while ((line = reader.next()) != null) {
                    run.checkNotStopped();
                    run.countRead();
                    if (line.tooLong()) {
                        fail(run, readerSink, new Failure(line.number(), "null", 400, Failure.PARSE_ERROR,
                                "the line is longer than the limit of " + maxLine + " bytes"));
                        continue;
                    }
                    LineOutcome outcome = parser.parse(line.bytes(), 0, line.length());
                    if (outcome instanceof Rejection rejection) {
                        fail(run, readerSink, new Failure(line.number(), rejection.ref(), rejection.code(),
                                rejection.message(), rejection.detail()));
                    } else if (outcome instanceof ParsedRecord parsed) {
                        Work work = new Work(line.number(), parsed.ref(), parsed.record());
                        String key = parsed.record().routingKey();
                        if (key == null || key.startsWith("o:")) {
                            // touches several guests, or an order known only by its reference
                            pool.submitAlone(work, readerSink);
                        } else {
                            pool.submit(work, key);
                        }
                    }
                }
            } catch (UnreadableFileException e) {
                readError = e.getMessage();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the local copy of the file", e);
            }
            pool.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("Interrupted", e);
        }
        readerSink.close();
        return readError;
    }

    private void fail(BatchRun run, ErrorLog.Sink sink, Failure failure) {
        sink.add(failure);
        run.countFailed(1);
        if (run.dryRun()) {
            metrics.dryRunRecords("other", 0, 1);
        } else {
            metrics.recordsFailed("other", 1);
        }
    }

    /** What the failures of a batch left in the store, and its error summary (JSON). */
    private record Outputs(boolean log, boolean failedRecords, String errorSummary) {
        static final Outputs NONE = new Outputs(false, false, null);
    }

    /**
     * Uploads the error log, then, from one pass over it and the local upload, the failed records'
     * original lines and the error summary.
     */
    private Outputs writeOutputs(Claim claim, ErrorLog errorLog, Path upload) {
        Path gz = null;
        Path failed = null;
        try {
            gz = Files.createTempFile(files.dir(), claim.id() + "-errors-", ".json.gz");
            errorLog.writeGzip(gz);
            store(ObjectKeys.errorLog(claim.tenant().clientKey(), claim.ref()), gz);
            failed = Files.createTempFile(files.dir(), claim.id() + "-failed-", ".json.gz");
            FailureDigest.Result digest = FailureDigest.write(upload, gz, failed, config.maxDecompressedSize().asLongValue(),
                    json);
            boolean hasFailedRecords = digest.copiedLines() > 0;
            if (hasFailedRecords) {
                store(ObjectKeys.failedRecords(claim.tenant().clientKey(), claim.ref()), failed);
            }
            return new Outputs(true, hasFailedRecords,
                    digest.errors().isEmpty() ? null : json.writeValueAsString(digest.errors()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the error summary", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the error log", e);
        } finally {
            WorkFiles.delete(gz);
            WorkFiles.delete(failed);
        }
    }

    /** Stores a file, retrying an unreachable store. */
    private void store(String key, Path file) {
        long deadline = System.nanoTime() + config.storeOutageTolerance().toNanos();
        for (int attempt = 1;; attempt++) {
            try {
                storage.put(key, file, "application/gzip");
                return;
            } catch (SdkException e) {
                files.retryOrGiveUp(key, attempt, deadline, e);
            }
        }
    }

    private void releaseQuietly(Claim claim, String owner) {
        try {
            leases.release(claim.id(), owner);
        } catch (RuntimeException e) {
            LOG.debugf("Could not release batch %s (its lease will expire): %s", claim.ref(), e.getMessage());
        }
    }
}
