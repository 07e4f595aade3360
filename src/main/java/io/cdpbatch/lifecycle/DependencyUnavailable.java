package io.cdpbatch.lifecycle;

/**
 * The database or the object store stayed unreachable for longer than its tolerance: the batch is
 * given back unchanged, to be worked on again later. Not the file's fault, so it does not count as a
 * failed attempt.
 */
public final class DependencyUnavailable extends AttemptStopped {

    public DependencyUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
