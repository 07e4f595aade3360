package io.cdpbatch.pipeline;

/** The object store could not be reached for longer than the outage tolerance: retry the batch later. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
