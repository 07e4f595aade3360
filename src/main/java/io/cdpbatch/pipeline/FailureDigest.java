package io.cdpbatch.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.batch.BatchViews.ErrorGroupView;

/**
 * What a batch's failures add to its error log, computed in one streaming pass after processing,
 * off the hot path: the error summary, and the failed records' original lines.
 *
 * <p>
 * The merged error log is in line order, so the upload (the verified local copy) is read a second
 * time alongside it, and each failing line is copied when the log names it: no memory per record.
 * Lines that could not be read at all (over the line limit, invalid UTF-8, not JSON) are copied as
 * they are, for the user to fix. When the upload cannot be read back to a failing line (it broke
 * after that point on the first read, it cannot break before), copying stops there and the summary
 * still counts the whole log.
 */
final class FailureDigest {

    /** The summary groups, and how many lines went to the failed-records file (0: no file to store). */
    record Result(List<ErrorGroupView> errors, long copiedLines) {
    }

    private FailureDigest() {
    }

    /**
     * @param upload the local gzipped upload; null when there is none (then only the summary is made)
     * @param errorLogGz the merged, gzipped error log of the batch
     * @param failedRecordsGz where to write the gzipped failed lines
     */
    static Result write(Path upload, Path errorLogGz, Path failedRecordsGz, long maxDecompressed, ObjectMapper json)
            throws IOException {
        ErrorSummary summary = new ErrorSummary();
        long copied = 0;
        try (InputStream logIn = new GZIPInputStream(Files.newInputStream(errorLogGz), 64 * 1024);
                BufferedReader log = new BufferedReader(new InputStreamReader(logIn, StandardCharsets.UTF_8), 64 * 1024);
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(failedRecordsGz), 64 * 1024)) {
            FailedLines lines = null;
            try {
                lines = upload == null ? null : new FailedLines(upload, maxDecompressed);
            } catch (UnreadableFileException e) {
                // no failing line can be copied; the summary still counts them
            }
            try {
                String text;
                while ((text = log.readLine()) != null) {
                    if (text.isEmpty()) {
                        continue;
                    }
                    JsonNode entry = json.readTree(text);
                    long line = entry.path("line").asLong();
                    summary.add(line, entry.path("ref").asText("null"), entry.path("code").asText(),
                            entry.path("message").asText(), entry.hasNonNull("detail") ? entry.get("detail").asText() : null);
                    if (lines != null) {
                        try {
                            if (lines.copy(line, out)) {
                                copied++;
                            }
                        } catch (UnreadableFileException e) {
                            lines.close();
                            lines = null;
                        }
                    }
                }
            } finally {
                if (lines != null) {
                    lines.close();
                }
            }
        }
        return new Result(summary.groups(), copied);
    }
}
