package io.cdpbatch.records;

/**
 * A line that passed every check that needs no database.
 *
 * @param ref the record's {@code ref} as it goes to the error log ({@code "null"} when the line had none)
 * @param record the typed, validated record
 * @param values the JSON values of the line (objects, arrays and scalars, the line's own object included):
 *        what the record holds in memory grows with them as much as with the bytes of its line
 */
public record ParsedRecord(String ref, ValidRecord record, int values) implements LineOutcome {
}
