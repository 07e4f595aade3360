package io.cdpbatch.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Management;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestClock;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Completion events end to end: real uploads, the outbox, signed POSTs to a receiver, retries, the delivery log. */
@QuarkusTest
@ApiTest
class WebhookDeliveryTest {

    @Inject
    TestClock clock;

    @Inject
    AgroalDataSource dataSource;

    Tenants tenant;
    final List<Receiver> receivers = new ArrayList<>();
    final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void tearDown() {
        clock.reset();
        // Deleting the webhooks cancels what is still pending, so nothing keeps retrying after the test.
        cleanups.forEach(Runnable::run);
        receivers.forEach(Receiver::close);
    }

    /** Polls until nothing more is claimed and nothing is in flight; returns the claims of this tenant's deliveries. */
    static long pollUntilQuiet(Receiver receiver) {
        Webhooks.awaitIdle();
        long claimed = Webhooks.poll().stream().filter(c -> c.url().equals(receiver.url())).count();
        Webhooks.awaitIdle();
        return claimed;
    }

    Receiver receiver(java.util.function.IntUnaryOperator answer) throws Exception {
        Receiver receiver = Receiver.answering(answer);
        receivers.add(receiver);
        return receiver;
    }

    Webhooks.Registered register(Tenants owner, Receiver receiver) {
        Webhooks.Registered webhook = Webhooks.register(owner, receiver.url());
        cleanups.add(() -> owner.given().when().delete("/v2/webhooks/{id}", webhook.id()));
        return webhook;
    }

    @Test
    void oneSignedPostWhoseBodyMatchesTheStatus() throws Exception {
        Receiver receiver = receiver(n -> 200);
        Webhooks.Registered webhook = register(tenant, receiver);

        String ref = Batches.uploadLines(tenant, List.of(Lines.guest("r1").identifier("crm", "w-1").firstName("Ada").upsert(),
                Lines.guest("r2").identifier("crm", "w-2").firstName("Ada").upsert()));
        JsonPath status = Batches.awaitTerminal(tenant, ref);
        assertThat(status.getString("status.code")).isEqualTo("success");

        Map<String, Object> delivery = Webhooks.awaitDelivery(tenant, ref, d -> "delivered".equals(d.get("state")));
        // exactly one POST: a delivered delivery is never claimed again
        assertThat(pollUntilQuiet(receiver)).isZero();
        assertThat(receiver.count()).isEqualTo(1);

        Receiver.Received post = receiver.received().get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo("/hooks/batches");
        assertThat(post.header("Content-Type")).isEqualTo("application/json");
        assertThat(post.header("Host")).isEqualTo(URI.create(receiver.url()).getRawAuthority());
        assertThat(post.header("webhook-id")).isEqualTo(delivery.get("id"));
        long timestamp = Long.parseLong(post.header("webhook-timestamp"));
        assertThat(timestamp).isBetween(Instant.now().getEpochSecond() - 30, Instant.now().getEpochSecond());
        assertThat(post.header("webhook-signature")).matches("v1,[A-Za-z0-9+/]{43}=");
        assertThat(Webhooks.signedWith(post, webhook.secret())).isTrue();
        assertThat(post.header("webhook-signature")).isNotEqualTo(Webhooks.signature(webhook.secret(),
                post.header("webhook-id"), post.header("webhook-timestamp"), post.body() + " "));
        // the old headers are gone
        assertThat(post.headers()).doesNotContainKeys("x-cdpbatch-delivery", "x-cdpbatch-timestamp",
                "x-cdpbatch-signature");

        JsonPath body = new JsonPath(post.body());
        assertThat(body.getMap("")).containsOnlyKeys("type", "timestamp", "data");
        assertThat(body.getString("type")).isEqualTo("batch.completed");
        assertThat(body.getString("timestamp")).isEqualTo(status.getString("modifiedAt"));
        assertThat(body.getMap("data")).containsOnlyKeys("ref", "status", "summary");
        assertThat(body.getString("data.ref")).isEqualTo(ref);
        assertThat(body.getString("data.status")).isEqualTo("success");
        assertThat(body.getMap("data.summary")).isEqualTo(status.getMap("status.summary"));
        assertThat(body.getLong("data.summary.totalCount")).isEqualTo(2);

        assertThat(delivery).containsEntry("webhookId", webhook.id()).containsEntry("batchRef", ref)
                .containsEntry("url", receiver.url()).containsEntry("state", "delivered").containsEntry("attempts", 1)
                .containsEntry("lastStatusCode", 200).containsEntry("lastError", null)
                .containsEntry("nextAttemptAt", null);
        assertThat(Instant.parse((String) delivery.get("deliveredAt")))
                .isAfterOrEqualTo(Instant.parse((String) delivery.get("createdAt")));
        assertThat(delivery.get("createdAt")).isEqualTo(status.getString("modifiedAt"));
    }

    @Test
    void aDryRunsEventSaysItIsADryRun() throws Exception {
        Receiver receiver = receiver(n -> 200);
        register(tenant, receiver);

        byte[] file = TestFiles.ndjsonGz(List.of(Lines.guest("d1").identifier("crm", "w-dry-1").firstName("Ada").upsert()));
        String ref = UUID.randomUUID().toString();
        String url = tenant.given()
                .body("{\"checksum\":\"" + TestFiles.md5Hex(file) + "\",\"size\":" + file.length + ",\"dryRun\":true}")
                .when().put("/v2/batches/{ref}", ref).then().statusCode(201).extract().path("location.href");
        assertThat(Uploads.put(url, file).status()).isEqualTo(200);
        JsonPath status = Batches.awaitTerminal(tenant, ref);
        assertThat(status.getBoolean("dryRun")).isTrue();

        Webhooks.awaitDelivery(tenant, ref, d -> "delivered".equals(d.get("state")));
        JsonPath body = new JsonPath(receiver.received().get(0).body());
        assertThat(body.getString("data.ref")).isEqualTo(ref);
        assertThat(body.getBoolean("data.dryRun")).isTrue();
        assertThat(body.getMap("data.summary")).isEqualTo(status.getMap("status.summary"));
    }

    @Test
    void batchWithFailedRecordsLinksItsStatusForTheLog() throws Exception {
        Receiver receiver = receiver(n -> 204);
        register(tenant, receiver);

        String ref = Batches.uploadLines(tenant,
                List.of(Lines.guest("r1").identifier("crm", "w-1").firstName("Ada").upsert(), "not json"));
        JsonPath status = Batches.awaitTerminal(tenant, ref);
        assertThat(status.getString("status.code")).isEqualTo("error");

        Webhooks.awaitDelivery(tenant, ref, d -> "delivered".equals(d.get("state")));
        JsonPath body = new JsonPath(receiver.received().get(0).body());
        assertThat(body.getString("data.status")).isEqualTo("error");
        assertThat(body.getString("data.log")).isEqualTo("/v2/batches/" + ref);
        assertThat(body.getLong("data.summary.failedCount")).isEqualTo(1);
        assertThat(body.getLong("data.summary.succeededCount")).isEqualTo(1);
        // the error summary, saved just before the transition, is in the event as in the status answer
        assertThat(body.getString("data.summary.errors[0].message")).isEqualTo("Failed to parse import line");
        assertThat(body.getMap("data.summary")).isEqualTo(status.getMap("status.summary"));
    }

    @Test
    void corruptedBatchFiresAnEventAndATenantWithoutWebhookGetsNone() throws Exception {
        Receiver receiver = receiver(n -> 200);
        register(tenant, receiver);
        Tenants quiet = Tenants.create();

        byte[] file = TestFiles.ndjsonGz(List.of(Lines.guest("c1").identifier("crm", "w-c").firstName("Ada").upsert()));
        String ref = UUID.randomUUID().toString();
        Batches.allocate(tenant, ref, TestFiles.md5Hex(file), file.length + 1);
        // a size other than declared (the upload URL itself would refuse it)
        Uploads.storeDirectly(tenant.clientKey(), ref, file);
        JsonPath status = Batches.awaitTerminal(tenant, ref);
        assertThat(status.getString("status.code")).isEqualTo("corrupted");

        String quietRef = Batches.uploadLines(quiet,
                List.of(Lines.guest("q1").identifier("crm", "w-q").firstName("Ada").upsert()));
        Batches.awaitTerminal(quiet, quietRef);

        Webhooks.awaitDelivery(tenant, ref, d -> "delivered".equals(d.get("state")));
        JsonPath body = new JsonPath(receiver.received().get(0).body());
        assertThat(body.getMap("data")).containsOnlyKeys("ref", "status", "message");
        assertThat(body.getString("data.status")).isEqualTo("corrupted");
        assertThat(body.getString("data.message")).isEqualTo(status.getString("status.message"));

        assertThat(pollUntilQuiet(receiver)).isZero();
        assertThat(receiver.count()).isEqualTo(1);
        assertThat(Webhooks.deliveries(quiet).getInt("totalCount")).isZero();
    }

    @Test
    void failedAttemptsAreRetriedUntilDelivered() throws Exception {
        Receiver receiver = receiver(n -> n <= 2 ? 500 : 200);
        Webhooks.Registered webhook = register(tenant, receiver);
        double retriedBefore = counter("retried");
        double deliveredBefore = counter("delivered");

        String ref = Batches.uploadLines(tenant, List.of(Lines.guest("r1").identifier("crm", "w-1").firstName("Ada").upsert()));
        Batches.awaitTerminal(tenant, ref);

        Map<String, Object> retrying = Webhooks.awaitDelivery(tenant, ref, d -> ((Integer) d.get("attempts")) >= 1);
        if ("pending".equals(retrying.get("state"))) {
            // the tenant sees the status, not the receiver's answer
            assertThat(retrying).containsEntry("lastStatusCode", 500).containsEntry("lastError", "answered 500");
            assertThat(retrying.get("nextAttemptAt")).isNotNull();
        }
        Map<String, Object> delivery = Webhooks.awaitDelivery(tenant, ref, d -> "delivered".equals(d.get("state")));

        assertThat(delivery).containsEntry("attempts", 3).containsEntry("lastStatusCode", 200).containsEntry("lastError", null);
        assertThat(receiver.received()).hasSize(3);
        // the same delivery, the same body, each attempt signed afresh
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsOnly((String) delivery.get("id"));
        assertThat(receiver.received()).extracting(Receiver.Received::body).containsOnly(receiver.received().get(0).body());
        assertThat(receiver.received()).allMatch(post -> Webhooks.signedWith(post, webhook.secret()));
        assertThat(counter("retried") - retriedBefore).isGreaterThanOrEqualTo(2);
        assertThat(counter("delivered") - deliveredBefore).isGreaterThanOrEqualTo(1);
    }

    @Test
    void givesUpAfterTheRetryWindow() throws Exception {
        Receiver receiver = receiver(n -> 503);
        register(tenant, receiver);

        String ref = Batches.uploadLines(tenant, List.of(Lines.guest("r1").identifier("crm", "w-1").firstName("Ada").upsert()));
        Batches.awaitTerminal(tenant, ref);
        Webhooks.awaitDelivery(tenant, ref, d -> ((Integer) d.get("attempts")) >= 1);

        clock.shift(Duration.ofHours(24).plusMinutes(1));

        Map<String, Object> delivery = Webhooks.awaitDelivery(tenant, ref, d -> "failed".equals(d.get("state")));
        int attempts = (Integer) delivery.get("attempts");
        assertThat(delivery).containsEntry("lastStatusCode", 503).containsEntry("nextAttemptAt", null)
                .containsEntry("deliveredAt", null)
                .containsEntry("lastError", "answered 503 (gave up after " + attempts + " attempts in PT24H)");
        // a failed delivery is never claimed again
        assertThat(pollUntilQuiet(receiver)).isZero();
        assertThat(receiver.count()).isEqualTo(attempts);
    }

    @Test
    void deletingTheWebhookCancelsItsPendingDeliveries() throws Exception {
        Receiver receiver = receiver(n -> 500);
        Webhooks.Registered webhook = Webhooks.register(tenant, receiver.url());

        String ref = Batches.uploadLines(tenant, List.of(Lines.guest("r1").identifier("crm", "w-1").firstName("Ada").upsert()));
        Batches.awaitTerminal(tenant, ref);
        Webhooks.awaitDelivery(tenant, ref, d -> ((Integer) d.get("attempts")) >= 1);

        Webhooks.delete(tenant, webhook.id());

        Map<String, Object> delivery = Webhooks.deliveriesOf(tenant, ref).getMap("items[0]");
        assertThat(delivery).containsEntry("state", "failed").containsEntry("webhookId", webhook.id())
                .containsEntry("lastError", "Cancelled: the webhook was deleted").containsEntry("nextAttemptAt", null);
        // an attempt in flight at the deletion may still arrive; after it, nothing is claimed again
        Webhooks.awaitIdle();
        int posts = receiver.count();
        assertThat(pollUntilQuiet(receiver)).isZero();
        assertThat(receiver.count()).isEqualTo(posts);
        assertThat(Webhooks.deliveriesOf(tenant, ref).getString("items[0].state")).isEqualTo("failed");
        tenant.given().when().get("/v2/webhooks/{id}", webhook.id()).then().statusCode(404);
    }

    @Test
    void aHangingReceiverDoesNotDelayProcessing() throws Exception {
        Receiver receiver = receiver(n -> 0);
        register(tenant, receiver);

        String first = Batches.uploadLines(tenant,
                List.of(Lines.guest("r1").identifier("crm", "w-1").firstName("Ada").upsert()));
        Batches.awaitTerminal(tenant, first);
        assertThat(Webhooks.poll()).extracting(WebhookOutbox.Claimed::batchRef).containsExactly(UUID.fromString(first));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.count() == 1);

        // the receiver holds the first delivery: a second batch still completes
        String second = Batches.uploadLines(tenant,
                List.of(Lines.guest("r2").identifier("crm", "w-2").firstName("Ada").upsert()));
        assertThat(Batches.awaitTerminal(tenant, second).getString("status.code")).isEqualTo("success");

        Map<String, Object> timedOut = Webhooks.awaitDelivery(tenant, first, d -> ((Integer) d.get("attempts")) >= 1);
        assertThat(timedOut).containsEntry("state", "pending").containsEntry("lastStatusCode", null)
                .containsEntry("lastError", "timed out");
    }

    @Test
    void aDeliveryLeftByACrashedInstanceIsRetakenWhenItsLeaseExpires() throws Exception {
        Receiver receiver = receiver(n -> 200);
        Webhooks.Registered webhook = register(tenant, receiver);
        String ref = UUID.randomUUID().toString();
        String payload = "{\"type\":\"batch.completed\",\"timestamp\":\"2026-11-28T14:04:15.000Z\","
                + "\"data\":{\"ref\":\"" + ref + "\",\"status\":\"success\"}}";
        // As an instance leaves it when it dies while sending: claimed, its lease running for an hour.
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        """
                                INSERT INTO webhook_delivery (client_id, webhook_id, webhook_public_id, url, batch_ref, payload, next_attempt_at,
                                                              created_at, lease_owner, lease_expires_at)
                                SELECT client_id, id, public_id, url, ?::uuid, ?, now(), now(), 'crashed-instance', clock_timestamp() + interval '1 hour'
                                FROM webhook WHERE public_id = ?::uuid""")) {
            insert.setString(1, ref);
            insert.setString(2, payload);
            insert.setString(3, webhook.id());
            assertThat(insert.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }

        // not while the lease runs
        assertThat(pollUntilQuiet(receiver)).isZero();
        assertThat(receiver.count()).isZero();

        // the lease runs out (as the database clock sees it)
        execute("UPDATE webhook_delivery SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE batch_ref = ?::uuid",
                ref);
        Map<String, Object> delivery = Webhooks.awaitDelivery(tenant, ref, d -> "delivered".equals(d.get("state")));

        assertThat(delivery).containsEntry("attempts", 1).containsEntry("lastStatusCode", 200);
        assertThat(receiver.received()).hasSize(1);
        Receiver.Received post = receiver.received().get(0);
        assertThat(post.body()).isEqualTo(payload);
        assertThat(Webhooks.signedWith(post, webhook.secret())).isTrue();
    }

    @Test
    void aPerBatchCallbackGetsItsBatchsEventSignedWithItsOwnSecret() throws Exception {
        Receiver receiver = receiver(n -> 200);
        byte[] file = TestFiles.ndjsonGz(List.of(Lines.guest("r1").identifier("crm", "cb-1").firstName("Ada").upsert()));
        String ref = UUID.randomUUID().toString();
        String body = "{\"checksum\":\"" + TestFiles.md5Hex(file) + "\",\"size\":" + file.length + ",\"callbackUrl\":\""
                + receiver.url() + "\"}";
        JsonPath allocated = tenant.given().body(body).when().put("/v2/batches/{ref}", ref).then().statusCode(201).extract()
                .jsonPath();
        String secret = allocated.getString("callbackSecret");
        assertThat(secret).matches(Webhooks.SECRET_PATTERN);
        // a repeat renews the upload URL and never shows the secret again; another callbackUrl is a conflict
        assertThat(tenant.given().body(body).when().put("/v2/batches/{ref}", ref).then().statusCode(200).extract()
                .jsonPath().getMap("")).doesNotContainKey("callbackSecret");
        io.cdpbatch.support.ApiErrors.assertError(tenant.given().body(body.replace("/hooks/batches", "/other")).when()
                .put("/v2/batches/{ref}", ref).then(), 409, "Batch already exists with another callbackUrl",
                "Batch " + ref + " was allocated with another callbackUrl; repeat the allocation with the same body, "
                        + "or allocate a new ref");
        assertThat(Uploads.put(allocated.getString("location.href"), file).status()).isEqualTo(200);
        JsonPath status = Batches.awaitTerminal(tenant, ref);

        Map<String, Object> delivery = Webhooks.awaitDelivery(tenant, ref, d -> "delivered".equals(d.get("state")));

        assertThat(delivery).containsEntry("webhookId", null).containsEntry("url", receiver.url())
                .containsEntry("attempts", 1).containsEntry("lastStatusCode", 200);
        Receiver.Received post = receiver.received().get(0);
        assertThat(Webhooks.signedWith(post, secret)).isTrue();
        JsonPath event = new JsonPath(post.body());
        assertThat(event.getString("data.ref")).isEqualTo(ref);
        assertThat(event.getString("data.status")).isEqualTo("success");
        assertThat(event.getMap("data.summary")).isEqualTo(status.getMap("status.summary"));

        // another batch of the tenant, without a callback: nothing more
        String other = Batches.uploadLines(tenant,
                List.of(Lines.guest("r2").identifier("crm", "cb-2").firstName("Ada").upsert()));
        Batches.awaitTerminal(tenant, other);
        assertThat(pollUntilQuiet(receiver)).isZero();
        assertThat(receiver.count()).isEqualTo(1);
        assertThat(Webhooks.deliveriesOf(tenant, other).getInt("totalCount")).isZero();
    }

    private void execute(String sql, String parameter) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, parameter);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double counter(String outcome) {
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        String prefix = "cdpbatch_webhook_deliveries_total{outcome=\"" + outcome + "\"";
        return metrics.lines().filter(line -> line.startsWith(prefix)).mapToDouble(line -> Double.parseDouble(
                line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }
}
