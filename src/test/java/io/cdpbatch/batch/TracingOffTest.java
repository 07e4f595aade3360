package io.cdpbatch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.common.BatchTracing;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Tenants;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Without an OTLP endpoint, tracing is off: the SDK is disabled, no trace context is stored with a
 * batch, and a batch processed end to end leaves no span.
 */
@QuarkusTest
class TracingOffTest {

    @Inject
    Config config;

    @Inject
    BatchTracing tracing;

    @Inject
    ApiClientService clients;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    InMemorySpanExporter spans;

    @Test
    void noEndpointNoTracing() throws SQLException {
        assertThat(config.getValue("quarkus.otel.sdk.disabled", Boolean.class)).isTrue();
        assertThat(tracing.enabled()).isFalse();
        Tenants tenant = Tenants.create(clients);

        String ref = Batches.uploadLines(tenant, List.of(
                "{\"ref\":\"1\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"email\":\"untraced@example.com\"}}"));

        assertThat(Batches.awaitTerminal(tenant, ref).getString("status.code")).isEqualTo("success");
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT traceparent FROM batch WHERE ref = ?")) {
            s.setObject(1, UUID.fromString(ref));
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isNull();
            }
        }
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }
}
