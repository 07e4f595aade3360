package io.cdpbatch.admin;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** The admin API: create, list and revoke API clients with the admin bearer token. */
@QuarkusTest
@ApiTest
class AdminClientsTest {

    /** Set for the test profile in application.properties. */
    static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    static final String CHALLENGE = "Bearer realm=\"cdp-batch-admin\"";

    @Test
    void createdClientGetsItsTokenOnceAndCanCallTheApi() {
        JsonPath created = admin().when().post("/admin/clients").then().statusCode(201)
                .contentType("application/json")
                .body("clientKey", matchesPattern("[0-9a-f]{32}"))
                .body("token", matchesPattern("[A-Za-z0-9_-]{43}"))
                .body("createdAt", matchesPattern(TIMESTAMP))
                .extract().jsonPath();
        assertThat(created.getMap("")).containsOnlyKeys("clientKey", "token", "createdAt");
        String key = created.getString("clientKey");
        String token = created.getString("token");

        RestAssured.given().auth().preemptive().basic(key, token).when().get("/v2/batches/inspect").then().statusCode(200);

        // Two clients never share a key or a token.
        JsonPath other = admin().when().post("/admin/clients").then().statusCode(201).extract().jsonPath();
        assertThat(other.getString("clientKey")).isNotEqualTo(key);
        assertThat(other.getString("token")).isNotEqualTo(token);
    }

    @Test
    void listShowsKeysButNeverTokens() {
        JsonPath created = admin().when().post("/admin/clients").then().statusCode(201).extract().jsonPath();
        String key = created.getString("clientKey");

        String body = admin().when().get("/admin/clients").then().statusCode(200).contentType("application/json")
                .extract().asString();
        assertThat(body).doesNotContain(created.getString("token")).doesNotContain("\"token\"")
                .doesNotContain("tokenHash").doesNotContain("$2a$");
        List<Map<String, Object>> items = JsonPath.from(body).getList("items");
        assertThat(items).contains(Map.of("clientKey", key, "createdAt", created.getString("createdAt")));
        assertThat(items).allSatisfy(item -> assertThat(item).containsOnlyKeys("clientKey", "createdAt"));
    }

    @Test
    void revokedClientGets401AndLeavesTheList() {
        JsonPath created = admin().when().post("/admin/clients").then().statusCode(201).extract().jsonPath();
        String key = created.getString("clientKey");
        String token = created.getString("token");
        RestAssured.given().auth().preemptive().basic(key, token).when().get("/v2/batches/inspect").then().statusCode(200);

        admin().when().delete("/admin/clients/{key}", key).then().statusCode(204);

        ValidatableResponse after = RestAssured.given().auth().preemptive().basic(key, token).when()
                .get("/v2/batches/inspect").then();
        after.header("WWW-Authenticate", "Basic realm=\"cdp-batch\", charset=\"UTF-8\"");
        assertError(after, 401, "Unauthorized", "Unknown client key, wrong API token, or revoked client");
        assertThat(admin().when().get("/admin/clients").then().extract().jsonPath().getList("items.clientKey"))
                .doesNotContain(key);
        // Revoking twice, or an unknown key: 404.
        assertError(admin().when().delete("/admin/clients/{key}", key).then(), 404, "Client not found", "Client not found");
        assertError(admin().when().delete("/admin/clients/{key}", "no-such-client").then(), 404, "Client not found",
                "Client not found");
    }

    @Test
    void missingOrWrongAdminTokenIs401() {
        assertUnauthorized(RestAssured.given().when().post("/admin/clients").then(), "Missing admin bearer token");
        assertUnauthorized(RestAssured.given().when().get("/admin/clients").then(), "Missing admin bearer token");
        assertUnauthorized(RestAssured.given().when().delete("/admin/clients/{key}", "x").then(), "Missing admin bearer token");
        assertUnauthorized(RestAssured.given().header("Authorization", "Bearer " + ADMIN_TOKEN + "x")
                .when().post("/admin/clients").then(), "Wrong admin bearer token");
        assertUnauthorized(RestAssured.given().header("Authorization", "Bearer ").when().get("/admin/clients").then(),
                "Wrong admin bearer token");
        // The admin token is not a Basic password.
        assertUnauthorized(RestAssured.given().auth().preemptive().basic("admin", ADMIN_TOKEN)
                .when().get("/admin/clients").then(), "Wrong admin bearer token");
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return RestAssured.given().header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private static void assertUnauthorized(ValidatableResponse response, String developerMessage) {
        response.header("WWW-Authenticate", CHALLENGE);
        assertError(response, 401, "Unauthorized", developerMessage);
    }
}
