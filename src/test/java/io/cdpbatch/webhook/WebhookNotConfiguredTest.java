package io.cdpbatch.webhook;

import static io.cdpbatch.support.ApiErrors.assertError;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/** Without an encryption key the webhook routes answer 503 naming the variable; the batch API works. */
@QuarkusTest
@ApiTest
@TestProfile(WebhookNotConfiguredTest.NoKey.class)
class WebhookNotConfiguredTest {

    public static class NoKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // An empty value counts as not configured.
            return Map.of("batch.webhooks.encryption-key", "");
        }
    }

    static final String DEVELOPER_MESSAGE = "Webhooks need an encryption key for their signing secrets: set "
            + "BATCH_WEBHOOKS_ENCRYPTION_KEY to the base64 of 32 random bytes (openssl rand -base64 32)";

    @Test
    void everyWebhookRouteAnswers503(Tenants tenant) {
        String id = UUID.randomUUID().toString();
        for (ValidatableResponse response : new ValidatableResponse[] {
                tenant.given().body(Map.of("url", "https://example.com/hook")).when().put("/v2/webhooks/{id}", id).then(),
                tenant.given().when().get("/v2/webhooks").then(),
                tenant.given().when().get("/v2/webhooks/{id}", id).then(),
                tenant.given().when().delete("/v2/webhooks/{id}", id).then(),
                tenant.given().when().get("/v2/webhooks/deliveries").then() }) {
            assertError(response, 503, "Webhooks are not configured", DEVELOPER_MESSAGE);
        }
        assertError(tenant.given().body("{\"checksum\":\"b1d600dbf7463924e24647e626cd7c1e\",\"size\":227,"
                + "\"callbackUrl\":\"https://example.com/hook\"}").when().put("/v2/batches/{ref}", id).then(), 503,
                "Webhooks are not configured", DEVELOPER_MESSAGE);
        // the batch API works, the refused allocation left nothing behind
        Batches.allocate(tenant, id, "b1d600dbf7463924e24647e626cd7c1e", 227);
    }
}
