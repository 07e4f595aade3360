package io.cdpbatch.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Pipeline;
import io.cdpbatch.support.Sql;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One tenant's many batches do not hold back another tenant's single batch, and a tenant never has
 * more than {@code batch.processing.max-per-tenant} batches in processing at once.
 */
@QuarkusTest
@ApiTest
class FairnessTest {

    /**
     * The scenario is 200 batches; 80 keep this test under a minute on a small CI machine
     * and already put the late batch 80 places behind in plain arrival order.
     */
    static final int MANY = 80;

    @Inject
    WorkRunner claimer;

    @Inject
    BatchLifecycle lifecycle;

    @Inject
    LifecycleConfig config;

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void resume() {
        claimer.setPaused(false);
    }

    static List<String> guest(String id) {
        return List.of("{\"ref\":\"" + id + "\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"identifiers\":"
                + "[{\"provider\":\"fairness\",\"id\":\"" + id + "\"}]}}");
    }

    @Test
    void aLateSingleBatchOvertakesAnotherTenantsBacklog() throws Exception {
        assertThat(config.maxPerTenant()).isEqualTo(1);
        Tenants busy = Tenants.create();
        Tenants single = Tenants.create();
        claimer.setPaused(true);
        ExecutorService uploaders = Executors.newFixedThreadPool(6);
        List<Future<String>> uploads = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            String id = "busy-" + busy.clientKey() + "-" + i;
            uploads.add(uploaders.submit(() -> Batches.uploadLines(busy, guest(id))));
        }
        List<String> busyRefs = new ArrayList<>();
        for (Future<String> upload : uploads) {
            busyRefs.add(upload.get(120, TimeUnit.SECONDS));
        }
        uploaders.shutdown();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Pipeline.drive();
                    return Sql.count("SELECT count(*) FROM batch b JOIN api_client a ON a.id = b.client_id"
                            + " WHERE a.client_key = ? AND b.status = 'file_uploaded'", busy.clientKey()) == MANY;
                });
        String late = Batches.uploadLines(single, guest("single-" + single.clientKey()));
        Batches.awaitStatus(single, late, "file_uploaded");

        claimer.setPaused(false);

        assertThat(Batches.awaitTerminal(single, late).getString("status.code")).isEqualTo("success");
        long finishedBefore = Sql.count("SELECT count(*) FROM batch b JOIN api_client a ON a.id = b.client_id"
                + " WHERE a.client_key = ? AND b.status = 'success' AND b.modified_at <"
                + " (SELECT modified_at FROM batch WHERE ref = '" + UUID.fromString(late) + "')", busy.clientKey());
        assertThat(finishedBefore).as("batches of the busy tenant finished before the late one").isLessThan(10);
        Awaitility.await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500))
                .until(() -> Sql.count("SELECT count(*) FROM batch b JOIN api_client a ON a.id = b.client_id"
                        + " WHERE a.client_key = ? AND b.status = 'success'", busy.clientKey()) == MANY);
        // exact, not sampled: the processing windows of the busy tenant's batches never overlap
        List<long[]> windows = windows(busy.clientKey());
        assertThat(windows).hasSize(MANY);
        for (int i = 1; i < windows.size(); i++) {
            assertThat(windows.get(i)[0]).as("start of the %dth batch vs the end of the one before", i)
                    .isGreaterThanOrEqualTo(windows.get(i - 1)[1]);
        }
        assertThat(busyRefs).hasSize(MANY);
    }

    /**
     * Two instances claiming at the same moment must not both take a batch of the same tenant when
     * the limit is one: the claims are serialized, so the second sees the first's lease.
     */
    @Test
    void concurrentClaimsKeepThePerTenantLimit() throws Exception {
        claimer.setPaused(true);
        Tenants tenant = Tenants.create();
        long clientId = Sql.count("SELECT id FROM api_client WHERE client_key = ?", tenant.clientKey());
        for (int i = 0; i < 4; i++) {
            execute("INSERT INTO batch (client_id, ref, checksum, size, status, created_at, modified_at, upload_expires_at)"
                    + " VALUES (" + clientId + ", gen_random_uuid(), 'b1d600dbf7463924e24647e626cd7c1e', 227, 'file_uploaded',"
                    + " now(), now(), now())");
        }
        ExecutorService threads = Executors.newFixedThreadPool(2);
        int rounds = 0;
        try {
            for (int round = 0; round < 30; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Optional<Claim>>> claims = new ArrayList<>();
                for (String owner : List.of("replica-a", "replica-b")) {
                    claims.add(threads.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return claimOf(tenant, lifecycle.claimProcessing(owner));
                    }));
                }
                int claimed = 0;
                for (Future<Optional<Claim>> claim : claims) {
                    claimed += claim.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
                }
                assertThat(claimed).as("claims of one tenant in round %d", round).isLessThanOrEqualTo(1);
                rounds += claimed;
                execute("UPDATE batch SET lease_owner = NULL, lease_expires_at = NULL WHERE client_id = " + clientId);
            }
        } finally {
            threads.shutdown();
            execute("UPDATE batch SET status = 'success', total_count = 0, succeeded_count = 0, failed_count = 0, lease_owner = NULL, lease_expires_at = NULL WHERE client_id = "
                    + clientId);
        }
        assertThat(rounds).as("rounds in which one claim won").isGreaterThan(20);
    }

    /**
     * With one free slot only, a tenant whose batch just finished does not get the slot again while
     * another tenant waits: the tenant served least recently comes first.
     */
    @Test
    void withOneFreeSlotTheTenantServedLeastRecentlyGoesFirst() throws Exception {
        claimer.setPaused(true);
        Tenants busy = Tenants.create();
        Tenants waiting = Tenants.create();
        long busyId = Sql.count("SELECT id FROM api_client WHERE client_key = ?", busy.clientKey());
        long waitingId = Sql.count("SELECT id FROM api_client WHERE client_key = ?", waiting.clientKey());
        for (int i = 0; i < 3; i++) {
            execute("INSERT INTO batch (client_id, ref, checksum, size, status, created_at, modified_at, upload_expires_at)"
                    + " VALUES (" + busyId + ", gen_random_uuid(), 'b1d600dbf7463924e24647e626cd7c1e', 227, 'file_uploaded',"
                    + " now() - interval '1 hour', now() - interval '" + (50 - i) + " minutes', now())");
        }
        execute("INSERT INTO batch (client_id, ref, checksum, size, status, created_at, modified_at, upload_expires_at)"
                + " VALUES (" + waitingId + ", gen_random_uuid(), 'b1d600dbf7463924e24647e626cd7c1e', 227, 'file_uploaded',"
                + " now(), now(), now())");
        try {
            Claim first = nextClaimOf(List.of(busy, waiting));
            assertThat(first.tenant().clientKey()).as("oldest batch first while nobody was served").isEqualTo(busy.clientKey());
            // it was processed and finished
            execute("UPDATE batch SET status = 'success', total_count = 0, succeeded_count = 0, failed_count = 0, processing_started_at = now(), lease_owner = NULL,"
                    + " lease_expires_at = NULL WHERE id = " + first.id());

            Claim second = nextClaimOf(List.of(busy, waiting));
            assertThat(second.tenant().clientKey()).isEqualTo(waiting.clientKey());
        } finally {
            execute("UPDATE batch SET status = 'success', total_count = 0, succeeded_count = 0, failed_count = 0, lease_owner = NULL, lease_expires_at = NULL WHERE client_id IN ("
                    + busyId + ", " + waitingId + ")");
        }
    }

    /** The next claim of one of these tenants; claims of other tenants' leftovers stay leased and are skipped. */
    private Claim nextClaimOf(List<Tenants> tenants) {
        List<String> keys = tenants.stream().map(Tenants::clientKey).toList();
        for (int i = 0; i < 100; i++) {
            Optional<Claim> claim = lifecycle.claimProcessing("fairness-test");
            assertThat(claim).isPresent();
            if (keys.contains(claim.get().tenant().clientKey())) {
                return claim.get();
            }
        }
        throw new AssertionError("no claim of " + keys);
    }

    /** Other tenants' leftover work may be claimed too; only this tenant's claims count. */
    private Optional<Claim> claimOf(Tenants tenant, Optional<Claim> claim) {
        if (claim.isPresent() && !claim.get().tenant().clientKey().equals(tenant.clientKey())) {
            lifecycle.giveBack(new Attempt(claim.get(), "replica-a", Stage.PROCESS), false);
            lifecycle.giveBack(new Attempt(claim.get(), "replica-b", Stage.PROCESS), false);
            return Optional.empty();
        }
        return claim;
    }

    /** The [start, end] of processing of each batch of the tenant, in milliseconds, by start. */
    List<long[]> windows(String clientKey) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT (extract(epoch FROM processing_started_at) * 1000)::bigint, (extract(epoch FROM modified_at) * 1000)::bigint"
                                + " FROM batch b JOIN api_client a ON a.id = b.client_id WHERE a.client_key = ? ORDER BY processing_started_at")) {
            s.setString(1, clientKey);
            List<long[]> windows = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    windows.add(new long[] { rows.getLong(1), rows.getLong(2) });
                }
            }
            return windows;
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        }
    }
}
