package io.cdpbatch.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.common.BatchTracing;
import io.cdpbatch.lifecycle.Attempt;
import io.cdpbatch.lifecycle.Claim;
import io.cdpbatch.lifecycle.Outcome;
import io.cdpbatch.lifecycle.ShuttingDown;
import io.cdpbatch.lifecycle.Stage;
import io.cdpbatch.lifecycle.StageWork;
import io.cdpbatch.records.LineOutcome;
import io.cdpbatch.records.ParsedRecord;
import io.cdpbatch.records.RecordParser;
import io.cdpbatch.records.Rejection;
import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.storage.ObjectStorage;
import io.cdpbatch.upload.StoreCalls;
import io.cdpbatch.upload.UploadCopies;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * Processes one claimed batch: reads its verified file line by line, parses and validates each
 * record on the reading thread, routes valid records by guest identity to the workers, and at the
 * end writes the error log and the failed-records file. What the batch becomes is for the
 * lifecycle to decide from the outcome and the attempt's counts.
 */
@ApplicationScoped
public class BatchProcessor implements StageWork {

    /** The span of writing a batch's error log and failed-records file to the store. */
    public static final String ERROR_LOG_SPAN = "batch.error_log";
    static final AttributeKey<Long> ERROR_LOG_LISTED = AttributeKey.longKey("cdpbatch.error_log.listed");
    static final AttributeKey<Long> ERROR_LOG_OMITTED = AttributeKey.longKey("cdpbatch.error_log.omitted");

    @Inject
    PipelineConfig config;

    @Inject
    ChunkApplier applier;

    @Inject
    UploadCopies copies;

    @Inject
    StoreCalls store;

    @Inject
    ObjectStorage storage;

    @Inject
    RecordParser parser;

    @Inject
    PipelineMetrics metrics;

    @Inject
    ObjectMapper json;

    @Inject
    BatchTracing tracing;

    @Override
    public Stage stage() {
        return Stage.PROCESS;
    }

    public int workerCount() {
        return config.workers().orElse(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public Outcome run(Attempt attempt) {
        Claim claim = attempt.claim();
        UploadCopies.Local local = copies.take(claim);
        if (local instanceof UploadCopies.Unusable unusable) {
            return new Outcome.Processed(unusable.reason(), Outcome.Failures.NONE);
        }
        Path file = ((UploadCopies.Verified) local).file();
        try (ErrorLog errorLog = new ErrorLog(copies.dir(), config.maxErrorLogEntries(),
                config.maxErrorLogSize().asLongValue())) {
            String stoppedReading = read(attempt, file, errorLog);
            Outcome.Failures failures = errorLog.failures() > 0 ? writeOutputs(attempt, errorLog, file)
                    : Outcome.Failures.NONE;
            return new Outcome.Processed(stoppedReading, failures);
        } finally {
            UploadCopies.delete(file);
        }
    }

    /** @return why reading stopped before the end of the file, or null when the whole file was read */
    private String read(Attempt attempt, Path file, ErrorLog errorLog) {
        ErrorLog.Sink readerSink = errorLog.newSink();
        int maxLine = (int) Math.min(Integer.MAX_VALUE - 16, config.maxLineLength().asLongValue());
        int leadingLimit = config.maxLeadingInvalidLines();
        long valid = 0;
        long invalid = 0;
        String stoppedReading = null;
        try (WorkerPool pool = new WorkerPool(attempt, applier, metrics, errorLog, workerCount(), config.queueCapacity(),
                config.chunkSize(), config.chunkBytes().asLongValue(), config.inFlightBytes().asLongValue())) {
            try (NdjsonReader reader = new NdjsonReader(file, maxLine, config.maxDecompressedSize().asLongValue())) {
                NdjsonReader.Line line;
                while ((line = reader.next()) != null) {
                    attempt.checkNotStopped();
                    attempt.countRead();
                    attempt.bytesRead(reader.compressedBytesRead());
                    if (line.tooLong()) {
                        fail(attempt, readerSink, new Failure(line.number(), "null", 400, Failure.PARSE_ERROR,
                                "the line is longer than the limit of " + maxLine + " bytes"));
                        invalid++;
                    } else {
                        LineOutcome outcome = parser.parse(line.bytes(), 0, line.length());
                        if (outcome instanceof Rejection rejection) {
                            fail(attempt, readerSink, new Failure(line.number(), rejection.ref(), rejection.code(),
                                    rejection.message(), rejection.detail()));
                            invalid++;
                        } else if (outcome instanceof ParsedRecord parsed) {
                            valid++;
                            Work work = Work.of(line.number(), parsed, line.length());
                            String key = parsed.record().routingKey();
                            if (key == null || key.startsWith("o:")) {
                                // touches several guests, or an order known only by its reference
                                pool.submitAlone(work, readerSink);
                            } else {
                                pool.submit(work, key);
                            }
                        }
                    }
                    if (valid == 0 && leadingLimit > 0 && invalid >= leadingLimit) {
                        stoppedReading = "The first " + invalid + " lines of the file are all invalid records: reading "
                                + "stopped there and the rest of the file was not read. Is it a batch file of this API?";
                        break;
                    }
                }
                attempt.bytesRead(reader.compressedBytesRead());
            } catch (UnreadableFileException e) {
                stoppedReading = e.getMessage();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the local copy of the file", e);
            }
            pool.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShuttingDown("Interrupted while processing");
        }
        return stoppedReading;
    }

    private void fail(Attempt attempt, ErrorLog.Sink sink, Failure failure) {
        sink.add(failure);
        attempt.countFailed(1);
        if (attempt.dryRun()) {
            metrics.dryRunRecords("other", 0, 1);
        } else {
            metrics.recordsFailed("other", 1);
        }
    }

    /**
     * Stores the error log, then, from one pass over it and the local upload, the failed records'
     * original lines; the error summary comes from the failures as they were counted.
     */
    private Outcome.Failures writeOutputs(Attempt attempt, ErrorLog errorLog, Path upload) {
        Claim claim = attempt.claim();
        Span span = tracing.startChild(ERROR_LOG_SPAN, attempt.traceContext(), claim.tenant().clientKey(), claim.ref());
        try {
            return writeOutputs(claim, errorLog, upload, span);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, "the error log could not be written");
            throw e;
        } finally {
            span.end();
        }
    }

    private Outcome.Failures writeOutputs(Claim claim, ErrorLog errorLog, Path upload, Span span) {
        Path gz = null;
        Path failed = null;
        try {
            gz = Files.createTempFile(copies.dir(), claim.id() + "-errors-", ".json.gz");
            ErrorLog.Written log = errorLog.writeGzip(gz);
            span.setAttribute(ERROR_LOG_LISTED, log.listed()).setAttribute(ERROR_LOG_OMITTED, log.omitted());
            put(ObjectKeys.errorLog(claim.tenant().clientKey(), claim.ref()), gz);
            failed = Files.createTempFile(copies.dir(), claim.id() + "-failed-", ".json.gz");
            FailedRecords.Result records = FailedRecords.write(upload, gz, failed, config.maxDecompressedSize().asLongValue(),
                    config.maxFailedRecordsSize().asLongValue(), json);
            if (records.copied() > 0) {
                put(ObjectKeys.failedRecords(claim.tenant().clientKey(), claim.ref()), failed);
            }
            String note = null;
            if (log.omitted() > 0) {
                note = "The error log lists the first " + log.listed() + " of the " + (log.listed() + log.omitted())
                        + " records that were not applied; " + log.omitted() + " entries were left out.";
            }
            if (records.omitted() > 0) {
                note = (note == null ? "" : note + " ") + "The failed-records file holds the first " + records.copied()
                        + " of them; " + records.omitted() + " lines were left out.";
            }
            var summary = errorLog.summary();
            return new Outcome.Failures(true, records.copied() > 0, summary.isEmpty() ? null : json.writeValueAsString(summary),
                    note);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the error summary", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the error log", e);
        } finally {
            UploadCopies.delete(gz);
            UploadCopies.delete(failed);
        }
    }

    /** Stores a file, retrying an unreachable store. */
    private void put(String key, Path file) {
        store.retrying(key, () -> {
            storage.put(key, file, "application/gzip");
            return null;
        });
    }
}
