package io.cdpbatch.auth;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;

/** Tenancy: a tenant sees only its own batches; another tenant's ref is just unknown. */
@QuarkusTest
@ApiTest
class TenantIsolationTest {

    static final String CHECKSUM = "b1d600dbf7463924e24647e626cd7c1e";

    Tenants a;
    Tenants b;

    @Test
    void anotherTenantsRefAnswers404LikeAnUnknownRef() {
        String ref = allocate(a, UUID.randomUUID().toString(), 227);

        assertError(b.given().when().get("/v2/batches/{ref}", ref).then(), 404, "Batch not found", "Batch not found");
        assertError(b.given().when().get("/v2/batches/inspect/{ref}", ref).then(), 404, "Batch not found",
                "Batch not found");
        assertError(b.given().when().get("/v2/batches/{ref}", UUID.randomUUID()).then(), 404, "Batch not found",
                "Batch not found");

        a.given().when().get("/v2/batches/{ref}", ref).then().statusCode(200).body("ref", equalTo(ref));
    }

    @Test
    void aTenantsBatchesNeverAppearInAnothersList() {
        String refA1 = allocate(a, UUID.randomUUID().toString(), 227);
        String refA2 = allocate(a, UUID.randomUUID().toString(), 228);
        String refB = allocate(b, UUID.randomUUID().toString(), 229);

        b.given().when().get("/v2/batches/inspect").then().statusCode(200)
                .body("totalCount", equalTo(1)).body("items", hasSize(1)).body("items[0].ref", equalTo(refB));
        b.given().queryParam("search", refA1).when().get("/v2/batches/inspect").then().statusCode(200)
                .body("totalCount", equalTo(0)).body("items", hasSize(0));
        a.given().queryParam("sort", "createdAt").when().get("/v2/batches/inspect").then().statusCode(200)
                .body("totalCount", equalTo(2)).body("items.ref", equalTo(java.util.List.of(refA1, refA2)));
    }

    @Test
    void theSameRefIsIndependentPerTenant() {
        String ref = allocate(a, UUID.randomUUID().toString(), 227);
        // Refs are unique per tenant: B allocating A's ref creates B's own batch, A's is untouched.
        b.given().body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":500}")
                .when().put("/v2/batches/{ref}", ref).then().statusCode(201).body("size", equalTo(500));
        a.given().when().get("/v2/batches/{ref}", ref).then().statusCode(200).body("size", equalTo(227));
        b.given().when().get("/v2/batches/{ref}", ref).then().statusCode(200).body("size", equalTo(500));
    }

    private static String allocate(Tenants tenant, String ref, long size) {
        tenant.given().body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":" + size + "}")
                .when().put("/v2/batches/{ref}", ref).then().statusCode(201);
        return ref;
    }
}
