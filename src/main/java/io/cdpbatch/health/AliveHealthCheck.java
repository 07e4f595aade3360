package io.cdpbatch.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the process serves HTTP. Deliberately checks no dependency: a database or store outage
 * must take the pod out of the service (readiness), not restart it.
 */
@Liveness
@ApplicationScoped
public class AliveHealthCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("Alive");
    }
}
