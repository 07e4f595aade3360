package io.cdpbatch.pipeline;

/** The instance is shutting down and its grace period ran out: stop, write nothing more, give the batch back. */
public class ShutdownStopException extends RuntimeException {
    public ShutdownStopException(String message) {
        super(message, null, false, false);
    }
}
