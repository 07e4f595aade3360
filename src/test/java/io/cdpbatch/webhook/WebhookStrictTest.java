package io.cdpbatch.webhook;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The production rules: https only, and no delivery to loopback or private addresses (SSRF guard). */
@QuarkusTest
@ApiTest
@TestProfile(WebhookStrictTest.Production.class)
class WebhookStrictTest {

    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("batch.webhooks.allow-http", "false", "batch.webhooks.allow-private-addresses", "false");
        }
    }

    Tenants tenant;

    @Test
    void plainHttpIsRefused() {
        assertError(tenant.given().body(Map.of("url", "http://example.com/hook")).when()
                .put("/v2/webhooks/{id}", UUID.randomUUID().toString()).then(), 400, "url must be an absolute https URL",
                "url must be an absolute https URL: the scheme \"http\" is not allowed (deliveries are only sent over TLS)");
        assertError(tenant.given().body(Map.of("url", "/relative")).when()
                .put("/v2/webhooks/{id}", UUID.randomUUID().toString()).then(), 400, "url must be an absolute https URL",
                "url must be an absolute https URL such as https://example.com/hooks/batches, got \"/relative\"");
    }

    /**
     * The tenant learns neither the address nor whether the name exists: a loopback address and a
     * name that does not resolve read the same, and both are retried alike.
     */
    @Test
    void aLoopbackAddressAndAnUnknownNameFailAlikeWithoutConnecting() throws Exception {
        try (Receiver loopback = Receiver.ok()) {
            Tenants other = Tenants.create();
            Webhooks.Registered webhook = Webhooks.register(tenant, loopback.url().replace("http://", "https://"));
            Webhooks.Registered unknown = Webhooks.register(other, "https://does-not-exist.invalid/hooks");
            String ref = Batches.uploadLines(tenant,
                    List.of(Lines.guest("r1").identifier("crm", "s-1").firstName("Ada").upsert()));
            String otherRef = Batches.uploadLines(other,
                    List.of(Lines.guest("r1").identifier("crm", "s-2").firstName("Ada").upsert()));
            Batches.awaitTerminal(tenant, ref);
            Batches.awaitTerminal(other, otherRef);

            Map<String, Object> delivery = Webhooks.awaitDelivery(tenant, ref, d -> (Integer) d.get("attempts") >= 1);
            Map<String, Object> unresolved = Webhooks.awaitDelivery(other, otherRef, d -> (Integer) d.get("attempts") >= 1);

            for (Map<String, Object> d : List.of(delivery, unresolved)) {
                assertThat(d).containsEntry("state", "pending").containsEntry("lastStatusCode", null)
                        .containsEntry("lastError", "not a public address (or the host name does not resolve)");
                assertThat(d.get("nextAttemptAt")).isNotNull();
            }
            assertThat(loopback.count()).isZero();
            Webhooks.delete(tenant, webhook.id());
            Webhooks.delete(other, unknown.id());
        }
    }
}
