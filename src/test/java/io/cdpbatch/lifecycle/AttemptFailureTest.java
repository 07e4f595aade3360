package io.cdpbatch.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Management;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * What a failing attempt becomes, with faults put into the real pipeline: a thread that dies of an
 * {@link Error} fails the attempt, the batch is tried again up to the bound, then ends {@code error}
 * with counts that add up and a message that says why; never {@code success} with records missing.
 */
@QuarkusTest
@TestProfile(Faults.Profile.class)
class AttemptFailureTest {

    @Inject
    ApiClientService clients;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LifecycleConfig config;

    @Inject
    Watchdog watchdog;

    @Inject
    WorkRunner runner;

    @Inject
    BatchLifecycle lifecycle;

    @Inject
    LeaseKeeper keeper;

    @Inject
    TestClock clock;

    Tenants tenant;

    @BeforeEach
    void setUp() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        Faults.reset();
        tenant = Tenants.create(clients);
    }

    @AfterEach
    void tearDown() {
        runner.setPaused(false);
        Faults.release();
        Faults.reset();
        clock.reset();
    }

    static List<String> guests(String prefix, int count, int faultAt, String faultRef) {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String ref = i == faultAt ? faultRef : prefix + i;
            lines.add("{\"ref\":\"" + ref + "\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"identifiers\":"
                    + "[{\"provider\":\"faults\",\"id\":\"" + prefix + i + "\"}],\"firstName\":\"N" + i + "\"}}");
        }
        return lines;
    }

    @Test
    void anErrorInAWorkerFailsEveryAttemptAndTheBatchEndsInErrorWithCountsThatAddUp() throws SQLException {
        String ref = Batches.uploadLines(tenant, guests("w", 40, 20, Faults.WORKER_ERROR));

        JsonPath done = Batches.awaitTerminal(tenant, ref, Duration.ofSeconds(120));

        assertThat(done.getString("status.code")).isEqualTo("error");
        long total = done.getLong("status.summary.totalCount");
        long succeeded = done.getLong("status.summary.succeededCount");
        long failed = done.getLong("status.summary.failedCount");
        assertThat(succeeded + failed).isEqualTo(total);
        assertThat(succeeded).isLessThan(40);
        assertThat(done.getString("status.message")).startsWith("Processing failed " + config.maxAttempts() + " times")
                .contains("the service ran out of memory").doesNotContain("OutOfMemoryError");
        Map<String, String> row = row(ref);
        assertThat(row.get("attempts")).isEqualTo(String.valueOf(config.maxAttempts()));
        assertThat(row.get("lease_owner")).isNull();
        assertThat(row.get("last_failure")).isEqualTo("the service ran out of memory");
    }

    @Test
    void anErrorInTheReaderFailsTheAttemptToo() throws SQLException {
        List<String> lines = guests("r", 10, 0, null);
        lines.add(5, "{\"ref\":\"born\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"email\":\"born@example.com\","
                + "\"dateOfBirth\":\"1985-12-24T00:00Z\"}}");
        Faults.readerError = true;
        String ref = Batches.uploadLines(tenant, lines);

        JsonPath done = Batches.awaitTerminal(tenant, ref, Duration.ofSeconds(120));

        assertThat(done.getString("status.code")).isEqualTo("error");
        assertThat(done.getLong("status.summary.succeededCount") + done.getLong("status.summary.failedCount"))
                .isEqualTo(done.getLong("status.summary.totalCount"));
        assertThat(done.getLong("status.summary.totalCount")).as("the reader died at the sixth line").isLessThan(11);
        assertThat(done.getString("status.message")).contains("the service ran out of memory");
        assertThat(row(ref).get("attempts")).isEqualTo(String.valueOf(config.maxAttempts()));
    }

    @Test
    void aFailureWithinTheBoundIsTriedAgainAndCanSucceed() throws Exception {
        List<String> lines = guests("again", 10, 0, null);
        lines.add(3, "{\"ref\":\"born\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"email\":\"again@example.com\","
                + "\"dateOfBirth\":\"1985-12-24T00:00Z\"}}");
        runner.setPaused(true);
        String ref = Batches.uploadLines(tenant, lines);
        Batches.awaitStatus(tenant, ref, "file_uploaded");
        Faults.readerError = true;
        Claim claim = lifecycle.claimProcessing("one-attempt").orElseThrow();
        assertThat(claim.ref().toString()).isEqualTo(ref);

        runner.run(Stage.PROCESS, claim, "one-attempt");

        Map<String, String> afterFailure = row(ref);
        assertThat(afterFailure.get("status")).isEqualTo("processing");
        assertThat(afterFailure.get("failed_attempts")).isEqualTo("1");
        assertThat(afterFailure.get("lease_owner")).as("given back at once").isNull();
        assertThat(afterFailure.get("last_failure")).isEqualTo("the service ran out of memory");

        Faults.readerError = false;
        runner.setPaused(false);
        JsonPath done = Batches.awaitTerminal(tenant, ref, Duration.ofSeconds(60));

        assertThat(done.getString("status.code")).isEqualTo("success");
        assertThat(done.getLong("status.summary.totalCount")).isEqualTo(11);
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(11);
        assertThat(row(ref).get("attempts")).isEqualTo("2");
        assertThat(row(ref).get("failed_attempts")).isEqualTo("0");
    }

    @Test
    void aBatchWhoseAttemptsNeverFinishedEndsInErrorInsteadOfTakingAnotherInstanceDown() throws SQLException {
        runner.setPaused(true);
        String ref = Batches.uploadLines(tenant, guests("poison", 5, 0, null));
        Batches.awaitStatus(tenant, ref, "file_uploaded");
        // three instances took it, counted some records, and died without a trace but the count
        execute("UPDATE batch SET status = 'processing', attempts = 3, failed_attempts = 3, lease_owner = 'dead-instance',"
                + " lease_expires_at = clock_timestamp() - interval '1 second', total_count = 4, succeeded_count = 2,"
                + " failed_count = 0 WHERE ref = '" + ref + "'");
        runner.setPaused(false);

        JsonPath done = Batches.awaitTerminal(tenant, ref, Duration.ofSeconds(60));

        assertThat(done.getString("status.code")).isEqualTo("error");
        assertThat(done.getLong("status.summary.totalCount")).isEqualTo(4);
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(2);
        assertThat(done.getLong("status.summary.failedCount")).isEqualTo(2);
        assertThat(done.getString("status.message"))
                .startsWith("Processing was attempted 3 times and never finished (the instance working on it stopped)");
        assertThat(row(ref).get("attempts")).isEqualTo("3");
    }

    @Test
    void theDatabaseRefusesATerminalStatusWhoseCountsDoNotAddUp() {
        String ref = Batches.uploadLines(tenant, guests("check", 2, 0, null));
        Batches.awaitTerminal(tenant, ref);

        assertThatThrownBy(() -> execute("UPDATE batch SET total_count = 700, succeeded_count = 181, failed_count = 0"
                + " WHERE ref = '" + ref + "'")).hasMessageContaining("batch_terminal_counts_add_up");
        assertThatThrownBy(() -> execute("UPDATE batch SET total_count = 2, succeeded_count = 1, failed_count = 1"
                + " WHERE ref = '" + ref + "'")).hasMessageContaining("batch_success_has_no_failures");
    }

    @Test
    void livenessFailsWhileABatchMakesNoProgressAndRecoversWhenItMovesAgain() throws Exception {
        // one guest updated six times: one worker, which holds at the third line
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            lines.add("{\"ref\":\"" + (i == 3 ? Faults.HOLD : "same" + i) + "\",\"schema\":\"guest\",\"mode\":\"upsert\","
                    + "\"value\":{\"identifiers\":[{\"provider\":\"faults\",\"id\":\"one-guest\"}],\"firstName\":\"N" + i
                    + "\"}}");
        }
        String ref = Batches.uploadLines(tenant, lines);
        Batches.awaitStatus(tenant, ref, "processing");
        Faults.awaitHeld();
        // the reader has read the whole file: from now on nothing moves until the worker is let go
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            keeper.beat();
            return "6".equals(row(ref).get("total_count"));
        });
        keeper.beat();
        Management.given().when().get("/q/health/live").then().statusCode(200);
        JsonPath processing = Batches.inspect(tenant, ref);
        assertThat(processing.getLong("status.progress.bytesRead")).isEqualTo(processing.getLong("size"));
        assertThat(processing.getDouble("status.progress.fraction")).isEqualTo(1.0);

        clock.shift(config.stallTimeout().plusSeconds(1));
        keeper.beat();
        String body = Management.given().when().get("/q/health/live").then().statusCode(503).extract().asString();
        assertThat(body).contains("Batch pipeline").contains("has made no progress since");

        Faults.release();
        JsonPath done = Batches.awaitTerminal(tenant, ref);
        assertThat(done.getString("status.code")).isEqualTo("success");
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(6);
        Management.given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void livenessFailsWhenTheScheduledScanStopsRunning() {
        watchdog.scanTicked();
        Management.given().when().get("/q/health/live").then().statusCode(200);

        clock.shift(config.stallTimeout().plusSeconds(1));
        Management.given().when().get("/q/health/live").then().statusCode(503);

        watchdog.scanTicked();
        Management.given().when().get("/q/health/live").then().statusCode(200);
    }

    Map<String, String> row(String ref) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT * FROM batch WHERE ref = ?::uuid")) {
            s.setString(1, ref);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.put(rows.getMetaData().getColumnLabel(i), rows.getString(i));
                }
                return row;
            }
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        }
    }
}
