package io.cdpbatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cdpbatch.support.Batches;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.restassured.RestAssured;

/**
 * The object store goes away for 30 seconds while uploads are scanned for, a batch
 * waits to be processed and a batch is being processed. Nothing becomes corrupted or error because
 * of it, the instances report not ready meanwhile, and the work resumes by itself.
 */
class StoreOutageIT {

    static final Duration OUTAGE = Duration.ofSeconds(30);

    static ReliabilityStack stack;
    static AppInstance patient;
    static AppInstance impatient;

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start("store-outage");
        Map<String, String> slow = Map.of("BATCH_PROCESSING_WORKERS", "1", "BATCH_PROCESSING_CHUNK_SIZE", "10");
        // one instance waits the outage out, the other gives work back after 5 s and claims it again later
        patient = stack.startInstance("store-patient", slow);
        var impatientEnv = new java.util.HashMap<>(slow);
        impatientEnv.put("BATCH_PROCESSING_STORE_OUTAGE_TOLERANCE", "5s");
        impatient = stack.startInstance("store-impatient", impatientEnv);
        patient.awaitReady();
        impatient.awaitReady();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void batchesSurviveAThirtySecondStoreOutage() {
        // a large batch with broken lines: at its end the error log must go to the store
        ItTenant busy = ItTenant.create(patient);
        List<String> bigLines = GuestLines.large("store", 3000);
        long bigFailed = GuestLines.brokenCount(bigLines);
        String big = busy.uploadLines(patient, bigLines);
        // a second batch of the same tenant waits (one batch per tenant at once) in file_uploaded
        List<String> queuedLines = GuestLines.mixed("queued", 30, 0);
        String queued = busy.uploadLines(impatient, queuedLines);
        // a batch allocated but not uploaded yet: the scans look for it during the outage
        ItTenant late = ItTenant.create(impatient);
        byte[] lateFile = TestFiles.ndjsonGz(GuestLines.mixed("late", 25, 0));
        String lateRef = UUID.randomUUID().toString();
        String lateUrl = late.allocate(impatient, lateRef, lateFile);

        Awaitility.await("big batch in processing").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> stack.batch(big), row -> "processing".equals(row.get("status"))
                        && Long.parseLong(row.get("succeeded_count")) > 0);
        // one more upload that lands just before the store goes away
        ItTenant lastMinute = ItTenant.create(patient);
        String lastMinuteRef = lastMinute.uploadLines(patient, GuestLines.mixed("last", 40, 8));

        stack.stopStore();
        long stoppedAt = System.nanoTime();
        Awaitility.await("both instances not ready").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> patient.readyStatus() == 503 && impatient.readyStatus() == 503);
        String readiness = RestAssured.given().baseUri(patient.baseUrl()).get("/q/health/ready").then().statusCode(503)
                .extract().asString();
        assertThat(readiness).contains("Object store").contains("DOWN");
        // for the rest of the outage, nothing fails because of it
        Duration left = OUTAGE.minus(Duration.ofNanos(System.nanoTime() - stoppedAt));
        Awaitility.await("no batch failed by the outage").during(left).atMost(left.plusSeconds(10))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> stack.query("SELECT count(*) AS n FROM batch WHERE status IN ('corrupted', 'error')").get(0)
                        .get("n"),
                        "0"::equals);
        assertThat(stack.batch(lateRef).get("status")).isEqualTo("uploading");
        stack.startStore();

        Awaitility.await("both instances ready again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> patient.readyStatus() == 200 && impatient.readyStatus() == 200);
        assertThat(Uploads.put(lateUrl, lateFile).status()).isEqualTo(200);

        Map<String, String> bigRow = awaitTerminal(big);
        assertThat(bigRow.get("status")).isEqualTo("error");
        assertThat(bigRow.get("total_count")).isEqualTo("3000");
        assertThat(bigRow.get("failed_count")).isEqualTo(String.valueOf(bigFailed));
        assertThat(bigRow.get("succeeded_count")).isEqualTo(String.valueOf(3000 - bigFailed));
        assertThat(bigRow.get("has_log")).isEqualTo("t");
        String logUrl = busy.inspect(patient, big).getString("status.log");
        assertThat(Batches.gunzipLines(Uploads.get(logUrl))).hasSize((int) bigFailed);

        assertExact(awaitTerminal(queued), "success", 30, 0);
        assertExact(awaitTerminal(lateRef), "success", 25, 0);
        assertExact(awaitTerminal(lastMinuteRef), "error", 40, 5);
        assertThat(stack.query("SELECT count(*) AS n FROM batch WHERE status NOT IN ('success', 'error')").get(0).get("n"))
                .isEqualTo("0");
        assertThat(stack.query("SELECT count(*) AS n FROM batch WHERE status = 'corrupted'").get(0).get("n")).isEqualTo("0");
    }

    static void assertExact(Map<String, String> row, String status, long total, long failed) {
        assertThat(row.get("status")).isEqualTo(status);
        assertThat(row.get("total_count")).isEqualTo(String.valueOf(total));
        assertThat(row.get("succeeded_count")).isEqualTo(String.valueOf(total - failed));
        assertThat(row.get("failed_count")).isEqualTo(String.valueOf(failed));
    }

    static Map<String, String> awaitTerminal(String ref) {
        return Awaitility.await("batch " + ref + " terminal").atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> stack.batch(ref), row -> List.of("success", "error", "corrupted").contains(row.get("status")));
    }
}
