package io.cdpbatch.pipeline;

/** The database could not be reached for longer than the outage tolerance: retry the batch later. */
public class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
