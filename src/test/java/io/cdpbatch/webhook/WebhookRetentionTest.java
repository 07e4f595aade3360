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

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.retention.RetentionPurge;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;

/** The retention purge removes finished deliveries older than the window, in chunks; pending ones stay. */
@QuarkusTest
class WebhookRetentionTest {

    @Inject
    ApiClientService clients;

    @Inject
    RetentionPurge purge;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void finishedDeliveriesOlderThanTheWindowArePurged() throws SQLException {
        Tenants tenant = Tenants.create(clients);
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
