package io.cdpbatch.pipeline;

/** Another instance owns the batch now: stop working on it at once, write nothing more. */
public class LeaseLostException extends RuntimeException {
    public LeaseLostException(String message) {
        super(message, null, false, false);
    }
}
