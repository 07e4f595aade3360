package io.cdpbatch.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The failed-records file: the original lines of the records listed in the error log, for the user
 * to fix and upload again, made in one streaming pass after processing, off the hot path.
 *
 * <p>
 * The merged error log is in line order, so the upload (the verified local copy) is read a second
 * time alongside it, and each listed line is copied when the log names it: no memory per record.
 * Lines that could not be read at all (over the line limit, invalid UTF-8, not JSON) are copied as
 * they are. The file is bounded: past {@code maxBytes} of copied lines it stops, with a last line
 * saying how many were left out. When the upload cannot be read back to a failing line (it broke
 * after that point on the first read, it cannot break before), copying stops there.
 */
final class FailedRecords {

    /** Lines copied (0: no file to store) and lines of the log left out for the size limit. */
    record Result(long copied, long omitted) {
    }

    private FailedRecords() {
    }

    /**
     * @param upload the local gzipped upload
     * @param errorLogGz the merged, gzipped error log of the batch
     * @param target where to write the gzipped failed lines
     */
    static Result write(Path upload, Path errorLogGz, Path target, long maxDecompressed, long maxBytes, ObjectMapper json)
            throws IOException {
        long copied = 0;
        long omitted = 0;
        try (InputStream logIn = new GZIPInputStream(Files.newInputStream(errorLogGz), 64 * 1024);
                BufferedReader log = new BufferedReader(new InputStreamReader(logIn, StandardCharsets.UTF_8), 64 * 1024);
                CountingOutputStream counted = new CountingOutputStream(
                        new GZIPOutputStream(Files.newOutputStream(target), 64 * 1024))) {
            FailedLines lines = null;
            try {
                lines = new FailedLines(upload, maxDecompressed);
            } catch (UnreadableFileException e) {
                // no failing line can be copied
            }
            try {
                String text;
                while ((text = log.readLine()) != null) {
                    if (text.isEmpty()) {
                        continue;
                    }
                    JsonNode entry = json.readTree(text);
                    if (!entry.hasNonNull("line")) {
                        // the last entry of a truncated log: no line of the file
                        continue;
                    }
                    if (lines == null) {
                        continue;
                    }
                    if (counted.count >= maxBytes) {
                        omitted++;
                        continue;
                    }
                    try {
                        if (lines.copy(entry.get("line").asLong(), counted)) {
                            copied++;
                        }
                    } catch (UnreadableFileException e) {
                        lines.close();
                        lines = null;
                    }
                }
            } finally {
                if (lines != null) {
                    lines.close();
                }
            }
            if (omitted > 0 && copied > 0) {
                counted.write(("{\"truncated\":true,\"omitted\":" + omitted + ",\"message\":\"" + omitted
                        + " more failed records are not in this file (its size limit); see the error log\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Result(copied, omitted);
    }

    /** Counts the bytes written before compression. */
    private static final class CountingOutputStream extends OutputStream {
        private final OutputStream out;
        long count;

        CountingOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
