package io.cdpbatch.common;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Logs where the service keeps its data. Injecting {@link RequiredConnectionConfig} here is what
 * registers that mapping, so a missing connection variable stops the start before anything connects.
 */
public class ConnectionSummary {

    private static final Logger LOG = Logger.getLogger(ConnectionSummary.class);

    @Inject
    RequiredConnectionConfig connection;

    void onStart(@Observes StartupEvent event) {
        LOG.infof("Database and object store configured (region %s)", connection.s3AwsRegion());
    }
}
