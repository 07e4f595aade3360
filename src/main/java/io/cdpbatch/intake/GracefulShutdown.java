package io.cdpbatch.intake;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cdpbatch.pipeline.BatchRun;
import io.cdpbatch.pipeline.PipelineConfig;
import io.cdpbatch.pipeline.ShutdownStopException;
import io.quarkus.runtime.ShutdownEvent;

/**
 * On shutdown (SIGTERM): stop claiming, let the batches in work finish within the grace period
 * ({@code batch.shutdown-grace}) while keeping their leases alive, then stop the rest and give
 * their leases back so that another instance continues them at once instead of after the lease
 * expires.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    /** How long stopped work may take to wind down (finish its current transaction) before its lease is released anyway. */
    private static final Duration WIND_DOWN = Duration.ofSeconds(5);

    @Inject
    WorkClaimer claimer;

    @Inject
    ActiveClaims active;

    @Inject
    BatchLeases leases;

    @Inject
    IntakeConfig config;

    @Inject
    PipelineConfig pipelineConfig;

    void onShutdown(@Observes ShutdownEvent event) {
        claimer.stopClaiming();
        if (claimer.idle()) {
            return;
        }
        Duration grace = config.shutdownGrace();
        LOG.infof("Shutting down: no new work is claimed; %d batch(es) in work get up to %d ms to finish", active.size(),
                grace.toMillis());
        if (waitIdle(grace, true)) {
            LOG.info("Shutting down: the work in hand finished");
            return;
        }
        List<ActiveClaims.Active> remaining = List.copyOf(active.all());
        for (ActiveClaims.Active entry : remaining) {
            BatchRun run = entry.run;
            if (run != null) {
                run.stop(new ShutdownStopException("The instance is shutting down"));
            }
        }
        waitIdle(WIND_DOWN, false);
        for (ActiveClaims.Active entry : List.copyOf(active.all())) {
            // still busy (a download, a transaction that has not ended): its next fenced write fails
            try {
                leases.release(entry.claim.id(), entry.owner);
            } catch (RuntimeException e) {
                LOG.debugf("Could not release batch %s (its lease will expire): %s", entry.claim.ref(), e.getMessage());
            }
        }
        for (ActiveClaims.Active entry : remaining) {
            LOG.infof("Shutting down: batch %s of %s given back unfinished; another instance continues it",
                    entry.claim.ref(), entry.claim.tenant().clientKey());
        }
    }

    /** Waits for the work in hand to end, renewing its leases meanwhile when asked; true when it ended. */
    private boolean waitIdle(Duration timeout, boolean renew) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long beat = Math.max(50, Math.min(pipelineConfig.progressInterval().toMillis(), 1000));
        long lastBeat = System.nanoTime();
        try {
            while (!claimer.idle()) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    return false;
                }
                if (renew && now - lastBeat >= TimeUnit.MILLISECONDS.toNanos(beat)) {
                    // the scheduler may already be stopped: keep the leases of the finishing work alive
                    active.heartbeat();
                    lastBeat = now;
                }
                TimeUnit.MILLISECONDS.sleep(Math.min(50, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - now))));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return claimer.idle();
        }
    }
}
