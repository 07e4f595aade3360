package io.cdpbatch.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;

/**
 * Deletes ended web sessions (expired or idle) every {@code batch.web.session-purge-interval}. A
 * plain delete: replicas running it at the same time delete disjoint or no rows.
 */
@ApplicationScoped
public class WebSessionPurge {

    @Inject
    WebSessionService sessions;

    @Scheduled(every = "${batch.web.session-purge-interval:10m}", delayed = "${batch.web.session-purge-interval:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        sessions.purgeEnded();
    }
}
