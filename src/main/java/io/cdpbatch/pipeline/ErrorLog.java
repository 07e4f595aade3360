package io.cdpbatch.pipeline;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The error log of one processing attempt. The reader and every worker write their failures to a
 * sink of their own, each in line order; {@link #writeGzip} merges them into one gzipped NDJSON
 * file in file order. Failures live on disk, so memory does not grow with their number.
 */
public final class ErrorLog implements Closeable {

    private static final JsonFactory JSON = new JsonFactory();

    private final Path dir;
    private final List<Sink> sinks = new ArrayList<>();

    public ErrorLog(Path workDir) {
        try {
            this.dir = Files.createTempDirectory(workDir, "errors");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new sink; one thread writes to it, in increasing line order. */
    public synchronized Sink newSink() {
        Sink sink = new Sink(dir.resolve("sink-" + sinks.size()));
        sinks.add(sink);
        return sink;
    }

    /** Merges every sink into a gzipped NDJSON file; returns the number of lines written. */
    public long writeGzip(Path target) throws IOException {
        for (Sink sink : sinks) {
            sink.close();
        }
        PriorityQueue<Cursor> queue = new PriorityQueue<>();
        long written = 0;
        try {
            for (Sink sink : sinks) {
                if (sink.count == 0) {
                    continue;
                }
                Cursor cursor = new Cursor(Files.newBufferedReader(sink.file, StandardCharsets.UTF_8));
                if (cursor.advance()) {
                    queue.add(cursor);
                } else {
                    cursor.close();
                }
            }
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target), 64 * 1024)) {
                while (!queue.isEmpty()) {
                    Cursor cursor = queue.poll();
                    out.write(cursor.json.getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                    written++;
                    if (cursor.advance()) {
                        queue.add(cursor);
                    } else {
                        cursor.close();
                    }
                }
            }
        } finally {
            for (Cursor cursor : queue) {
                cursor.close();
            }
        }
        return written;
    }

    @Override
    public void close() {
        for (Sink sink : sinks) {
            sink.close();
            try {
                Files.deleteIfExists(sink.file);
            } catch (IOException ignored) {
                // temporary file; the directory is removed below or by the OS
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

    /** Failures of one producer, spilled to a file as {@code line TAB json}. */
    public static final class Sink implements Closeable {
        private final Path file;
        private BufferedWriter writer;
        private long count;

        Sink(Path file) {
            this.file = file;
        }

        public void add(Failure failure) {
            try {
                if (writer == null) {
                    writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                }
                writer.write(Long.toString(failure.line()));
                writer.write('\t');
                writer.write(toJson(failure));
                writer.write('\n');
                count++;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write the error log", e);
            }
        }

        public long count() {
            return count;
        }

        @Override
        public void close() {
            if (writer != null) {
                try {
                    writer.close();
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
