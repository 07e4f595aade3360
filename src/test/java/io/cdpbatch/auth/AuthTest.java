package io.cdpbatch.auth;

import static io.cdpbatch.support.ApiErrors.assertError;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** HTTP Basic on every /v2 route, 401 with a challenge and the error body otherwise. */
@QuarkusTest
@ApiTest
class AuthTest {

    static final String CHALLENGE = "Basic realm=\"cdp-batch\", charset=\"UTF-8\"";
    static final String REJECTED = "Unknown client key, wrong API token, or revoked client";
    static final String BODY = "{\"checksum\":\"b1d600dbf7463924e24647e626cd7c1e\",\"size\":227}";

    Tenants tenant;

    @Test
    void withoutCredentialsEveryRouteAnswers401() {
        String ref = UUID.randomUUID().toString();
        assertUnauthorized(RestAssured.given().body(BODY).when().put("/v2/batches/{ref}", ref).then(), "Missing credentials");
        assertUnauthorized(RestAssured.given().when().get("/v2/batches/{ref}", ref).then(), "Missing credentials");
        assertUnauthorized(RestAssured.given().when().get("/v2/batches/inspect/{ref}", ref).then(), "Missing credentials");
        assertUnauthorized(RestAssured.given().when().get("/v2/batches/inspect").then(), "Missing credentials");
    }

    @Test
    void credentialsAreCheckedBeforeTheInput() {
        assertUnauthorized(RestAssured.given().body("not json").when().put("/v2/batches/{ref}", "not-a-uuid").then(),
                "Missing credentials");
    }

    @Test
    void wrongTokenAnswers401() {
        assertUnauthorized(basic(tenant.clientKey(), tenant.token() + "x").when().get("/v2/batches/inspect").then(), REJECTED);
        assertUnauthorized(basic(tenant.clientKey(), "short").body(BODY).when().put("/v2/batches/{ref}", UUID.randomUUID())
                .then(), REJECTED);
    }

    @Test
    void unknownClientKeyAnswers401() {
        assertUnauthorized(basic("no-such-client", tenant.token()).when().get("/v2/batches/inspect").then(), REJECTED);
    }

    @Test
    void malformedAuthorizationAnswers401() {
        String malformed = "Malformed Authorization header: HTTP Basic with client key and API token expected";
        assertUnauthorized(RestAssured.given().header("Authorization", "Bearer " + tenant.token())
                .when().get("/v2/batches/inspect").then(), malformed);
        assertUnauthorized(RestAssured.given().header("Authorization", "Basic !!!not-base64")
                .when().get("/v2/batches/inspect").then(), malformed);
        // "key" without a colon and a token
        assertUnauthorized(RestAssured.given().header("Authorization", "Basic a2V5")
                .when().get("/v2/batches/inspect").then(), malformed);
    }

    @Test
    void revokedClientAnswers401EvenAfterASuccessfulCall() {
        // The first call puts the verified credentials in the cache; revocation must still win.
        tenant.given().when().get("/v2/batches/inspect").then().statusCode(200);
        tenant.revoke();
        assertUnauthorized(tenant.given().when().get("/v2/batches/inspect").then(), REJECTED);
        assertUnauthorized(tenant.given().body(BODY).when().put("/v2/batches/{ref}", UUID.randomUUID()).then(), REJECTED);
    }

    @Test
    void validCredentialsAreAccepted() {
        tenant.given().when().get("/v2/batches/inspect").then().statusCode(200);
        // The scheme name is case-insensitive (RFC 7235).
        RestAssured.given().header("Authorization", "basic " + java.util.Base64.getEncoder()
                .encodeToString((tenant.clientKey() + ":" + tenant.token()).getBytes()))
                .when().get("/v2/batches/inspect").then().statusCode(200);
    }

    private static RequestSpecification basic(String key, String token) {
        return RestAssured.given().auth().preemptive().basic(key, token);
    }

    static void assertUnauthorized(ValidatableResponse response, String developerMessage) {
        response.header("WWW-Authenticate", CHALLENGE);
        assertError(response, 401, "Unauthorized", developerMessage);
    }
}
