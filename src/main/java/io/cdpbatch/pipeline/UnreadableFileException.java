package io.cdpbatch.pipeline;

/**
 * The file cannot be read (on): not gzip, a truncated or corrupt gzip stream, or past the
 * decompressed size limit. The batch ends in {@code error} with this message.
 */
public class UnreadableFileException extends RuntimeException {
    public UnreadableFileException(String message) {
        super(message, null, false, false);
    }
}
