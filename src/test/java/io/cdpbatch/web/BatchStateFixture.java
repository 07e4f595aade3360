package io.cdpbatch.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.cdpbatch.auth.ApiClientRepository;
import io.cdpbatch.batch.Batch;
import io.cdpbatch.batch.BatchRepository;
import io.cdpbatch.common.Timestamps;
import io.cdpbatch.lifecycle.BatchStatus;
import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.storage.ObjectStorage;
import io.cdpbatch.support.TestFiles;

/**
 * TEST FIXTURE, not the pipeline: puts batches allocated through the real API into the states the
 * processing pipeline would (status, counts, message, log), by writing their rows and error logs
 * directly, so the web page can be tested in every status.
 */
@ApplicationScoped
public class BatchStateFixture {

    @Inject
    BatchRepository batches;

    @Inject
    ApiClientRepository clients;

    @Inject
    ObjectStorage storage;

    @Inject
    Clock clock;

    /** Applies the change to the batch's row and stamps modified_at with now (unless the change set it). */
    @Transactional
    public void update(String clientKey, String ref, Consumer<Batch> change) {
        long clientId = clients.findByKey(clientKey).orElseThrow().id;
        Batch batch = batches.findByRef(clientId, UUID.fromString(ref)).orElseThrow();
        Instant before = batch.modifiedAt;
        change.accept(batch);
        if (batch.modifiedAt.equals(before)) {
            batch.modifiedAt = Timestamps.truncate(clock.instant());
        }
    }

    public void processing(String clientKey, String ref, long total, long succeeded, long failed) {
        update(clientKey, ref, b -> {
            b.status = BatchStatus.PROCESSING;
            b.totalCount = total;
            b.succeededCount = succeeded;
            b.failedCount = failed;
            b.timeToProcessMs = null;
            // how far into the file: as far as the records done are into the total
            b.bytesRead = total == 0 ? 0 : (long) Math.ceil((double) b.size * (succeeded + failed) / total);
        });
    }

    public void finished(String clientKey, String ref, BatchStatus status, long total, long succeeded, long failed,
            long timeToProcessMs) {
        update(clientKey, ref, b -> {
            b.status = status;
            b.totalCount = total;
            b.succeededCount = succeeded;
            b.failedCount = failed;
            b.timeToProcessMs = timeToProcessMs;
        });
    }

    public void corrupted(String clientKey, String ref, String message) {
        update(clientKey, ref, b -> {
            b.status = BatchStatus.CORRUPTED;
            b.message = message;
        });
    }

    public void modifiedAt(String clientKey, String ref, Instant at) {
        update(clientKey, ref, b -> b.modifiedAt = Timestamps.truncate(at));
    }

    /** Writes a gzipped NDJSON error log with one line per failed record ref, and marks the batch as having it. */
    public byte[] errorLog(String clientKey, String ref, List<String> failedRecordRefs) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < failedRecordRefs.size(); i++) {
            lines.append("{\"ref\":\"").append(failedRecordRefs.get(i))
                    .append("\",\"code\":\"400\",\"message\":\"Validation error\",\"line\":").append(i + 1).append("}\n");
        }
        byte[] gz = TestFiles.gzip(lines.toString().getBytes(StandardCharsets.UTF_8));
        storage.put(ObjectKeys.errorLog(clientKey, UUID.fromString(ref)), gz, "application/gzip");
        update(clientKey, ref, b -> b.hasLog = true);
        return gz;
    }

    /** Writes the failed-records object (gzipped lines) and marks the batch as having it. */
    public byte[] failedRecords(String clientKey, String ref, List<String> lines) {
        byte[] gz = TestFiles.ndjsonGz(lines);
        storage.put(ObjectKeys.failedRecords(clientKey, UUID.fromString(ref)), gz, "application/gzip");
        update(clientKey, ref, b -> b.hasFailedRecords = true);
        return gz;
    }

    /** Stores an error summary, as the processor does when a batch with failures ends. */
    public void errorSummary(String clientKey, String ref, String json) {
        update(clientKey, ref, b -> b.errorSummary = json);
    }
}
