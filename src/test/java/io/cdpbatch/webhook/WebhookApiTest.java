package io.cdpbatch.webhook;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/** The /v2/webhooks routes: registration, idempotency, validation, tenancy, the delivery log's paging and filters. */
@QuarkusTest
@ApiTest
class WebhookApiTest {

    static final String HOOK = "https://example.com/hooks/cdp-batch";

    Tenants tenant;
    final List<Receiver> receivers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        receivers.forEach(Receiver::close);
    }

    @Test
    void registrationIsIdempotentAndTheSecretIsShownOnce() {
        String id = UUID.randomUUID().toString();
        String upper = id.toUpperCase();
        Map<String, Object> created = tenant.given().body(Map.of("url", HOOK, "description", "Nightly import monitor"))
                .when().put("/v2/webhooks/{id}", upper)
                .then().statusCode(201).header("Location", RestAssured.baseURI + ":" + RestAssured.port + "/v2/webhooks/" + id)
                .extract().jsonPath().getMap("");
        assertThat(created).containsOnlyKeys("href", "id", "url", "description", "secret", "createdAt");
        assertThat(created).containsEntry("id", id).containsEntry("url", HOOK).containsEntry("description",
                "Nightly import monitor");
        assertThat((String) created.get("secret")).matches(Webhooks.SECRET_PATTERN);

        Map<String, Object> again = tenant.given().body(Map.of("url", HOOK)).when().put("/v2/webhooks/{id}", id)
                .then().statusCode(200).extract().jsonPath().getMap("");
        assertThat(again).containsOnlyKeys("href", "id", "url", "createdAt").containsEntry("id", id)
                .containsEntry("createdAt", created.get("createdAt"));

        assertError(tenant.given().body(Map.of("url", HOOK + "/other")).when().put("/v2/webhooks/{id}", id).then(), 409,
                "Webhook already exists with another URL", "Webhook " + id
                        + " is registered for another URL; a webhook's URL cannot change: delete it, or register a new id");

        Map<String, Object> one = tenant.given().when().get("/v2/webhooks/{id}", id).then().statusCode(200).extract().jsonPath()
                .getMap("");
        assertThat(one).doesNotContainKey("secret").containsEntry("url", HOOK).containsEntry("href", created.get("href"));
        JsonPath list = tenant.given().when().get("/v2/webhooks").then().statusCode(200).extract().jsonPath();
        assertThat(list.getInt("totalCount")).isEqualTo(1);
        assertThat(list.getList("items.id")).containsExactly(id);
        assertThat(list.getString("items[0].secret")).isNull();

        tenant.given().when().delete("/v2/webhooks/{id}", id).then().statusCode(204);
        assertError(tenant.given().when().get("/v2/webhooks/{id}", id).then(), 404, "Webhook not found",
                "No webhook " + id + " for this client");
        assertError(tenant.given().when().delete("/v2/webhooks/{id}", id).then(), 404, "Webhook not found",
                "No webhook " + id + " for this client");
        assertThat(tenant.given().when().get("/v2/webhooks").then().statusCode(200).extract().jsonPath().getInt("totalCount"))
                .isZero();
    }

    @Test
    void badInputsAnswer400WithPreciseMessages() {
        String id = UUID.randomUUID().toString();
        assertError(tenant.given().body(Map.of("url", HOOK)).when().put("/v2/webhooks/{id}", "hook-1").then(), 400,
                "id must be a UUID",
                "id must be a UUID chosen by the client, such as 0f8e2b1c-5a1d-4c1e-9b6a-2f1f3c4d5e6f, got \"hook-1\"");
        assertError(tenant.given().when().get("/v2/webhooks/{id}", "hook-1").then(), 400, "id must be a UUID",
                "id must be a UUID chosen by the client, such as 0f8e2b1c-5a1d-4c1e-9b6a-2f1f3c4d5e6f, got \"hook-1\"");
        assertError(tenant.given().when().delete("/v2/webhooks/{id}", "hook-1").then(), 400, "id must be a UUID",
                "id must be a UUID chosen by the client, such as 0f8e2b1c-5a1d-4c1e-9b6a-2f1f3c4d5e6f, got \"hook-1\"");
        assertError(put(id, ""), 400, "Request body is required",
                "Request body is required: {\"url\": \"https://...\", \"description\": \"...\"}");
        assertError(put(id, "{\"url\": "), 400, "Request body must be a JSON object",
                "Request body must be a JSON object with url and an optional description: Unexpected end-of-input within/between Object entries");
        assertError(put(id, "[]"), 400, "Request body must be a JSON object",
                "Request body must be a JSON object with url and an optional description");
        assertError(put(id, "{\"description\": \"x\"}"), 400, "url is required",
                "url is required: the absolute https URL the events are POSTed to");
        assertError(put(id, "{\"url\": 42}"), 400, "url must be a string", "url must be a string, got number");
        assertError(put(id, "{\"url\": \"https://user:pw@example.com/hook\"}"), 400, "url must not contain user information",
                "url must not contain user information (user:password@): the receiver verifies the signature instead");
        assertError(put(id, "{\"url\": \"/hooks/relative\"}"), 400, "url must be an absolute https or http URL",
                "url must be an absolute https or http URL such as https://example.com/hooks/batches, got \"/hooks/relative\"");
        assertError(put(id, "{\"url\": \"ftp://example.com/hook\"}"), 400, "url must be an absolute https or http URL",
                "url must be an absolute https or http URL: the scheme \"ftp\" is not allowed");
        assertError(put(id, "{\"url\": \"https://example.com/a b\"}"), 400, "url must be an absolute https or http URL",
                "url must be an absolute https or http URL, got \"https://example.com/a b\": Illegal character in path");
        assertError(put(id, "{\"url\": \"https:///no-host\"}"), 400, "url must be an absolute https or http URL",
                "url must be an absolute https or http URL with a host name, got \"https:///no-host\"");
        assertError(put(id, "{\"url\": \"https://example.com/hook#part\"}"), 400, "url must not contain a fragment",
                "url must not contain a fragment (#...), it is never sent to the receiver");
        String longUrl = "https://example.com/" + "a".repeat(2030);
        assertError(put(id, "{\"url\": \"" + longUrl + "\"}"), 400, "url must be at most 2048 characters",
                "url must be at most 2048 characters, got 2050");
        assertError(put(id, "{\"url\": \"" + HOOK + "\", \"description\": 3}"), 400, "description must be a string",
                "description must be a string, got number");
        assertError(put(id, "{\"url\": \"" + HOOK + "\", \"description\": \"" + "d".repeat(501) + "\"}"), 400,
                "description must be at most 500 characters", "description must be at most 500 characters, got 501");
        assertError(put(id, "{\"url\": \"" + HOOK + "\", \"url\": \"" + HOOK + "\"}"), 400,
                "Request body must be a JSON object",
                "Request body must be a JSON object with url and an optional description: Duplicate field 'url'");
        String allocate = "{\"checksum\":\"b1d600dbf7463924e24647e626cd7c1e\",\"size\":227,\"callbackUrl\":";
        assertError(tenant.given().body(allocate + "\"ftp://example.com/x\"}").when()
                .put("/v2/batches/{ref}", UUID.randomUUID().toString()).then(), 400,
                "callbackUrl must be an absolute https or http URL",
                "callbackUrl must be an absolute https or http URL: the scheme \"ftp\" is not allowed");
        assertError(tenant.given().body(allocate + "\"https://u@example.com/x\"}").when()
                .put("/v2/batches/{ref}", UUID.randomUUID().toString()).then(), 400,
                "callbackUrl must not contain user information",
                "callbackUrl must not contain user information (user:password@): the receiver verifies the signature instead");
        assertError(tenant.given().body(allocate + "5}").when().put("/v2/batches/{ref}", UUID.randomUUID().toString())
                .then(), 400, "callbackUrl must be a string", "callbackUrl must be a string, got number");
        // nothing was registered
        assertThat(tenant.given().when().get("/v2/webhooks").then().statusCode(200).extract().jsonPath().getInt("totalCount"))
                .isZero();
        RestAssured.given().when().get("/v2/webhooks").then().statusCode(401);
        RestAssured.given().body(Map.of("url", HOOK)).when().put("/v2/webhooks/{id}", id).then().statusCode(401);
    }

    @Test
    void aTenantHasAtMostTenWebhooks() {
        for (int i = 0; i < 10; i++) {
            tenant.given().body(Map.of("url", HOOK + "/" + i)).when().put("/v2/webhooks/{id}", UUID.randomUUID().toString())
                    .then().statusCode(201);
        }
        assertError(tenant.given().body(Map.of("url", HOOK)).when().put("/v2/webhooks/{id}", UUID.randomUUID().toString())
                .then(), 409, "Too many webhooks",
                "This client has 10 webhooks, the limit is 10: delete one before registering another");
    }

    @Test
    void aTenantNeverSeesAnotherTenantsWebhooksOrDeliveries() throws Exception {
        Receiver receiver = Receiver.ok();
        receivers.add(receiver);
        Webhooks.Registered webhook = Webhooks.register(tenant, receiver.url());
        String ref = Batches.uploadLines(tenant, List.of(Lines.guest("r1").identifier("crm", "t-1").firstName("Ada").upsert()));
        Batches.awaitTerminal(tenant, ref);
        Webhooks.awaitDelivery(tenant, ref, d -> "delivered".equals(d.get("state")));

        Tenants other = Tenants.create();
        String notFound = "No webhook " + webhook.id() + " for this client";
        assertError(other.given().when().get("/v2/webhooks/{id}", webhook.id()).then(), 404, "Webhook not found", notFound);
        assertError(other.given().when().delete("/v2/webhooks/{id}", webhook.id()).then(), 404, "Webhook not found", notFound);
        assertThat(other.given().when().get("/v2/webhooks").then().statusCode(200).extract().jsonPath().getInt("totalCount"))
                .isZero();
        JsonPath deliveries = Webhooks.deliveries(other);
        assertThat(deliveries.getInt("totalCount")).isZero();
        assertThat(deliveries.getList("items")).isEmpty();
        assertThat(Webhooks.deliveriesOf(other, ref).getInt("totalCount")).isZero();
        // the same id is another tenant's own
        other.given().body(Map.of("url", HOOK)).when().put("/v2/webhooks/{id}", webhook.id()).then().statusCode(201);
        assertThat(tenant.given().when().get("/v2/webhooks/{id}", webhook.id()).then().statusCode(200).extract()
                .<String> path("url")).isEqualTo(receiver.url());
        Webhooks.delete(tenant, webhook.id());
        Webhooks.delete(other, webhook.id());
    }

    @Test
    void theDeliveryLogIsPagedNewestFirstAndFiltered() throws Exception {
        Receiver receiver = Receiver.ok();
        receivers.add(receiver);
        Webhooks.Registered webhook = Webhooks.register(tenant, receiver.url());
        String first = Batches.uploadLines(tenant,
                List.of(Lines.guest("r1").identifier("crm", "p-1").firstName("Ada").upsert()));
        Batches.awaitTerminal(tenant, first);
        String second = Batches.uploadLines(tenant,
                List.of(Lines.guest("r2").identifier("crm", "p-2").firstName("Ada").upsert()));
        Batches.awaitTerminal(tenant, second);
        Webhooks.awaitDelivery(tenant, first, d -> "delivered".equals(d.get("state")));
        Webhooks.awaitDelivery(tenant, second, d -> "delivered".equals(d.get("state")));

        JsonPath all = Webhooks.deliveries(tenant);
        assertThat(all.getInt("totalCount")).isEqualTo(2);
        assertThat(all.getInt("offset")).isZero();
        assertThat(all.getInt("limit")).isEqualTo(100);
        assertThat(all.getList("items.batchRef")).containsExactly(second, first);
        assertThat(all.<String, Object> getMap("items[0]")).containsOnlyKeys("id", "webhookId", "batchRef", "url", "state",
                "attempts", "lastStatusCode", "lastError", "nextAttemptAt", "createdAt", "deliveredAt");

        JsonPath page = tenant.given().queryParam("limit", 1).queryParam("offset", 1).when().get("/v2/webhooks/deliveries")
                .then().statusCode(200).extract().jsonPath();
        assertThat(page.getInt("totalCount")).isEqualTo(2);
        assertThat(page.getList("items.batchRef")).containsExactly(first);
        assertThat(tenant.given().queryParam("offset", 5).when().get("/v2/webhooks/deliveries").then().statusCode(200)
                .extract().jsonPath().getList("items")).isEmpty();

        assertThat(tenant.given().queryParam("state", "delivered").when().get("/v2/webhooks/deliveries").then()
                .statusCode(200).extract().jsonPath().getInt("totalCount")).isEqualTo(2);
        assertThat(tenant.given().queryParam("state", "PENDING").when().get("/v2/webhooks/deliveries").then()
                .statusCode(200).extract().jsonPath().getInt("totalCount")).isZero();
        assertThat(Webhooks.deliveriesOf(tenant, second.toUpperCase()).getList("items.batchRef")).containsExactly(second);

        assertError(tenant.given().queryParam("state", "done").when().get("/v2/webhooks/deliveries").then(), 400,
                "state must be one of pending, delivered, failed",
                "state must be one of pending, delivered, failed, got \"done\"");
        assertError(tenant.given().queryParam("batchRef", "nope").when().get("/v2/webhooks/deliveries").then(), 400,
                "batchRef must be a UUID",
                "batchRef must be a batch ref (a UUID) such as 12af3453-62da-4b31-b646-631b7b5f3009, got \"nope\"");
        assertError(tenant.given().queryParam("limit", "0").when().get("/v2/webhooks/deliveries").then(), 400,
                "limit must be an integer between 1 and 1000", "limit must be an integer between 1 and 1000, got \"0\"");
        assertError(tenant.given().queryParam("offset", "-1").when().get("/v2/webhooks/deliveries").then(), 400,
                "offset must be an integer at least 0", "offset must be an integer at least 0, got \"-1\"");
        Webhooks.delete(tenant, webhook.id());
        // the log outlives the webhook
        assertThat(Webhooks.deliveries(tenant).getList("items.webhookId")).containsOnly(webhook.id());
    }

    private io.restassured.response.ValidatableResponse put(String id, String body) {
        return tenant.given().contentType("application/json").body(body).when().put("/v2/webhooks/{id}", id).then();
    }
}
