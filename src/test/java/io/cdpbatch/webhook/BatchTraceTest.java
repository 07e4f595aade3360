package io.cdpbatch.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.common.BatchTracing;
import io.cdpbatch.devstack.EmbeddedStack;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * One trace per batch: the allocation's HTTP request, the arrival found by the scan, the verification
 * and processing attempts (with a span per chunk transaction and one for the error log) and the
 * webhook delivery are spans of one trace, the background ones started from the trace context stored
 * with the batch, each carrying the tenant and the batch ref and nothing of the records, the token or
 * the receiver's URL. Tracing is turned on the way an operator does it: by configuring an OTLP
 * endpoint (nothing listens there; the spans are read from an in-memory exporter).
 */
@QuarkusTest
@TestProfile(BatchTraceTest.TracingOn.class)
class BatchTraceTest {

    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + EmbeddedStack.freePort(),
                    "quarkus.otel.bsp.schedule.delay", "100ms");
        }
    }

    private static final String EMAIL = "traced-guest@example.com";

    @Inject
    InMemorySpanExporter spans;

    @Inject
    ApiClientService clients;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    BatchTracing tracing;

    private Receiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        receiver = Receiver.answering(n -> 200);
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void allocationArrivalVerificationProcessingAndDeliveryAreOneTrace() throws SQLException {
        assertThat(tracing.enabled()).as("tracing, turned on by the OTLP endpoint").isTrue();
        Tenants tenant = Tenants.create(clients);
        Webhooks.register(tenant, receiver.url() + "/hook?token=receiver-secret");
        String ref = Batches.uploadLines(tenant, List.of(
                "{\"ref\":\"1\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"email\":\"" + EMAIL + "\"}}",
                "{\"ref\":\"2\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"email\":\"not an e-mail\"}}"));
        assertThat(Batches.awaitTerminal(tenant, ref).getString("status.code")).isEqualTo("error");
        Webhooks.awaitDelivery(tenant, ref, d -> "delivered".equals(d.get("state")));

        List<SpanData> trace = Awaitility.await("the batch's spans").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ofBatch(ref), found -> names(found).containsAll(Set.of("batch.arrival", "batch.verify",
                        "batch.process", "batch.chunk", "batch.error_log", "webhook.deliver"))
                        && found.stream().anyMatch(s -> s.getName().startsWith("PUT ")));

        SpanData allocation = single(trace, "PUT /v2/batches/{ref}");
        String traceId = allocation.getTraceId();
        assertThat(trace).as("spans of the batch").allSatisfy(span -> {
            assertThat(span.getTraceId()).as(span.getName()).isEqualTo(traceId);
            assertThat(span.getAttributes().get(BatchTracing.TENANT)).as(span.getName()).isEqualTo(tenant.clientKey());
        });
        assertThat(traceparent(ref)).isEqualTo("00-" + traceId + "-" + allocation.getSpanId() + "-01");

        // the background work hangs on the allocation; the threads of an attempt on the attempt
        for (String name : List.of("batch.arrival", "batch.verify", "batch.process", "webhook.deliver")) {
            assertThat(single(trace, name).getParentSpanId()).as(name).isEqualTo(allocation.getSpanId());
        }
        SpanData process = single(trace, "batch.process");
        assertThat(trace).filteredOn(s -> s.getName().equals("batch.chunk")).isNotEmpty()
                .allSatisfy(chunk -> assertThat(chunk.getParentSpanId()).isEqualTo(process.getSpanId()));
        assertThat(single(trace, "batch.error_log").getParentSpanId()).isEqualTo(process.getSpanId());
        assertThat(attribute(process, "cdpbatch.attempt")).isEqualTo(1L);
        assertThat(attribute(process, "cdpbatch.records.read")).isEqualTo(2L);
        assertThat(attribute(process, "cdpbatch.records.failed")).isEqualTo(1L);
        assertThat(attribute(single(trace, "batch.arrival"), "cdpbatch.arrival.source")).isEqualTo("scan");
        assertThat(attribute(single(trace, "batch.verify"), "cdpbatch.outcome")).isEqualTo("Verified");
        assertThat(attribute(single(trace, "batch.error_log"), "cdpbatch.error_log.listed")).isEqualTo(1L);
        SpanData delivery = single(trace, "webhook.deliver");
        assertThat(attribute(delivery, "cdpbatch.webhook.outcome")).isEqualTo("delivered");
        assertThat(attribute(delivery, "http.response.status_code")).isEqualTo(200L);

        // nothing of the records, the credentials or the receiver's URL
        String everything = spans.getFinishedSpanItems().stream().map(s -> s.getName() + " " + s.getAttributes())
                .collect(Collectors.joining("\n"));
        assertThat(everything).doesNotContain(EMAIL, "not an e-mail", tenant.token(), "receiver-secret");
    }

    @Test
    void eachBatchHasATraceOfItsOwn() {
        Tenants tenant = Tenants.create(clients);
        String first = Batches.uploadLines(tenant, List.of(
                "{\"ref\":\"1\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"email\":\"first@example.com\"}}"));
        String second = Batches.uploadLines(tenant, List.of(
                "{\"ref\":\"1\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"email\":\"second@example.com\"}}"));
        assertThat(Batches.awaitTerminal(tenant, first).getString("status.code")).isEqualTo("success");
        assertThat(Batches.awaitTerminal(tenant, second).getString("status.code")).isEqualTo("success");

        Set<String> firstTraces = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> traces(first), t -> t.size() == 1 && names(ofBatch(first)).contains("batch.process"));
        Set<String> secondTraces = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> traces(second), t -> t.size() == 1 && names(ofBatch(second)).contains("batch.process"));
        assertThat(firstTraces).doesNotContainAnyElementsOf(secondTraces);
    }

    @Test
    void aBatchAllocatedWhileTracingWasOffIsStillOneTrace() throws SQLException {
        Tenants tenant = Tenants.create(clients);
        byte[] file = TestFiles.ndjsonGz(List.of(
                "{\"ref\":\"1\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"email\":\"late@example.com\"}}"));
        String ref = UUID.randomUUID().toString();
        String url = Batches.allocate(tenant, ref, TestFiles.md5Hex(file), file.length);
        // as if allocated before tracing was turned on
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE batch SET traceparent = NULL WHERE ref = ?")) {
            s.setObject(1, UUID.fromString(ref));
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        assertThat(Uploads.put(url, file).status()).isEqualTo(200);
        assertThat(Batches.awaitTerminal(tenant, ref).getString("status.code")).isEqualTo("success");

        List<SpanData> work = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> ofBatch(ref).stream().filter(s -> s.getName().startsWith("batch.")).toList(),
                        found -> names(found).containsAll(Set.of("batch.arrival", "batch.verify", "batch.process",
                                "batch.chunk")));
        String derived = BatchTracing.derivedParent(tenant.clientKey(), UUID.fromString(ref)).getTraceId();
        assertThat(work).extracting(SpanData::getTraceId).containsOnly(derived);
        assertThat(single(work, "batch.verify").getParentSpanId()).isEqualTo(
                BatchTracing.derivedParent(tenant.clientKey(), UUID.fromString(ref)).getSpanId());
    }

    private List<SpanData> ofBatch(String ref) {
        return spans.getFinishedSpanItems().stream().filter(s -> ref.equals(s.getAttributes().get(BatchTracing.BATCH_REF)))
                .toList();
    }

    private Set<String> traces(String ref) {
        return ofBatch(ref).stream().map(SpanData::getTraceId).collect(Collectors.toSet());
    }

    private static Set<String> names(List<SpanData> spans) {
        return spans.stream().map(SpanData::getName).collect(Collectors.toSet());
    }

    private static SpanData single(List<SpanData> spans, String name) {
        List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(named).as("spans named " + name).hasSize(1);
        return named.get(0);
    }

    private static Object attribute(SpanData span, String key) {
        return span.getAttributes().asMap().entrySet().stream().filter(e -> e.getKey().getKey().equals(key))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private String traceparent(String ref) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT traceparent FROM batch WHERE ref = ?")) {
            s.setObject(1, UUID.fromString(ref));
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getString(1);
            }
        }
    }
}
