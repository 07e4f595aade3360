package io.cdpbatch.webhook;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/** The production rules: https only, and no delivery to loopback or private addresses (SSRF guard). */
@QuarkusTest
@TestProfile(WebhookStrictTest.Production.class)
class WebhookStrictTest {

    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("batch.webhooks.allow-http", "false", "batch.webhooks.allow-private-addresses", "false");
        }
    }

    @Inject
    ApiClientService clients;

    Tenants tenant;

    @BeforeEach
    void setUp() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        tenant = Tenants.create(clients);
    }

    @Test
    void plainHttpIsRefused() {
        assertError(tenant.given().body(Map.of("url", "http://example.com/hook")).when()
                .put("/v2/webhooks/{id}", UUID.randomUUID().toString()).then(), 400, "url must be an absolute https URL",
                "url must be an absolute https URL: the scheme \"http\" is not allowed (deliveries are only sent over TLS)");
        assertError(tenant.given().body(Map.of("url", "/relative")).when()
                .put("/v2/webhooks/{id}", UUID.randomUUID().toString()).then(), 400, "url must be an absolute https URL",
                "url must be an absolute https URL such as https://example.com/hooks/batches, got \"/relative\"");
    }

    @Test
    void aDeliveryToALoopbackAddressFailsWithoutConnecting() {
        Webhooks.Registered webhook = Webhooks.register(tenant, "https://127.0.0.1:9/hooks");
        String ref = Batches.uploadLines(tenant, List.of(WebhookDeliveryTest.guest("r1", "s-1")));
        Batches.awaitTerminal(tenant, ref);

        Map<String, Object> delivery = Webhooks.awaitDelivery(tenant, ref, d -> "failed".equals(d.get("state")));

        assertThat(delivery).containsEntry("attempts", 1).containsEntry("lastStatusCode", null)
                .containsEntry("nextAttemptAt", null).containsEntry("lastError",
                        "Refused: 127.0.0.1 resolves to the loopback address 127.0.0.1 "
                                + "(set batch.webhooks.allow-private-addresses=true to allow)");
        Webhooks.delete(tenant, webhook.id());
    }
}
