package io.cdpbatch.pipeline;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.cdpbatch.lifecycle.ErrorGroup;

/**
 * The error log of one processing attempt. The reader and every worker write their failures to a
 * sink of their own, each in line order; {@link #writeGzip} merges them into one gzipped NDJSON file
 * in file order.
 *
 * <p>
 * Bounded whatever a file holds: each sink spools to a gzipped file and keeps at most
 * {@code maxEntries} entries, all sinks together at most {@code maxBytes} of entries; the merged log
 * lists the first failures of the file within both limits, then one last entry saying how many were
 * left out. Every failure is still counted, exactly, in the error summary.
 */
public final class ErrorLog implements Closeable {

    private static final JsonFactory JSON = new JsonFactory();
    /** The code of the last entry of a log that left failures out (not a record outcome). */
    static final String TRUNCATED_CODE = "413";
    static final String TRUNCATED_MESSAGE = "Error log truncated";

    private final Path dir;
    private final long maxEntries;
    private final long maxBytes;
    private final AtomicLong spooledBytes = new AtomicLong();
    private final List<Sink> sinks = new ArrayList<>();

    /** What {@link #writeGzip} wrote: entries listed, and failures left out. */
    public record Written(long listed, long omitted) {
    }

    public ErrorLog(Path workDir, long maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        try {
            this.dir = Files.createTempDirectory(workDir, "errors");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new sink; one thread writes to it, in increasing line order. */
    public synchronized Sink newSink() {
        Sink sink = new Sink(dir.resolve("sink-" + sinks.size() + ".gz"), maxEntries, maxBytes, spooledBytes);
        sinks.add(sink);
        return sink;
    }

    /** Failures counted by every sink. */
    public synchronized long failures() {
        return sinks.stream().mapToLong(Sink::count).sum();
    }

    /** The error summary of every failure: exact counts, the first samples in file order. */
    public synchronized List<ErrorGroup> summary() {
        ErrorSummary all = new ErrorSummary();
        for (Sink sink : sinks) {
            all.merge(sink.summary);
        }
        return all.groups();
    }

    /** Merges every sink into a gzipped NDJSON file: the first failures of the file, in file order. */
    public synchronized Written writeGzip(Path target) throws IOException {
        for (Sink sink : sinks) {
            sink.close();
        }
        PriorityQueue<Cursor> queue = new PriorityQueue<>();
        long listed = 0;
        long bytes = 0;
        try {
            for (Sink sink : sinks) {
                if (sink.spooled == 0) {
                    continue;
                }
                Cursor cursor = new Cursor(new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(Files.newInputStream(sink.file), 64 * 1024), StandardCharsets.UTF_8)));
                if (cursor.advance()) {
                    queue.add(cursor);
                } else {
                    cursor.close();
                }
            }
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target), 64 * 1024)) {
                while (!queue.isEmpty() && listed < maxEntries) {
                    Cursor cursor = queue.poll();
                    byte[] entry = cursor.json.getBytes(StandardCharsets.UTF_8);
                    if (bytes + entry.length + 1 > maxBytes) {
                        cursor.close();
                        break;
                    }
                    out.write(entry);
                    out.write('\n');
                    bytes += entry.length + 1;
                    listed++;
                    if (cursor.advance()) {
                        queue.add(cursor);
                    } else {
                        cursor.close();
                    }
                }
                long omitted = failures() - listed;
                if (omitted > 0) {
                    out.write(truncated(listed, omitted).getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
                return new Written(listed, omitted);
            }
        } finally {
            for (Cursor cursor : queue) {
                cursor.close();
            }
        }
    }

    @Override
    public synchronized void close() {
        for (Sink sink : sinks) {
            try {
                sink.close();
            } catch (UncheckedIOException e) {
                // the spool is deleted below either way
            }
            try {
                Files.deleteIfExists(sink.file);
            } catch (IOException ignored) {
                // temporary file; the directory is removed below or with the work directory
            }
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** The log line of a failure: the three fields of the original log, then our extensions. */
    static String toJson(Failure failure) {
        StringWriter text = new StringWriter(128);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("ref", failure.ref() == null ? "null" : failure.ref());
            json.writeStringField("code", Integer.toString(failure.code()));
            json.writeStringField("message", failure.message());
            json.writeNumberField("line", failure.line());
            if (failure.detail() != null) {
                json.writeStringField("detail", failure.detail());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The last entry of a log that left failures out. */
    static String truncated(long listed, long omitted) {
        StringWriter text = new StringWriter(200);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("ref", "null");
            json.writeStringField("code", TRUNCATED_CODE);
            json.writeStringField("message", TRUNCATED_MESSAGE);
            json.writeStringField("detail", omitted + " more records were not applied; this log lists the first " + listed
                    + " (the limit of a log)");
            json.writeNumberField("omitted", omitted);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Failures of one producer: all counted, the first ones spooled gzipped as {@code line TAB json}. */
    public static final class Sink implements Closeable {
        private final Path file;
        private final long maxEntries;
        private final long maxBytes;
        private final AtomicLong spooledBytes;
        private final ErrorSummary summary = new ErrorSummary();
        private BufferedWriter writer;
        private volatile long count;
        private long spooled;
        private boolean closed;

        Sink(Path file, long maxEntries, long maxBytes, AtomicLong spooledBytes) {
            this.file = file;
            this.maxEntries = maxEntries;
            this.maxBytes = maxBytes;
            this.spooledBytes = spooledBytes;
        }

        public void add(Failure failure) {
            summary.add(failure.line(), failure.ref() == null ? "null" : failure.ref(), Integer.toString(failure.code()),
                    failure.message(), failure.detail());
            count++;
            if (spooled >= maxEntries || closed || spooledBytes.get() >= maxBytes) {
                return;
            }
            try {
                String json = toJson(failure);
                spooledBytes.addAndGet(json.length() + 1);
                if (writer == null) {
                    writer = new BufferedWriter(new OutputStreamWriter(
                            new GZIPOutputStream(Files.newOutputStream(file), 16 * 1024), StandardCharsets.UTF_8));
                }
                writer.write(Long.toString(failure.line()));
                writer.write('\t');
                writer.write(json);
                writer.write('\n');
                spooled++;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write the error log", e);
            }
        }

        public long count() {
            return count;
        }

        @Override
        public void close() {
            closed = true;
            if (writer != null) {
                try {
                    writer.close();
                    writer = null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static final class Cursor implements Comparable<Cursor>, Closeable {
        private final BufferedReader reader;
        private long line;
        private String json;

        Cursor(BufferedReader reader) {
            this.reader = reader;
        }

        boolean advance() throws IOException {
            String next = reader.readLine();
            if (next == null) {
                return false;
            }
            int tab = next.indexOf('\t');
            line = Long.parseLong(next, 0, tab, 10);
            json = next.substring(tab + 1);
            return true;
        }

        @Override
        public int compareTo(Cursor other) {
            return Long.compare(line, other.line);
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only temporary file
            }
        }
    }
}
