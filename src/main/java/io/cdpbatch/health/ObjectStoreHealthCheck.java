package io.cdpbatch.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the object store answers. Reads the background probe's last result, so it never
 * blocks on a hanging store.
 */
@Readiness
@ApplicationScoped
public class ObjectStoreHealthCheck implements HealthCheck {

    static final String NAME = "Object store";

    @Inject
    ObjectStoreProbe probe;

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named(NAME);
        var last = probe.last();
        if (last.isEmpty()) {
            return builder.down().withData("detail", "not probed yet").build();
        }
        var result = last.get();
        builder.withData("detail", result.detail()).withData("checkedAt", result.at().toString());
        if (probe.stale(result)) {
            return builder.down().withData("detail", "no probe result since " + result.at() + ": " + result.detail()).build();
        }
        return builder.status(result.up()).build();
    }
}
