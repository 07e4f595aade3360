package io.cdpbatch.lifecycle;

/** The instance is shutting down: the attempt stops and its batch is given back to be continued elsewhere. */
public final class ShuttingDown extends AttemptStopped {

    public ShuttingDown(String message) {
        super(message, null);
    }
}
