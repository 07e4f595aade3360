package io.cdpbatch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.cdpbatch.intake.ArrivalScanner;
import io.cdpbatch.lifecycle.BatchStatus;
import io.cdpbatch.lifecycle.LifecycleMetrics;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Management;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.upload.StoreCalls;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.core.exception.SdkClientException;

@QuarkusTest
@ApiTest
class PipelineMetricsTest {

    @Inject
    PipelineMetrics metrics;

    @Inject
    LifecycleMetrics lifecycleMetrics;

    @Inject
    ArrivalScanner scanner;

    @Inject
    StoreCalls store;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** A file-less batch put in file_uploaded must wait there: the processor is paused meanwhile. */
    @Inject
    io.cdpbatch.lifecycle.WorkRunner claimer;

    @Test
    void countersAndTimersReachTheScrape() {
        // no batch of another test may be processed between the two scrapes
        claimer.setPaused(true);
        // a batch still in flight from an earlier test would add to the processing timer
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(claimer::idle);
        String before = scrape();

        metrics.recordsApplied("guest", 5);
        metrics.recordsApplied("GUEST", 2);
        metrics.recordsApplied("customer-of-tenant-x", 3);
        metrics.recordsFailed("order", 4);
        metrics.recordsFailed(null, 1);
        lifecycleMetrics.batchProcessed(Duration.ofSeconds(2), 100);
        scanner.scan();
        lifecycleMetrics.leaseTakeover();
        AtomicInteger calls = new AtomicInteger();
        store.retrying("metrics-test", () -> {
            if (calls.getAndIncrement() < 2) {
                throw SdkClientException.create("the store is unreachable");
            }
            return null;
        });
        metrics.databaseRetry();

        String after = scrape();
        assertThat(delta(before, after, "cdpbatch_records_applied_total", "schema", "guest")).isCloseTo(7.0, within(1e-9));
        assertThat(delta(before, after, "cdpbatch_records_applied_total", "schema", "other")).isCloseTo(3.0, within(1e-9));
        assertThat(delta(before, after, "cdpbatch_records_applied_total", "schema", "order")).isCloseTo(0.0, within(1e-9));
        assertThat(delta(before, after, "cdpbatch_records_failed_total", "schema", "order")).isCloseTo(4.0, within(1e-9));
        assertThat(delta(before, after, "cdpbatch_records_failed_total", "schema", "other")).isCloseTo(1.0, within(1e-9));
        assertThat(delta(before, after, "cdpbatch_records_failed_total", "schema", "migration")).isCloseTo(0.0, within(1e-9));
        assertThat(delta(before, after, "cdpbatch_batch_processing_seconds_count", null, null)).isCloseTo(1.0, within(1e-9));
        assertThat(delta(before, after, "cdpbatch_batch_processing_seconds_sum", null, null)).isCloseTo(2.0, within(1e-9));
        assertThat(delta(before, after, "cdpbatch_batch_throughput_records_per_second_count", null, null)).isCloseTo(1.0,
                within(1e-9));
        assertThat(delta(before, after, "cdpbatch_batch_throughput_records_per_second_sum", null, null)).isCloseTo(50.0,
                within(1e-9));
        assertThat(delta(before, after, "cdpbatch_batch_records_sum", null, null)).isCloseTo(100.0, within(1e-9));
        // the scheduler is off in tests: the one scan is the one made above
        assertThat(delta(before, after, "cdpbatch_scan_seconds_count", null, null)).isCloseTo(1.0, within(1e-9));
        assertThat(delta(before, after, "cdpbatch_scan_seconds_sum", null, null)).isGreaterThan(0.0);
        assertThat(delta(before, after, "cdpbatch_lease_takeovers_total", null, null)).isCloseTo(1.0, within(1e-9));
        assertThat(delta(before, after, "cdpbatch_store_retries_total", null, null)).isCloseTo(2.0, within(1e-9));
        assertThat(delta(before, after, "cdpbatch_database_retries_total", null, null)).isCloseTo(1.0, within(1e-9));
        // Bounded labels: no client key or ref ever becomes a label value.
        assertThat(after).doesNotContain("customer-of-tenant-x");
        assertThat(after).contains("cdpbatch_batch_processing_seconds_bucket{");
    }

    @org.junit.jupiter.api.AfterEach
    void resume() {
        claimer.setPaused(false);
    }

    @Test
    void batchGaugesFollowTheDatabase() {
        claimer.setPaused(true);
        Tenants tenant = Tenants.create();
        String waiting = UUID.randomUUID().toString();
        String uploading = UUID.randomUUID().toString();
        for (String ref : new String[] { waiting, uploading }) {
            tenant.given().body("{\"checksum\":\"b1d600dbf7463924e24647e626cd7c1e\",\"size\":227}")
                    .when().put("/v2/batches/{ref}", ref).then().statusCode(201);
        }
        Instant twoHoursAgo = clock.instant().minus(Duration.ofHours(2));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE batch SET status = 'file_uploaded', modified_at = ?1 WHERE ref = ?2")
                .setParameter(1, twoHoursAgo).setParameter(2, UUID.fromString(waiting)).executeUpdate());

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<BatchStatus, Long> expected = databaseCounts();
            Instant oldest = oldestWaiting();
            lifecycleMetrics.refreshBatchGauges();
            String scrape = scrape();
            for (BatchStatus status : BatchStatus.values()) {
                assertThat(value(scrape, "cdpbatch_batches", "status", status.code()))
                        .as(status.code()).isEqualTo(expected.get(status).doubleValue());
            }
            assertThat(expected.get(BatchStatus.UPLOADING)).isGreaterThanOrEqualTo(1);
            double age = Duration.between(oldest, clock.instant()).toMillis() / 1000.0;
            assertThat(age).isGreaterThanOrEqualTo(7200.0);
            assertThat(value(scrape, "cdpbatch_backlog_oldest_age_seconds", null, null)).isCloseTo(age, within(5.0));
        });
    }

    private Map<BatchStatus, Long> databaseCounts() {
        return QuarkusTransaction.requiringNew().call(() -> {
            var counts = new java.util.EnumMap<BatchStatus, Long>(BatchStatus.class);
            for (BatchStatus status : BatchStatus.values()) {
                counts.put(status, ((Number) em.createNativeQuery("SELECT count(*) FROM batch WHERE status = ?1")
                        .setParameter(1, status.code()).getSingleResult()).longValue());
            }
            return counts;
        });
    }

    private Instant oldestWaiting() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object value = em.createNativeQuery("SELECT min(modified_at) FROM batch WHERE status = 'file_uploaded'")
                    .getSingleResult();
            return value instanceof OffsetDateTime odt ? odt.toInstant() : (Instant) value;
        });
    }

    private static String scrape() {
        return Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double delta(String before, String after, String name, String label, String labelValue) {
        return value(after, name, label, labelValue) - value(before, name, label, labelValue);
    }

    /** The value of the one series of {@code name} whose labels include {@code label="labelValue"}. */
    static double value(String scrape, String name, String label, String labelValue) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(scrape);
        Double found = null;
        while (matcher.find()) {
            String labels = matcher.group(2) == null ? "" : matcher.group(2);
            if (label == null || labels.contains(label + "=\"" + labelValue + "\"")) {
                assertThat(found).as("one series of %s %s=%s", name, label, labelValue).isNull();
                found = Double.parseDouble(matcher.group(3));
            }
        }
        assertThat(found).as("series %s %s=%s in%n%s", name, label, labelValue, scrape).isNotNull();
        return found;
    }
}
