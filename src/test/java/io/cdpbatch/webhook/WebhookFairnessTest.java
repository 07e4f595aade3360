package io.cdpbatch.webhook;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One tenant cannot starve the others: claims go round robin across tenants with due work, within
 * caps of deliveries in flight per tenant (2 in tests) and per receiver host (3 in tests), over all
 * instances; per-batch callbacks are capped at allocation (2 pending in tests). The test polls
 * itself and counts its polls.
 */
@QuarkusTest
@ApiTest
class WebhookFairnessTest {

    static final int PER_TENANT = 2;

    @Inject
    AgroalDataSource dataSource;

    final List<Receiver> receivers = new ArrayList<>();
    final List<Runnable> cleanups = new ArrayList<>();

    @BeforeEach
    void setUp() throws SQLException {
        Webhooks.awaitIdle();
        // Deliveries other test classes left pending would take turns in the claims counted here.
        update("""
                UPDATE webhook_delivery SET state = 'failed', last_error = 'cleared by a test', next_attempt_at = NULL,
                    lease_owner = NULL, lease_expires_at = NULL
                WHERE state = 'pending'""");
    }

    @AfterEach
    void tearDown() {
        cleanups.forEach(Runnable::run);
        receivers.forEach(Receiver::close);
    }

    /** A tenant with a webhook to this URL. */
    record Hooked(Tenants tenant, Webhooks.Registered webhook, String url) {
    }

    Hooked hooked(String url) {
        Tenants tenant = Tenants.create();
        Webhooks.Registered webhook = Webhooks.register(tenant, url);
        cleanups.add(() -> tenant.given().when().delete("/v2/webhooks/{id}", webhook.id()));
        return new Hooked(tenant, webhook, url);
    }

    Receiver receiver(java.util.function.IntUnaryOperator answer) throws Exception {
        Receiver receiver = Receiver.answering(answer);
        receivers.add(receiver);
        return receiver;
    }

    @Test
    void aHangingReceiverOfOneTenantDoesNotDelayAnotherTenant() throws Exception {
        Receiver hanging = receiver(n -> 0);
        Receiver ok = receiver(n -> 200);
        Hooked hog = hooked(hanging.url());
        Hooked other = hooked(ok.url());
        // The hog's ten deliveries are due long before the other tenant's one: by due time alone, they
        // would fill every slot of the instance and the other delivery would wait for the hangs.
        insertDue(hog, 10, 600);
        insertDue(other, 1, 1);

        // one poll: the other tenant's turn comes right after the hog's first, the hog gets its cap
        List<WebhookOutbox.Claimed> claimed = Webhooks.poll();
        assertThat(claimed).extracting(WebhookOutbox.Claimed::url).containsExactly(hog.url(), other.url(), hog.url());

        // and no other poll: the delivery arrives while the hog's two hang
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> "delivered".equals(Webhooks.deliveries(other.tenant()).getString("items[0].state")));
        assertThat(ok.count()).isEqualTo(1);
        assertThat(hanging.count()).isLessThanOrEqualTo(PER_TENANT);
    }

    @Test
    void everyTenantWithDueWorkIsServedWithinTwoPolls() throws Exception {
        Receiver ok = receiver(n -> 200);
        Hooked hog = hooked(ok.url() + "?tenant=hog");
        insertDue(hog, 10, 600);
        List<Hooked> others = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Hooked tenant = hooked(ok.url() + "?tenant=" + i);
            insertDue(tenant, 1, 1);
            others.add(tenant);
        }

        // six tenants with due work, three deliveries per poll (the host cap: all on 127.0.0.1)
        List<String> first = urls(Webhooks.poll());
        Webhooks.awaitIdle();
        List<String> second = urls(Webhooks.poll());
        Webhooks.awaitIdle();

        assertThat(first).containsExactly(hog.url(), others.get(0).url(), others.get(1).url());
        assertThat(second).containsExactly(others.get(2).url(), others.get(3).url(), others.get(4).url());
        // the hog got one turn, as everyone else
        assertThat(ok.received()).hasSize(6);
    }

    @Test
    void theCapsCountDeliveriesInFlightOnEveryInstance() throws Exception {
        String host = "cap-" + UUID.randomUUID() + ".example.test";
        Hooked busy = hooked("http://" + host + "/hooks");
        // the same host, written otherwise
        Hooked sameHost = hooked("http://" + host.toUpperCase() + ":8080/other?x=1");
        Hooked alsoSameHost = hooked("http://" + host + ":9090/third");
        Hooked elsewhere = hooked("http://elsewhere-" + UUID.randomUUID() + ".example.test/hooks");
        // another instance is sending two of this tenant's deliveries to the host
        insertLeasedElsewhere(busy, 2);
        insertDue(busy, 3, 60);
        insertDue(sameHost, 2, 50);
        insertDue(alsoSameHost, 2, 40);
        insertDue(elsewhere, 5, 30);
        assertThat(receiverHosts(List.of(busy, sameHost, alsoSameHost))).containsOnly(host);

        Map<String, Long> claimed = new LinkedHashMap<>();
        for (WebhookOutbox.Claimed claim : Webhooks.poll()) {
            claimed.merge(claim.url(), 1L, Long::sum);
        }

        // busy: its tenant has 2 in flight elsewhere; the host has room for one more, and takes the first
        // tenant in turn; elsewhere: its tenant's cap
        assertThat(claimed).containsExactly(Map.entry(sameHost.url(), 1L), Map.entry(elsewhere.url(), 2L));
    }

    @Test
    void allocationsWithACallbackAnswer429WhileTooManyCallbacksArePending() throws Exception {
        Tenants tenant = Tenants.create();
        String deadReceiver = "http://127.0.0.1:9/hooks/batches";
        // two batches that end corrupted (a wrong size): two callback deliveries pending, the test limit
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            byte[] file = TestFiles
                    .ndjsonGz(List.of(Lines.guest("c" + i).identifier("crm", "callback-cap-" + i).firstName("Ada").upsert()));
            String ref = UUID.randomUUID().toString();
            tenant.given().body(allocation(TestFiles.md5Hex(file), file.length + 1, deadReceiver)).when()
                    .put("/v2/batches/{ref}", ref).then().statusCode(201);
            Uploads.storeDirectly(tenant.clientKey(), ref, file);
            refs.add(ref);
        }
        for (String ref : refs) {
            assertThat(Batches.awaitTerminal(tenant, ref).getString("status.code")).isEqualTo("corrupted");
        }
        cleanups.add(() -> update("UPDATE webhook_delivery SET state = 'failed' WHERE batch_ref IN (?::uuid, ?::uuid)",
                refs.get(0), refs.get(1)));
        assertThat(Webhooks.deliveries(tenant).getList("items.state")).containsExactly("pending", "pending");

        assertError(tenant.given().body(allocation("b1d600dbf7463924e24647e626cd7c1e", 227, deadReceiver)).when()
                .put("/v2/batches/{ref}", UUID.randomUUID().toString()).then(), 429, "Too many pending callbacks",
                "This client has 2 callback deliveries pending (neither delivered nor given up yet), the limit is 2: "
                        + "allocate without callbackUrl, or wait until they are delivered or given up");
        // without a callback the tenant still allocates; another tenant is not concerned
        Batches.allocate(tenant, UUID.randomUUID().toString(), "b1d600dbf7463924e24647e626cd7c1e", 227);
        Tenants other = Tenants.create();
        other.given().body(allocation("b1d600dbf7463924e24647e626cd7c1e", 227, deadReceiver)).when()
                .put("/v2/batches/{ref}", UUID.randomUUID().toString()).then().statusCode(201);

        // once one is given up (or delivered), there is room again
        update("UPDATE webhook_delivery SET state = 'failed' WHERE batch_ref = ?::uuid", refs.get(0));
        tenant.given().body(allocation("b1d600dbf7463924e24647e626cd7c1e", 227, deadReceiver)).when()
                .put("/v2/batches/{ref}", UUID.randomUUID().toString()).then().statusCode(201);
    }

    static String allocation(String checksum, long size, String callbackUrl) {
        return "{\"checksum\":\"" + checksum + "\",\"size\":" + size + ",\"callbackUrl\":\"" + callbackUrl + "\"}";
    }

    static List<String> urls(List<WebhookOutbox.Claimed> claimed) {
        return claimed.stream().map(WebhookOutbox.Claimed::url).toList();
    }

    /** {@code count} pending deliveries of the webhook, due the given seconds ago (one millisecond apart, in order). */
    void insertDue(Hooked hooked, int count, int secondsAgo) {
        update("""
                INSERT INTO webhook_delivery (client_id, webhook_id, webhook_public_id, url, batch_ref, payload,
                                              next_attempt_at, created_at)
                SELECT client_id, id, public_id, url, gen_random_uuid(), '{"type":"batch.completed"}',
                       now() - ?::int * interval '1 second' + g * interval '1 millisecond', now()
                FROM webhook, generate_series(1, ?::int) g WHERE public_id = ?::uuid""",
                Integer.toString(secondsAgo), Integer.toString(count), hooked.webhook().id());
    }

    /** Deliveries another instance is sending now (its lease runs for an hour). */
    void insertLeasedElsewhere(Hooked hooked, int count) {
        update("""
                INSERT INTO webhook_delivery (client_id, webhook_id, webhook_public_id, url, batch_ref, payload,
                                              next_attempt_at, created_at, lease_owner, lease_expires_at)
                SELECT client_id, id, public_id, url, gen_random_uuid(), '{"type":"batch.completed"}', now(), now(),
                       'another-instance', clock_timestamp() + interval '1 hour'
                FROM webhook, generate_series(1, ?::int) g WHERE public_id = ?::uuid""",
                Integer.toString(count), hooked.webhook().id());
    }

    List<String> receiverHosts(List<Hooked> hooked) throws SQLException {
        List<String> hosts = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT DISTINCT receiver_host FROM webhook_delivery WHERE webhook_public_id = ANY (?::uuid[])")) {
            select.setArray(1, c.createArrayOf("uuid", hooked.stream().map(h -> h.webhook().id()).toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    hosts.add(rows.getString("receiver_host"));
                }
            }
        }
        return hosts;
    }

    private void update(String sql, String... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
