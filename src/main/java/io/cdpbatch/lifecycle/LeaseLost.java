package io.cdpbatch.lifecycle;

/**
 * The lease of the batch was lost (it expired and another instance took the batch over): the
 * attempt stops at once and records nothing more; the new owner continues.
 */
public final class LeaseLost extends AttemptStopped {

    public LeaseLost(String message) {
        super(message, null);
    }
}
