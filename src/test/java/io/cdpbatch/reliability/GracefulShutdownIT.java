package io.cdpbatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to an instance in the middle of a large batch. It stops claiming, gives
 * the batch its grace period, then stops it and releases the lease, and exits; the other instance
 * continues the batch at once (long before the 60 s lease could have expired) and ends it with exact
 * counts.
 */
class GracefulShutdownIT {

    /** Large and slow enough (one worker, chunks of 10) to outlast the grace on a quiet machine. */
    static final int LINES = 8000;
    static final Duration GRACE = Duration.ofSeconds(1);

    static ReliabilityStack stack;
    static List<AppInstance> instances;

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start("shutdown");
        instances = stack.startInstances(Map.of("BATCH_LEASE_DURATION", "60s", "BATCH_SHUTDOWN_GRACE", GRACE.toSeconds() + "s",
                "BATCH_PROCESSING_WORKERS", "1", "BATCH_PROCESSING_CHUNK_SIZE", "10"), "grace-a", "grace-b");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void terminatedInstanceGivesItsBatchBackAndExits() {
        ItTenant tenant = ItTenant.create(instances.get(0));
        List<String> lines = GuestLines.large("grace", LINES);
        long failed = GuestLines.brokenCount(lines);
        String ref = tenant.uploadLines(instances.get(0), lines);
        Awaitility.await("processing has applied records").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> stack.batch(ref), row -> "processing".equals(row.get("status"))
                        && Long.parseLong(row.get("succeeded_count")) > 0);
        String first = stack.batch(ref).get("processed_by");
        AppInstance victim = instances.stream().filter(i -> i.name().equals(first)).findFirst().orElseThrow();
        AppInstance survivor = instances.stream().filter(i -> i != victim).findFirst().orElseThrow();

        long terminated = System.nanoTime();
        victim.terminate();
        assertThat(victim.waitFor(GRACE.plusSeconds(15))).as("%s exited", victim.name()).isTrue();
        Duration exitedAfter = Duration.ofNanos(System.nanoTime() - terminated);
        assertThat(exitedAfter).isLessThan(GRACE.plusSeconds(15));
        assertThat(victim.logText()).contains("Shutting down: no new work is claimed")
                .contains("Batch " + ref + ": stopped by the shutdown, given back");

        // the other instance has it at once: the lease was released, not left to expire (60 s)
        Awaitility.await("taken by " + survivor.name()).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> stack.batch(ref).get("processed_by"), survivor.name()::equals);
        assertThat(Duration.ofNanos(System.nanoTime() - terminated)).isLessThan(Duration.ofSeconds(45));

        Map<String, String> row = Awaitility.await("batch terminal").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(250)).until(() -> stack.batch(ref),
                        r -> List.of("success", "error", "corrupted").contains(r.get("status")));
        assertThat(row.get("status")).isEqualTo("error");
        assertThat(row.get("total_count")).isEqualTo(String.valueOf(LINES));
        assertThat(row.get("succeeded_count")).isEqualTo(String.valueOf(LINES - failed));
        assertThat(row.get("failed_count")).isEqualTo(String.valueOf(failed));
        assertThat(row.get("processed_by")).isEqualTo(survivor.name());
        assertThat(row.get("attempts")).isEqualTo("2");
        assertThat(row.get("lease_takeovers")).as("released, not taken over").isEqualTo("0");
        assertThat(row.get("lease_owner")).isNull();
        int guests = LINES / 2 - LINES / 2 / 50;
        assertThat(stack.query("""
                SELECT count(*) AS n, count(*) FILTER (WHERE g.first_name LIKE 'Second%') AS updated
                FROM guest g JOIN api_client a ON a.id = g.client_id WHERE a.client_key = ?""", tenant.clientKey()).get(0))
                .containsEntry("n", String.valueOf(guests)).containsEntry("updated", String.valueOf(guests));
    }
}
