package io.cdpbatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarts (stopped for longer than a lease, started again on the same
 * port with the same data) while a large batch is processed and others wait. The instances report
 * not ready meanwhile, and every batch ends with exact counts: a lease that expired meanwhile is
 * taken over and the file applied again, which changes nothing.
 */
class DatabaseOutageIT {

    static final int LINES = 3000;

    static ReliabilityStack stack;
    static List<AppInstance> instances;

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start("db-outage");
        instances = stack.startInstances(Map.of("BATCH_LEASE_DURATION", "5s", "BATCH_PROCESSING_WORKERS", "1",
                "BATCH_PROCESSING_CHUNK_SIZE", "10"), "db-a", "db-b");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void batchesSurviveADatabaseRestart() {
        ItTenant busy = ItTenant.create(instances.get(0));
        List<String> bigLines = GuestLines.large("db", LINES);
        long bigFailed = GuestLines.brokenCount(bigLines);
        String big = busy.uploadLines(instances.get(0), bigLines);
        Awaitility.await("big batch in processing").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> stack.batch(big), row -> "processing".equals(row.get("status"))
                        && Long.parseLong(row.get("succeeded_count")) > 0);
        // more batches just before the outage: waiting for arrival, verification or processing
        ItTenant other = ItTenant.create(instances.get(1));
        List<String> small = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            small.add(other.uploadLines(instances.get(i % 2), GuestLines.mixed("dbs" + i, 30, i == 2 ? 6 : 0)));
        }

        stack.stopDatabase();
        Awaitility.await("both instances not ready").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> instances.stream().allMatch(i -> i.readyStatus() == 503));
        // down for longer than a lease: the big batch's lease expires meanwhile
        Awaitility.await("instances stay up through the outage").during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofSeconds(1)).until(() -> instances.stream().allMatch(AppInstance::alive));
        stack.startDatabase();
        Awaitility.await("both instances ready again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> instances.stream().allMatch(i -> i.readyStatus() == 200));

        Map<String, String> row = awaitTerminal(big);
        assertThat(row.get("status")).isEqualTo("error");
        assertThat(row.get("total_count")).isEqualTo(String.valueOf(LINES));
        assertThat(row.get("succeeded_count")).isEqualTo(String.valueOf(LINES - bigFailed));
        assertThat(row.get("failed_count")).isEqualTo(String.valueOf(bigFailed));
        assertThat(row.get("lease_owner")).isNull();
        for (int i = 0; i < 3; i++) {
            Map<String, String> done = awaitTerminal(small.get(i));
            assertThat(done.get("status")).isEqualTo(i == 2 ? "error" : "success");
            assertThat(done.get("total_count")).isEqualTo("30");
            assertThat(done.get("failed_count")).isEqualTo(i == 2 ? "5" : "0");
            assertThat(done.get("succeeded_count")).isEqualTo(i == 2 ? "25" : "30");
        }
        assertThat(stack.query("SELECT count(*) AS n FROM batch WHERE status IN ('uploading', 'file_uploaded', 'processing')")
                .get(0).get("n")).isEqualTo("0");

        // the guests are exactly those of the file: each first-half guest, updated by its second-half line
        int guests = LINES / 2 - LINES / 2 / 50;
        assertThat(stack.query("""
                SELECT count(*) AS n, count(*) FILTER (WHERE g.first_name LIKE 'Second%' AND g.city LIKE 'City%') AS updated
                FROM guest g JOIN api_client a ON a.id = g.client_id WHERE a.client_key = ?""", busy.clientKey()).get(0))
                .containsEntry("n", String.valueOf(guests)).containsEntry("updated", String.valueOf(guests));
        assertThat(stack.query("""
                SELECT count(*) AS n FROM guest_identifier i JOIN api_client a ON a.id = i.client_id WHERE a.client_key = ?""",
                busy.clientKey()).get(0).get("n")).isEqualTo(String.valueOf(guests));
    }

    static Map<String, String> awaitTerminal(String ref) {
        return Awaitility.await("batch " + ref + " terminal").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> stack.batch(ref), row -> List.of("success", "error", "corrupted").contains(row.get("status")));
    }
}
