package io.cdpbatch.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;

import io.cdpbatch.support.Tenants;
import io.quarkus.arc.Arc;
import io.quarkus.scheduler.Scheduler;
import io.restassured.path.json.JsonPath;

/**
 * Webhook calls as a client makes them, the receiver's side of the signature, and the deliverer
 * driven by the test: its scheduled poll is paused, the tests call {@link WebhookDeliverer#poll()}.
 */
final class Webhooks {

    /** A secret as Standard Webhooks show it: {@code whsec_} and the base64 of 32 bytes. */
    static final String SECRET_PATTERN = "whsec_[A-Za-z0-9+/]{43}=";

    private Webhooks() {
    }

    record Registered(String id, String secret) {
    }

    static Registered register(Tenants tenant, String url) {
        String id = UUID.randomUUID().toString();
        String secret = tenant.given().body(Map.of("url", url)).when().put("/v2/webhooks/{id}", id)
                .then().statusCode(201).extract().path("secret");
        assertThat(secret).matches(SECRET_PATTERN);
        return new Registered(id, secret);
    }

    static JsonPath deliveries(Tenants tenant) {
        return tenant.given().when().get("/v2/webhooks/deliveries").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath deliveriesOf(Tenants tenant, String batchRef) {
        return tenant.given().queryParam("batchRef", batchRef).when().get("/v2/webhooks/deliveries").then().statusCode(200)
                .extract().jsonPath();
    }

    static WebhookDeliverer deliverer() {
        return Arc.container().instance(WebhookDeliverer.class).get();
    }

    /** Stops the scheduled poll, so that only the test polls (and counts its polls). */
    static void pauseScheduledPoll() {
        Arc.container().instance(Scheduler.class).get().pause(WebhookDeliverer.JOB);
    }

    static void resumeScheduledPoll() {
        Arc.container().instance(Scheduler.class).get().resume(WebhookDeliverer.JOB);
    }

    /** One poll; returns what it claimed. */
    static List<WebhookOutbox.Claimed> poll() {
        return deliverer().poll();
    }

    /** Waits until the deliverer has nothing in flight. */
    static void awaitIdle() {
        try {
            assertThat(deliverer().awaitIdle(Duration.ofSeconds(20))).as("deliveries in flight ended").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Polls until the only delivery of this batch satisfies the condition; returns it. Retries come
     * due on their own (the test back-off is short), each poll claims what is due.
     */
    static Map<String, Object> awaitDelivery(Tenants tenant, String batchRef, Predicate<Map<String, Object>> condition) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    poll();
                    JsonPath page = deliveriesOf(tenant, batchRef);
                    return page.getInt("totalCount") == 1 ? page.<String, Object> getMap("items[0]") : null;
                }, delivery -> delivery != null && condition.test(delivery));
    }

    /**
     * What a receiver computes, written here from the specification's words: {@code v1,} and the
     * base64 HMAC-SHA256, keyed with the base64-decoded part of the secret after {@code whsec_}, of
     * {@code id.timestamp.body}.
     */
    static String signature(String secret, String id, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this request is signed with this secret. */
    static boolean signedWith(Receiver.Received post, String secret) {
        return post.header("webhook-signature")
                .equals(signature(secret, post.header("webhook-id"), post.header("webhook-timestamp"), post.body()));
    }

    static void delete(Tenants tenant, String id) {
        tenant.given().when().delete("/v2/webhooks/{id}", id).then().statusCode(204);
    }
}
