package io.cdpbatch.health;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.cdpbatch.lifecycle.LeaseKeeper;
import io.cdpbatch.lifecycle.Watchdog;

/**
 * Liveness of the batch pipeline: down when the arrival scan stopped firing or a batch in work
 * stopped moving for longer than {@code batch.lifecycle.stall-timeout}. A process whose HTTP still
 * answers but whose pipeline is dead must be restarted, so its work moves to another instance. A
 * database or store outage does not make it fail before that timeout (the work waits the outage out).
 */
@Liveness
@ApplicationScoped
public class PipelineLivenessCheck implements HealthCheck {

    static final String NAME = "Batch pipeline";

    @Inject
    Watchdog watchdog;

    @Inject
    LeaseKeeper keeper;

    @Override
    public HealthCheckResponse call() {
        List<String> problems = watchdog.problems(keeper.size() > 0);
        var builder = HealthCheckResponse.named(NAME).withData("batchesInWork", keeper.size());
        if (problems.isEmpty()) {
            return builder.up().build();
        }
        return builder.down().withData("detail", String.join("; ", problems)).build();
    }
}
