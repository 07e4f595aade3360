package io.cdpbatch.support;

import io.cdpbatch.intake.ArrivalScanner;
import io.cdpbatch.lifecycle.WorkRunner;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;

/**
 * Drives the batch pipeline the way its scheduled trigger does: the application scheduler is off in
 * tests, so a test that waits for a batch calls this instead of waiting for the clock. Against the
 * packaged application (an integration test, another JVM), whose own scheduler runs, it does nothing.
 */
public final class Pipeline {

    private Pipeline() {
    }

    /** One scan for arrived uploads, then claims for every free slot (the work itself runs on its own threads). */
    public static void drive() {
        ArcContainer container = Arc.container();
        if (container == null || !container.isRunning()) {
            return;
        }
        container.instance(ArrivalScanner.class).get().scan();
        container.instance(WorkRunner.class).get().pump();
    }
}
