package io.cdpbatch.lifecycle;

/**
 * Why an attempt stops before its end without having failed: control flow, not an error. Every
 * other {@link Throwable} that leaves the work of an attempt fails it.
 */
public abstract sealed class AttemptStopped extends RuntimeException permits LeaseLost, ShuttingDown, DependencyUnavailable {

    protected AttemptStopped(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
