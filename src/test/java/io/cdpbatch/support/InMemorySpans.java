package io.cdpbatch.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * Finished spans kept in memory, for the tests of tracing: Quarkus exports to every span exporter
 * bean. Only a profile that turns tracing on records any (tracing is off in the other tests).
 */
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
