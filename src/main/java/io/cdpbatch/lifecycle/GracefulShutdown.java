package io.cdpbatch.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;

/**
 * On shutdown (SIGTERM): stop claiming, let the attempts in work finish within the grace period
 * ({@link LifecycleConfig#shutdownGrace()}) while their leases stay alive, then stop the rest and
 * give their batches back, so that another instance continues them at once instead of after their
 * leases expire.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    /** How long stopped work may take to wind down (end its current transaction) before it is given back anyway. */
    static final Duration WIND_DOWN = Duration.ofSeconds(5);

    @Inject
    WorkRunner runner;

    @Inject
    LeaseKeeper keeper;

    @Inject
    BatchLifecycle lifecycle;

    @Inject
    LifecycleConfig config;

    void onShutdown(@Observes ShutdownEvent event) {
        runner.stopClaiming();
        if (runner.idle()) {
            return;
        }
        Duration grace = config.shutdownGrace();
        LOG.infof("Shutting down: no new work is claimed; %d batch(es) in work get up to %d ms to finish", keeper.size(),
                grace.toMillis());
        try {
            if (runner.awaitIdle(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info("Shutting down: the work in hand finished");
                return;
            }
            List<Attempt> remaining = List.copyOf(keeper.attempts());
            for (Attempt attempt : remaining) {
                attempt.stop(new ShuttingDown("The instance is shutting down"));
            }
            runner.awaitIdle(WIND_DOWN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Attempt attempt : List.copyOf(keeper.attempts())) {
            // still busy (a download, a transaction that has not ended): its next fenced write fails
            try {
                lifecycle.giveBack(attempt, attempt.stage() == Stage.PROCESS);
                LOG.infof("Shutting down: batch %s of %s given back unfinished; another instance continues it",
                        attempt.claim().ref(), attempt.claim().tenant().clientKey());
            } catch (RuntimeException e) {
                LOG.warnf("Could not give batch %s back (its lease will expire): %s", attempt.claim().ref(), e.getMessage());
            }
        }
    }
}
