package io.cdpbatch.auth;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cdpbatch.support.Tenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** HTTP Basic on every /v2 route, 401 with a challenge and the error body otherwise. */
@QuarkusTest
class AuthTest {

    static final String CHALLENGE = "Basic realm=\"cdp-batch\", charset=\"UTF-8\"";
    static final String REJECTED = "Unknown client key, wrong API token, or revoked client";
    static final String BODY = "{\"checksum\":\"b1d600dbf7463924e24647e626cd7c1e\",\"size\":227}";

    @Inject
    ApiClientService clients;

    Tenants tenant;

    @BeforeEach
    void setUp() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        tenant = Tenants.create(clients);
    }

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
        clients.revoke(tenant.clientKey());
        assertUnauthorized(tenant.given().when().get("/v2/batches/inspect").then(), REJECTED);
        assertUnauthorized(tenant.given().body(BODY).when().put("/v2/batches/{ref}", UUID.randomUUID()).then(), REJECTED);
    }

    /**
     * A request served while the revoking transaction is still open reads the active row and keeps
     * it in the client cache; the cache is cleared after the commit, so the next request is refused
     * at once rather than a cache lifetime later.
     */
    @Test
    void revocationClearsTheCacheWhenItCommits() throws Exception {
        tenant.given().when().get("/v2/batches/inspect").then().statusCode(200);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                clients.revoke(tenant.clientKey());
                try {
                    assertThat(other.submit(() -> tenant.given().when().get("/v2/batches/inspect").then().extract()
                            .statusCode()).get(30, TimeUnit.SECONDS)).as("not committed yet").isEqualTo(200);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            other.shutdown();
        }
        assertUnauthorized(tenant.given().when().get("/v2/batches/inspect").then(), REJECTED);
    }

    @Test
    void aRolledBackRevocationChangesNothing() {
        tenant.given().when().get("/v2/batches/inspect").then().statusCode(200);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            clients.revoke(tenant.clientKey());
            QuarkusTransaction.setRollbackOnly();
        })).hasMessageContaining("Could not commit");
        tenant.given().when().get("/v2/batches/inspect").then().statusCode(200);
    }

    /** bcrypt inside a transaction would hold a pooled connection for its whole duration: refused. */
    @Test
    void credentialsAreNeverCheckedInsideATransaction() {
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew()
                .run(() -> clients.authenticate(tenant.clientKey(), tenant.token(), "127.0.0.1", "API token")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("outside transactions");
        assertThat(clients.authenticate(tenant.clientKey(), tenant.token(), "127.0.0.1", "API token"))
                .isInstanceOf(AuthResult.Accepted.class);
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

    private static void assertUnauthorized(ValidatableResponse response, String developerMessage) {
        response.header("WWW-Authenticate", CHALLENGE);
        assertError(response, 401, "Unauthorized", developerMessage);
    }
}
