package io.cdpbatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three application processes share one database and one store; 50 batches
 * uploaded at once each end in their correct status with exact counts, each processed once, and
 * the work is spread over the instances.
 */
class ReplicasIT {

    static ReliabilityStack stack;
    static List<AppInstance> instances;

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start("replicas");
        instances = stack.startInstances(Map.of("BATCH_PROCESSING_MAX_PER_TENANT", "2"), "replica-a", "replica-b",
                "replica-c");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    record Expected(ItTenant tenant, String ref, String status, long total, long failed) {
    }

    @Test
    void fiftyBatchesUploadedAtOnceAreEachProcessedOnceWithExactCounts() throws Exception {
        List<ItTenant> tenants = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            tenants.add(ItTenant.create(instances.get(t % instances.size())));
        }
        ExecutorService uploaders = Executors.newFixedThreadPool(10);
        List<Future<Expected>> uploads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            uploads.add(uploaders.submit(() -> {
                ItTenant tenant = tenants.get(n % tenants.size());
                int count = 20 + n;
                // every fifth batch has broken lines: it ends in error with a log
                int failEvery = n % 5 == 4 ? 7 : 0;
                List<String> lines = GuestLines.mixed("b" + n, count, failEvery);
                long failed = GuestLines.brokenCount(lines);
                String ref = tenant.uploadLines(instances.get(n % instances.size()), lines);
                return new Expected(tenant, ref, failed == 0 ? "success" : "error", count, failed);
            }));
        }
        List<Expected> expected = new ArrayList<>();
        for (Future<Expected> upload : uploads) {
            expected.add(upload.get());
        }
        uploaders.shutdown();

        Awaitility.await("all 50 batches terminal").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> stack.query("SELECT count(*) AS n FROM batch WHERE status IN ('success', 'error', 'corrupted')")
                        .get(0).get("n").equals("50"));

        Set<String> processors = new HashSet<>();
        Set<String> names = Set.of("replica-a", "replica-b", "replica-c");
        for (Expected batch : expected) {
            Map<String, String> row = stack.batch(batch.ref());
            assertThat(row.get("status")).as("status of %s", batch.ref()).isEqualTo(batch.status());
            assertThat(row.get("total_count")).isEqualTo(String.valueOf(batch.total()));
            assertThat(row.get("succeeded_count")).isEqualTo(String.valueOf(batch.total() - batch.failed()));
            assertThat(row.get("failed_count")).isEqualTo(String.valueOf(batch.failed()));
            assertThat(row.get("has_log")).isEqualTo(batch.failed() > 0 ? "t" : "f");
            assertThat(row.get("attempts")).as("attempts of %s", batch.ref()).isEqualTo("1");
            assertThat(row.get("lease_takeovers")).isEqualTo("0");
            assertThat(row.get("lease_owner")).isNull();
            assertThat(row.get("processed_by")).isIn(names);
            processors.add(row.get("processed_by"));
        }
        // the status answer through another instance agrees
        Expected first = expected.get(4);
        var inspected = first.tenant().inspect(instances.get(2), first.ref());
        assertThat(inspected.getString("status.code")).isEqualTo("error");
        assertThat(inspected.getLong("status.summary.failedCount")).isEqualTo(first.failed());

        // every batch started processing exactly once, on one instance, by the instances' own logs
        String logs = String.join("\n", instances.stream().map(AppInstance::logText).toList());
        for (Expected batch : expected) {
            var starts = Pattern.compile("Batch " + batch.ref() + " of [^:]+: -> processing").matcher(logs).results().count();
            assertThat(starts).as("processing starts of %s", batch.ref()).isEqualTo(1);
        }
        assertThat(processors).as("instances that processed batches").hasSizeGreaterThan(1);
        // no instance believed it lost a lease: nothing was taken over (a heartbeat racing the end of a batch is no take-over)
        assertThat(logs).doesNotContain("lost: another instance took it over");
        // the guests of all successful lines are there, once each
        long guests = expected.stream().mapToLong(b -> b.total() - b.failed()).sum();
        assertThat(stack.query("SELECT count(*) AS n FROM guest").get(0).get("n")).isEqualTo(String.valueOf(guests));
    }
}
