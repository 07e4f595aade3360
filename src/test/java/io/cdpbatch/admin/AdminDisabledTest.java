package io.cdpbatch.admin;

import static io.cdpbatch.support.ApiErrors.assertError;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/** Without an admin token the admin API does not exist: 404, whatever the caller sends. */
@QuarkusTest
@TestProfile(AdminDisabledTest.NoAdminToken.class)
class AdminDisabledTest {

    public static class NoAdminToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // An empty value counts as not configured.
            return Map.of("batch.admin-token", "");
        }
    }

    @Test
    void everyAdminRouteAnswers404() {
        assertError(RestAssured.given().when().post("/admin/clients").then(), 404, "Not found", "Not found");
        assertError(RestAssured.given().when().get("/admin/clients").then(), 404, "Not found", "Not found");
        assertError(RestAssured.given().when().delete("/admin/clients/{key}", "x").then(), 404, "Not found", "Not found");
        assertError(RestAssured.given().header("Authorization", "Bearer test-admin-token-0123456789abcdef").when()
                .post("/admin/clients")
                .then(), 404, "Not found", "Not found");
        assertError(RestAssured.given().header("Authorization", "Bearer ").when().get("/admin/clients").then(), 404,
                "Not found", "Not found");
    }
}
