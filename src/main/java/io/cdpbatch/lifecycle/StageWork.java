package io.cdpbatch.lifecycle;

/**
 * The work of one stage on a claimed batch (intake verifies, the pipeline processes). The lifecycle
 * claims the batch, runs the work, and alone decides what follows from its outcome or from whatever
 * it threw: the work never changes the batch's state itself.
 */
public interface StageWork {

    Stage stage();

    /**
     * Does the work. Threads started here report their death with {@link Attempt#fail}; the work
     * returns only once they have ended. {@link AttemptStopped} ends it early without failing it.
     */
    Outcome run(Attempt attempt);
}
