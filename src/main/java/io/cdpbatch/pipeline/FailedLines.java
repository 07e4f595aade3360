package io.cdpbatch.pipeline;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * Copies chosen lines of a gzipped upload, by line number, to an output stream: each as its bytes
 * in the file, without its line terminator (LF, or CRLF), followed by one LF. Line numbers are
 * those of {@link NdjsonReader} (every LF ends a line, blank lines count, a last line without LF
 * counts when it has bytes), so the numbers of the error log find the same lines. A UTF-8 BOM at
 * the start of the file is not copied (it is not part of the first record). Lines are streamed:
 * a line over the reader's length limit is copied whole, and memory stays one buffer.
 */
final class FailedLines implements Closeable {

    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final long maxDecompressed;
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private long decompressed;
    /** Lines wholly read so far: the next line is number {@code done + 1}. */
    private long done;
    private boolean eof;

    FailedLines(Path gzipFile, long maxDecompressed) throws IOException {
        this.maxDecompressed = maxDecompressed;
        InputStream raw = new BufferedInputStream(Files.newInputStream(gzipFile), BUFFER);
        try {
            this.in = new GzipMembers(raw, BUFFER);
        } catch (IOException | RuntimeException e) {
            raw.close();
            if (e instanceof ZipException || e instanceof EOFException) {
                throw new UnreadableFileException("The file is not a readable gzip stream: " + e.getMessage());
            }
            throw e;
        }
        // the BOM: three bytes at the very start, whatever the first read returns
        int n;
        try {
            n = in.readNBytes(buffer, 0, 3);
        } catch (EOFException | ZipException e) {
            in.close();
            throw new UnreadableFileException("The gzip stream ends or breaks at its start: " + e.getMessage());
        }
        decompressed = n;
        limit = n;
        if (n == 3 && (buffer[0] & 0xff) == 0xef && (buffer[1] & 0xff) == 0xbb && (buffer[2] & 0xff) == 0xbf) {
            position = 3;
        }
    }

    /**
     * Copies line {@code number} and its LF to {@code out}.
     *
     * @return false when the line was passed already (asked twice) or the file ends before it
     */
    boolean copy(long number, OutputStream out) throws IOException {
        if (number <= done) {
            return false;
        }
        while (done < number - 1) {
            if (!skipLine()) {
                return false;
            }
        }
        if (position == limit && !fill()) {
            return false;
        }
        boolean pendingCr = false;
        while (true) {
            if (position == limit && !fill()) {
                break;
            }
            int newline = indexOfNewline();
            int end = newline < 0 ? limit : newline;
            if (end > position) {
                if (pendingCr) {
                    out.write('\r');
                }
                pendingCr = buffer[end - 1] == '\r';
                out.write(buffer, position, end - position - (pendingCr ? 1 : 0));
            }
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        out.write('\n');
        done++;
        return true;
    }

    /** Reads past the next line; false at the end of the file. */
    private boolean skipLine() throws IOException {
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                if (any) {
                    done++;
                }
                return false;
            }
            any = true;
            int newline = indexOfNewline();
            if (newline >= 0) {
                position = newline + 1;
                done++;
                return true;
            }
            position = limit;
        }
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int read;
        try {
            read = in.read(buffer, 0, BUFFER);
        } catch (EOFException | ZipException e) {
            throw new UnreadableFileException("The gzip stream ends or breaks after line " + done + ": " + e.getMessage());
        }
        if (read <= 0) {
            eof = true;
            return false;
        }
        decompressed += read;
        if (decompressed > maxDecompressed) {
            throw new UnreadableFileException("The decompressed file exceeds the limit of " + maxDecompressed + " bytes");
        }
        position = 0;
        limit = read;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
