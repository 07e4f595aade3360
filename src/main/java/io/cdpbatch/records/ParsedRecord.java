package io.cdpbatch.records;

/**
 * A line that passed every check that needs no database.
 *
 * @param ref the record's {@code ref} as it goes to the error log ({@code "null"} when the line had none)
 * @param record the typed, validated record
 */
public record ParsedRecord(String ref, ValidRecord record) implements LineOutcome {
}
