package io.cdpbatch.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;

import io.cdpbatch.support.Tenants;
import io.restassured.path.json.JsonPath;

/** Webhook calls as a client makes them, and the receiver's side of the signature. */
final class Webhooks {

    private Webhooks() {
    }

    record Registered(String id, String secret) {
    }

    static Registered register(Tenants tenant, String url) {
        String id = UUID.randomUUID().toString();
        String secret = tenant.given().body(Map.of("url", url)).when().put("/v2/webhooks/{id}", id)
                .then().statusCode(201).extract().path("secret");
        assertThat(secret).startsWith("whsec_");
        return new Registered(id, secret);
    }

    static JsonPath deliveries(Tenants tenant) {
        return tenant.given().when().get("/v2/webhooks/deliveries").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath deliveriesOf(Tenants tenant, String batchRef) {
        return tenant.given().queryParam("batchRef", batchRef).when().get("/v2/webhooks/deliveries").then().statusCode(200)
                .extract().jsonPath();
    }

    /** Waits until the only delivery of this batch satisfies the condition; returns it. */
    static Map<String, Object> awaitDelivery(Tenants tenant, String batchRef, Predicate<Map<String, Object>> condition) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonPath page = deliveriesOf(tenant, batchRef);
                    return page.getInt("totalCount") == 1 ? page.<String, Object> getMap("items[0]") : null;
                }, delivery -> delivery != null && condition.test(delivery));
    }

    /** What a receiver computes: {@code v1=} and the hex HMAC-SHA256 of {@code timestamp.body}. */
    static String signature(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static void delete(Tenants tenant, String id) {
        tenant.given().when().delete("/v2/webhooks/{id}", id).then().statusCode(204);
    }
}
