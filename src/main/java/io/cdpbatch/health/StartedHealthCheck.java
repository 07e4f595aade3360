package io.cdpbatch.health;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

import io.quarkus.runtime.StartupEvent;

/**
 * Startup: UP once start-up work is done (migrations applied, bootstrap client and bucket checked),
 * so Kubernetes gives a slow first start time before liveness counts.
 */
@Startup
@ApplicationScoped
public class StartedHealthCheck implements HealthCheck {

    private volatile boolean started;

    /** Observed last, after every other start-up observer has done its work. */
    void onStart(@Observes @Priority(Integer.MAX_VALUE) StartupEvent event) {
        started = true;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("Started").status(started).build();
    }
}
