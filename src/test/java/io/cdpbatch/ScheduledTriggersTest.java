package io.cdpbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Tenants;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The application scheduler is off in the other tests, which call the scheduled work themselves;
 * here it runs, with short intervals, and each trigger is seen to fire on its own. What each one
 * does is tested where its work is.
 */
@QuarkusTest
@ApiTest
@TestProfile(ScheduledTriggersTest.SchedulerOn.class)
class ScheduledTriggersTest {

    /** Every scheduled method of the application, by class and method. */
    static final List<String> TRIGGERS = List.of(
            "io.cdpbatch.intake.ArrivalScanner#onSchedule",
            "io.cdpbatch.retention.RetentionPurge#onSchedule",
            "io.cdpbatch.webhook.WebhookDeliverer#onSchedule",
            "io.cdpbatch.web.WebSessionPurge#purge");

    public static class SchedulerOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.scheduler.enabled", "true",
                    "batch.intake.scan-interval", "200ms",
                    "batch.retention.purge-interval", "200ms",
                    "batch.webhooks.poll-interval", "200ms",
                    "batch.web.session-purge-interval", "200ms");
        }
    }

    @Inject
    Scheduler scheduler;

    /** The scheduled scan alone takes an upload through verification and processing: nobody drives here. */
    @Test
    void anUploadedBatchIsProcessedWithNobodyDrivingIt(Tenants tenant) {
        String ref = Batches.uploadLines(tenant, List.of(Lines.guest("1").email("scheduled@example.com").upsert()));

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Batches.inspect(tenant, ref).getString("status.code"), "success"::equals);
    }

    @Test
    void everyScheduledMethodIsATriggerTestedHere() {
        assertThat(scheduler.getScheduledJobs()).extracting(Trigger::getMethodDescription)
                .containsExactlyInAnyOrderElementsOf(TRIGGERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "io.cdpbatch.intake.ArrivalScanner#onSchedule",
            "io.cdpbatch.retention.RetentionPurge#onSchedule",
            "io.cdpbatch.webhook.WebhookDeliverer#onSchedule",
            "io.cdpbatch.web.WebSessionPurge#purge" })
    void theTriggerFiresOnItsOwn(String method) {
        Trigger trigger = scheduler.getScheduledJobs().stream().filter(t -> t.getMethodDescription().equals(method))
                .findFirst().orElseThrow(() -> new AssertionError("no trigger for " + method));

        Awaitility.await(method + " fires").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> trigger.getPreviousFireTime() != null);
    }
}
