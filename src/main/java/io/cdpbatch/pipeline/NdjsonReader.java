package io.cdpbatch.pipeline;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * Reads the lines of a gzipped NDJSON file (multi-member gzip allowed, checked strictly by
 * {@link GzipMembers}): LF or CRLF, a UTF-8 BOM at
 * the start ignored, blank lines skipped (but counted in line numbers), lines longer than the limit
 * reported as such and skipped to the next line. Streams: memory stays one buffer and one line.
 */
public final class NdjsonReader implements Closeable {

    private static final int BUFFER = 64 * 1024;

    private final GzipMembers in;
    private final int maxLine;
    private final long maxDecompressed;
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private long decompressed;
    private long lineNumber;
    private byte[] line = new byte[8 * 1024];
    private int lineLength;
    private boolean tooLong;
    private boolean eof;

    /** One line: valid until the next call of {@link #next()}. */
    public record Line(long number, byte[] bytes, int length, boolean tooLong) {
    }

    public NdjsonReader(Path gzipFile, int maxLine, long maxDecompressed) throws IOException {
        this.maxLine = maxLine;
        this.maxDecompressed = maxDecompressed;
        InputStream raw = new BufferedInputStream(Files.newInputStream(gzipFile), BUFFER);
        try {
            raw.mark(2);
            int b1 = raw.read();
            int b2 = raw.read();
            raw.reset();
            if (b1 != 0x1f || b2 != 0x8b) {
                throw new UnreadableFileException(b1 < 0 ? "The file is empty: a gzip file was expected"
                        : "The file is not gzip: it does not start with the gzip signature 1f 8b");
            }
            this.in = new GzipMembers(raw, BUFFER);
        } catch (IOException | RuntimeException e) {
            raw.close();
            if (e instanceof ZipException || e instanceof EOFException) {
                throw new UnreadableFileException("The file is not a readable gzip stream: " + e.getMessage());
            }
            throw e;
        }
    }

    /** Bytes of the gzipped file consumed so far: how far reading has got. */
    public long compressedBytesRead() {
        return in.compressedBytesRead();
    }

    /** The number of the last line read (blank lines included). */
    public long lineNumber() {
        return lineNumber;
    }

    /** The next non-blank line, or {@code null} at the end of the file. */
    public Line next() throws IOException {
        while (true) {
            if (!readLine()) {
                return null;
            }
            if (lineNumber == 1 && lineLength >= 3 && (line[0] & 0xff) == 0xef && (line[1] & 0xff) == 0xbb
                    && (line[2] & 0xff) == 0xbf) {
                System.arraycopy(line, 3, line, 0, lineLength - 3);
                lineLength -= 3;
            }
            if (!tooLong && isBlank()) {
                continue;
            }
            return new Line(lineNumber, line, lineLength, tooLong);
        }
    }

    private boolean readLine() throws IOException {
        if (eof) {
            return false;
        }
        lineLength = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                eof = true;
                if (!any) {
                    return false;
                }
                break;
            }
            any = true;
            int start = position;
            int newline = -1;
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? limit : newline;
            append(start, end - start);
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        lineNumber++;
        if (!tooLong && lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
        if (lineLength > maxLine) {
            tooLong = true;
        }
        return true;
    }

    private void append(int from, int count) {
        if (tooLong || count == 0) {
            return;
        }
        // one byte of room for the CR of a CRLF line at exactly the limit
        if (lineLength + count > maxLine + 1) {
            tooLong = true;
            return;
        }
        if (lineLength + count > line.length) {
            byte[] bigger = new byte[Math.min(Math.max(line.length * 2, lineLength + count), maxLine + 1)];
            System.arraycopy(line, 0, bigger, 0, lineLength);
            line = bigger;
        }
        System.arraycopy(buffer, from, line, lineLength, count);
        lineLength += count;
    }

    private boolean fill() throws IOException {
        int read;
        try {
            read = in.read(buffer, 0, BUFFER);
        } catch (EOFException e) {
            throw new UnreadableFileException("The gzip stream is truncated: reading stopped after line " + lineNumber
                    + "; records after it were not read");
        } catch (ZipException e) {
            throw new UnreadableFileException("The gzip stream is corrupt (" + e.getMessage() + "): reading stopped after line "
                    + lineNumber + "; records after it were not read");
        }
        if (read <= 0) {
            return false;
        }
        decompressed += read;
        if (decompressed > maxDecompressed) {
            throw new UnreadableFileException("The decompressed file exceeds the limit of " + maxDecompressed
                    + " bytes: reading stopped after line " + lineNumber + "; records after it were not read");
        }
        position = 0;
        limit = read;
        return true;
    }

    private boolean isBlank() {
        for (int i = 0; i < lineLength; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
