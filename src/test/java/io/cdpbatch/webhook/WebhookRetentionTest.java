package io.cdpbatch.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.retention.RetentionPurge;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestClock;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.junit.QuarkusTest;

/** The retention purge removes finished deliveries older than the window, in chunks; pending ones stay. */
@QuarkusTest
@ApiTest
class WebhookRetentionTest {

    @Inject
    RetentionPurge purge;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void finishedDeliveriesOlderThanTheWindowArePurged(Tenants tenant) throws SQLException {
        Webhooks.Registered webhook = Webhooks.register(tenant, "https://example.com/hooks/retention");
        Instant cutoff = Instant.now().minus(Duration.ofDays(30));
        // Deliveries of the past the window: finished ones go, a pending one stays; a recent one stays.
        Map<String, UUID> refs = Map.of("old-delivered", UUID.randomUUID(), "old-failed-1", UUID.randomUUID(),
                "old-failed-2", UUID.randomUUID(), "old-pending", UUID.randomUUID(), "recent-delivered", UUID.randomUUID());
        insert(webhook.id(), refs.get("old-delivered"), "delivered", 31);
        insert(webhook.id(), refs.get("old-failed-1"), "failed", 40);
        insert(webhook.id(), refs.get("old-failed-2"), "failed", 31);
        insert(webhook.id(), refs.get("old-pending"), "pending", 31);
        insert(webhook.id(), refs.get("recent-delivered"), "delivered", 1);

        // Other classes' deliveries are recent, so exactly these three go, two per transaction.
        assertThat(purge.purgeDeliveries(cutoff, 2)).isEqualTo(3);

        assertThat(remaining(webhook.id())).containsExactlyInAnyOrder(refs.get("old-pending"), refs.get("recent-delivered"));
        // the pending one would otherwise be sent: keep the poller away from it
        tenant.given().when().delete("/v2/webhooks/{id}", webhook.id()).then().statusCode(204);
    }

    /**
     * A batch removed by retention takes its callback's deliveries with it, pending ones included
     * (they could never be sent: the secret went with the batch); a registered webhook's delivery
     * of that batch stays and is still sent.
     */
    @Test
    void pendingCallbackDeliveriesGoWithTheirPurgedBatch(Tenants tenant) throws SQLException {
        // Expired batches left by other test classes go first, so the count below is exactly this test's.
        purge.purge();
        String deadReceiver = "http://127.0.0.1:9/hooks/batches";
        Webhooks.Registered webhook = Webhooks.register(tenant, deadReceiver + "/webhook");
        clock.shift(Duration.ofDays(-31));
        String ref = UUID.randomUUID().toString();
        byte[] file = TestFiles
                .ndjsonGz(List.of(Lines.guest("p1").identifier("crm", "purged-callback").firstName("Ada").upsert()));
        tenant.given().body("{\"checksum\":\"" + TestFiles.md5Hex(file) + "\",\"size\":" + (file.length + 1)
                + ",\"callbackUrl\":\"" + deadReceiver + "\"}").when().put("/v2/batches/{ref}", ref).then().statusCode(201);
        Uploads.storeDirectly(tenant.clientKey(), ref, file);
        assertThat(Batches.awaitTerminal(tenant, ref).getString("status.code")).isEqualTo("corrupted");
        clock.reset();
        assertThat(deliveries(ref)).containsExactlyInAnyOrder("callback pending", "webhook pending");

        RetentionPurge.PurgeResult result = purge.purge(Instant.now().minus(Duration.ofDays(30)), 2);

        assertThat(result.batches()).isEqualTo(1);
        tenant.given().when().get("/v2/batches/{ref}", ref).then().statusCode(404);
        assertThat(deliveries(ref)).containsExactly("webhook pending");
        // what stays is still sent
        assertThat(Webhooks.poll()).filteredOn(claimed -> claimed.batchRef().equals(UUID.fromString(ref)))
                .extracting(WebhookOutbox.Claimed::webhookId).containsExactly(UUID.fromString(webhook.id()));
        Webhooks.awaitIdle();
        tenant.given().when().delete("/v2/webhooks/{id}", webhook.id()).then().statusCode(204);
        // the cancelled delivery is old: purge it, so the other test's counts stay exact
        purge.purgeDeliveries(Instant.now().minus(Duration.ofDays(30)), 100);
    }

    /** "callback pending", "webhook delivered", ... for every delivery of the batch. */
    private List<String> deliveries(String ref) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement("""
                SELECT CASE WHEN webhook_public_id IS NULL THEN 'callback' ELSE 'webhook' END || ' ' || state AS kind
                FROM webhook_delivery WHERE batch_ref = ?::uuid""")) {
            select.setString(1, ref);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString("kind"));
                }
            }
        }
        return found;
    }

    private void insert(String webhookId, UUID ref, String state, int daysAgo) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO webhook_delivery (client_id, webhook_id, webhook_public_id, url, batch_ref, payload, state,
                                              next_attempt_at, created_at)
                SELECT client_id, id, public_id, url, ?::uuid, '{}', ?,
                       CASE WHEN ? = 'pending' THEN now() + interval '1 hour' END, now() - ? * interval '1 day'
                FROM webhook WHERE public_id = ?::uuid""")) {
            insert.setString(1, ref.toString());
            insert.setString(2, state);
            insert.setString(3, state);
            insert.setInt(4, daysAgo);
            insert.setString(5, webhookId);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
    }

    private List<UUID> remaining(String webhookId) throws SQLException {
        List<UUID> refs = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT batch_ref FROM webhook_delivery WHERE webhook_public_id = ?::uuid")) {
            select.setString(1, webhookId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    refs.add((UUID) rows.getObject(1));
                }
            }
        }
        return refs;
    }
}
