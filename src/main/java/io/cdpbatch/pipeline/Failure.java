package io.cdpbatch.pipeline;

/**
 * A record that was not applied: one line of the error log.
 *
 * @param ref the record's ref, or {@code "null"} when the line could not be read
 * @param code the outcome code (the outcomes table of docs/records.md)
 * @param message one of the outcome messages
 * @param detail which field and why (extension)
 */
public record Failure(long line, String ref, int code, String message, String detail) {

    public static final String INTERNAL_ERROR = "Internal error";
    public static final String PARSE_ERROR = "Failed to parse import line";
}
