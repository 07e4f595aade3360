package io.cdpbatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;

/**
 * An instance killed with {@code kill -9} in the middle of a large batch. The other
 * instance takes the batch over once its lease expires, and the batch ends with exact counts and the
 * same guests as a run of the same file that nothing interrupted.
 */
class CrashIT {

    static final int LINES = 4000;

    static ReliabilityStack stack;
    static List<AppInstance> instances;

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start("crash");
        // one worker and small chunks: the batch takes several seconds
        instances = stack.startInstances(Map.of("BATCH_LEASE_DURATION", "5s", "BATCH_PROCESSING_WORKERS", "1",
                "BATCH_PROCESSING_CHUNK_SIZE", "10"), "crash-a", "crash-b");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void batchOfAKilledInstanceIsTakenOverAndEndsAsAnUninterruptedRunWould() {
        List<String> lines = GuestLines.large("crash", LINES);
        byte[] file = TestFiles.ndjsonGz(lines);
        long failed = GuestLines.brokenCount(lines);

        // the reference: the same file, nothing interrupted
        ItTenant reference = ItTenant.create(instances.get(0));
        String referenceRef = reference.upload(instances.get(0), file);
        awaitTerminal(referenceRef, Duration.ofSeconds(180));
        Map<String, String> referenceRow = stack.batch(referenceRef);
        assertThat(referenceRow.get("attempts")).isEqualTo("1");
        assertThat(referenceRow.get("failed_count")).isEqualTo(String.valueOf(failed));

        // the same file again, and the instance processing it killed half way
        ItTenant tenant = ItTenant.create(instances.get(1));
        String ref = tenant.upload(instances.get(1), file);
        Awaitility.await("processing has applied records").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> stack.batch(ref), row -> "processing".equals(row.get("status"))
                        && Long.parseLong(row.get("succeeded_count")) > 0);
        Map<String, String> before = stack.batch(ref);
        assertThat(Long.parseLong(before.get("total_count"))).as("killed before the end").isLessThan(LINES);
        AppInstance victim = instances.stream().filter(i -> i.name().equals(before.get("processed_by"))).findFirst()
                .orElseThrow();
        AppInstance survivor = instances.stream().filter(i -> i != victim).findFirst().orElseThrow();
        victim.kill();
        assertThat(victim.alive()).isFalse();

        awaitTerminal(ref, Duration.ofSeconds(180));
        Map<String, String> row = stack.batch(ref);
        assertThat(row.get("status")).isEqualTo("error");
        assertThat(row.get("total_count")).isEqualTo(String.valueOf(LINES));
        assertThat(row.get("succeeded_count")).isEqualTo(String.valueOf(LINES - failed));
        assertThat(row.get("failed_count")).isEqualTo(String.valueOf(failed));
        assertThat(row.get("attempts")).isEqualTo("2");
        assertThat(row.get("lease_takeovers")).isEqualTo("1");
        assertThat(row.get("processed_by")).isEqualTo(survivor.name());
        assertThat(row.get("lease_owner")).isNull();
        assertThat(stack.query("SELECT count(*) AS n FROM batch WHERE status = 'processing'").get(0).get("n")).isEqualTo("0");

        // the same guests as the uninterrupted run, and the error log of the second attempt only
        Map<String, String> expected = GuestDigest.of(stack, reference);
        assertThat(expected.get("guests")).isEqualTo(String.valueOf(LINES / 2 - LINES / 2 / 50));
        assertThat(GuestDigest.of(stack, tenant)).isEqualTo(expected);
        String logUrl = tenant.inspect(survivor, ref).getString("status.log");
        assertThat(io.cdpbatch.support.Batches.gunzipLines(Uploads.get(logUrl))).hasSize((int) failed);
    }

    static void awaitTerminal(String ref, Duration timeout) {
        Awaitility.await("batch " + ref + " terminal").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> stack.batch(ref).get("status"),
                        status -> List.of("success", "error", "corrupted").contains(status));
    }
}
