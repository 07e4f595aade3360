package io.cdpbatch.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Sql;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@ApiTest
class ClaimTest {

    @Inject
    WorkRunner claimer;

    @Inject
    BatchLifecycle lifecycle;

    @Inject
    AgroalDataSource dataSource;

    Tenants tenant;

    @AfterEach
    void resume() {
        claimer.setPaused(false);
    }

    static List<String> guests(String prefix, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("{\"ref\":\"" + prefix + i + "\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"identifiers\":"
                    + "[{\"provider\":\"claim\",\"id\":\"" + prefix + i + "\"}],\"firstName\":\"N" + i + "\"}}");
        }
        return lines;
    }

    @Test
    void verifiedBatchWaitsInFileUploadedWhileProcessingIsPaused() {
        claimer.setPaused(true);
        String ref = Batches.uploadLines(tenant, guests("p", 2));

        JsonPath inspected = Batches.awaitStatus(tenant, ref, "file_uploaded");
        assertThat(inspected.getString("location")).isNull();
        assertThat(Batches.status(tenant, ref).getString("status.code")).isEqualTo("processing");
        assertThat(Batches.inspect(tenant, ref).getString("status.code")).isEqualTo("file_uploaded");

        claimer.setPaused(false);
        JsonPath done = Batches.awaitTerminal(tenant, ref);
        assertThat(done.getString("status.code")).isEqualTo("success");
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(2);
    }

    @Test
    void twoClaimersProcessEachBatchExactlyOnce() throws Exception {
        claimer.setPaused(true);
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            refs.add(Batches.uploadLines(tenant, guests("two" + i + "-", 5)));
        }
        for (String ref : refs) {
            Batches.awaitStatus(tenant, ref, "file_uploaded");
        }
        Map<Long, AtomicInteger> processed = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Future<Integer>> results = new ArrayList<>();
        for (String owner : List.of("claimer-a", "claimer-b")) {
            results.add(threads.submit(() -> {
                int count = 0;
                while (true) {
                    Optional<Claim> claim = lifecycle.claimProcessing(owner);
                    if (claim.isEmpty()) {
                        return count;
                    }
                    processed.computeIfAbsent(claim.get().id(), id -> new AtomicInteger()).incrementAndGet();
                    claimer.run(Stage.PROCESS, claim.get(), owner);
                    count++;
                }
            }));
        }
        int total = 0;
        for (Future<Integer> result : results) {
            total += result.get(120, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(total).isEqualTo(20);
        assertThat(processed).hasSize(20);
        assertThat(processed.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        for (String ref : refs) {
            JsonPath done = Batches.inspect(tenant, ref);
            assertThat(done.getString("status.code")).isEqualTo("success");
            assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(5);
            assertThat(row(ref, "attempts")).isEqualTo("1");
            assertThat(row(ref, "processed_by")).isIn("claimer-a", "claimer-b");
        }
    }

    @Test
    void batchOfAStoppedInstanceIsTakenOverAfterItsLeaseExpires() throws SQLException {
        claimer.setPaused(true);
        String ref = Batches.uploadLines(tenant, guests("crash", 50));
        Batches.awaitStatus(tenant, ref, "file_uploaded");
        // an instance claimed it, started, counted some records, and died without renewing its lease
        Sql.updateOne("UPDATE batch SET status = 'processing', lease_owner = 'crashed-instance', attempts = 1,"
                + " lease_expires_at = clock_timestamp() - interval '1 second', total_count = 17, succeeded_count = 17"
                + " WHERE ref = ?::uuid", ref);

        claimer.setPaused(false);
        JsonPath done = Batches.awaitTerminal(tenant, ref);

        assertThat(done.getString("status.code")).isEqualTo("success");
        assertThat(done.getLong("status.summary.totalCount")).isEqualTo(50);
        assertThat(done.getLong("status.summary.succeededCount")).isEqualTo(50);
        assertThat(row(ref, "attempts")).isEqualTo("2");
        assertThat(row(ref, "lease_takeovers")).isEqualTo("1");
        assertThat(row(ref, "processed_by")).isEqualTo(claimer.owner());
        assertThat(row(ref, "lease_owner")).isNull();
    }

    String row(String ref, String column) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM batch WHERE ref = ?::uuid")) {
            s.setString(1, ref);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

}
