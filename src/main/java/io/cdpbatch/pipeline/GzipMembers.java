package io.cdpbatch.pipeline;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses a gzip file of one or more members (RFC 1952), strictly: every member's CRC-32 and
 * length are checked, and whatever follows a member must be another whole member. The JDK's
 * {@code GZIPInputStream} stops silently at bytes after a member that do not start a valid header,
 * so a damaged second member would pass for the end of the file and its lines would never be read.
 *
 * <p>
 * A file that ends inside a member throws {@link EOFException}; any other damage throws
 * {@link ZipException}. {@link #compressedBytesRead()} says how far into the file decompression has
 * got, for progress.
 */
final class GzipMembers extends InputStream {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xe0;

    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;
    private long rawRead;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private long memberLength;
    private int members;
    private boolean eof;

    /**
     * @param in the raw file; read in chunks of {@code bufferSize}
     * @throws EOFException when the file is empty or ends inside the first header
     * @throws ZipException when the file does not start with a gzip header
     */
    GzipMembers(InputStream in, int bufferSize) throws IOException {
        this.in = in;
        this.buffer = new byte[bufferSize];
        if (!fill()) {
            throw new EOFException("The file is empty");
        }
        if ((buffer[0] & 0xff) != 0x1f || (limit > 1 && (buffer[1] & 0xff) != 0x8b)) {
            throw new ZipException("Not in gzip format");
        }
        readHeader();
    }

    /** Compressed bytes of the file consumed so far. */
    long compressedBytesRead() {
        return rawRead - (limit - position);
    }

    /** Members started so far. */
    int members() {
        return members;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!eof) {
            if (inflater.needsInput()) {
                if (position == limit && !fill()) {
                    throw new EOFException("Unexpected end of the gzip stream");
                }
                inflater.setInput(buffer, position, limit - position);
                position = limit;
            }
            int n;
            try {
                n = inflater.inflate(target, offset, length);
            } catch (DataFormatException e) {
                throw new ZipException(e.getMessage() + " in member " + members);
            } finally {
                // what the inflater has not consumed is still ours (a trailer, the next member)
                position = limit - inflater.getRemaining();
                if (inflater.finished() || inflater.needsDictionary()) {
                    inflater.setInput(buffer, 0, 0);
                }
            }
            if (n > 0) {
                crc.update(target, offset, n);
                memberLength += n;
                return n;
            }
            if (inflater.needsDictionary()) {
                throw new ZipException("Member " + members + " needs a preset dictionary: not valid gzip");
            }
            if (inflater.finished()) {
                endOfMember();
            }
        }
        return -1;
    }

    /** Checks the trailer of the member just inflated; then either another member starts, or the file ends. */
    private void endOfMember() throws IOException {
        long expectedCrc = readInt() & 0xffffffffL;
        long expectedLength = readInt() & 0xffffffffL;
        if (expectedCrc != crc.getValue()) {
            throw new ZipException("CRC-32 mismatch in member " + members);
        }
        if (expectedLength != (memberLength & 0xffffffffL)) {
            throw new ZipException("Length mismatch in member " + members);
        }
        if (position == limit && !fill()) {
            eof = true;
            return;
        }
        int first = readByte();
        int second = position == limit && !fill() ? -1 : readByte();
        if (first != 0x1f || second != 0x8b) {
            throw new ZipException("The data after member " + members + " is not a gzip member");
        }
        inflater.reset();
        crc.reset();
        memberLength = 0;
        readHeaderAfterSignature();
    }

    private void readHeader() throws IOException {
        if (readByte() != 0x1f || readByte() != 0x8b) {
            throw new ZipException("Not in gzip format");
        }
        readHeaderAfterSignature();
    }

    private void readHeaderAfterSignature() throws IOException {
        int start = members + 1;
        if (readByte() != 8) {
            throw new ZipException("Member " + start + " uses an unknown compression method");
        }
        int flags = readByte();
        if ((flags & RESERVED) != 0) {
            throw new ZipException("Member " + start + " has reserved header flags set");
        }
        skip(6); // modification time, extra flags, operating system
        if ((flags & FEXTRA) != 0) {
            skip(readByte() | (readByte() << 8));
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FHCRC) != 0) {
            skip(2);
        }
        members = start;
    }

    private int readInt() throws IOException {
        return readByte() | (readByte() << 8) | (readByte() << 16) | (readByte() << 24);
    }

    private int readByte() throws IOException {
        if (position == limit && !fill()) {
            throw new EOFException("Unexpected end of the gzip stream in a header or trailer");
        }
        return buffer[position++] & 0xff;
    }

    private void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            readByte();
        }
    }

    private void skipZeroTerminated() throws IOException {
        while (readByte() != 0) {
            // a file name or comment
        }
    }

    /** Reads more of the file into the buffer once it is used up; false at the end of the file. */
    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        rawRead += n;
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
