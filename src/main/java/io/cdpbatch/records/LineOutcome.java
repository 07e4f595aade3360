package io.cdpbatch.records;

/** Outcome of one line of a batch file: a validated record, or the rejection to write to the error log. */
public sealed interface LineOutcome permits ParsedRecord, Rejection {
}
