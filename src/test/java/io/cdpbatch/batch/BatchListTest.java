package io.cdpbatch.batch;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The list route's parameters and answers as any client sees them; {@link BatchListHistoryTest} has the
 * checks that place batches in time or in a status.
 */
@QuarkusTest
@ApiTest
class BatchListTest {

    static final String CHECKSUM = "b1d600dbf7463924e24647e626cd7c1e";

    Tenants tenant;

    @Test
    void itemsHaveTheDocumentedShape() {
        String ref = allocate(227);
        JsonPath allocated = tenant.given().when().get("/v2/batches/inspect/{ref}", ref).then().statusCode(200)
                .extract().jsonPath();

        JsonPath list = tenant.given().when().get("/v2/batches/inspect").then().statusCode(200)
                .body("totalCount", equalTo(1)).body("offset", equalTo(0)).body("limit", equalTo(100))
                .body("items", hasSize(1))
                .body("items[0].href", endsWith("/v2/batches/inspect/" + ref))
                .extract().jsonPath();
        Map<String, Object> item = list.getMap("items[0]");
        assertThat(item).containsOnlyKeys("href", "ref", "status", "createdAt", "modifiedAt", "checksum", "size");
        assertThat(item).containsEntry("ref", ref).containsEntry("status", "uploading")
                .containsEntry("checksum", CHECKSUM).containsEntry("size", 227)
                .containsEntry("createdAt", allocated.getString("createdAt"))
                .containsEntry("modifiedAt", allocated.getString("modifiedAt"));
    }

    @Test
    void unknownStatusIs400() {
        String expected = "status must be one of uploading, file_uploaded, processing, success, corrupted, error";
        assertError(tenant.given().queryParam("status", "done").when().get("/v2/batches/inspect").then(), 400, expected,
                "status must be a comma-separated list of uploading, file_uploaded, processing, success, corrupted, error, "
                        + "got \"done\"");
        assertError(tenant.given().queryParam("status", "success,SUCCESS").when().get("/v2/batches/inspect").then(), 400,
                expected, "status must be a comma-separated list of uploading, file_uploaded, processing, success, "
                        + "corrupted, error, got \"SUCCESS\"");
        assertError(tenant.given().queryParam("status", "success,,error").when().get("/v2/batches/inspect").then(), 400,
                expected, "status must be a comma-separated list of uploading, file_uploaded, processing, success, "
                        + "corrupted, error, got \"\"");
    }

    @Test
    void searchIsACaseInsensitiveSubstringOfTheRef() {
        String first = allocate(UUID.fromString("aaaaaaaa-1111-4111-8111-" + randomHex12()), 1);
        String second = allocate(UUID.fromString("bbbbbbbb-2222-4222-8222-" + randomHex12()), 2);

        assertThat(refs(tenant, Map.of("search", first))).containsExactly(first);
        assertThat(refs(tenant, Map.of("search", first.toUpperCase()))).containsExactly(first);
        assertThat(refs(tenant, Map.of("search", "AAAA-1111"))).containsExactly(first);
        assertThat(refs(tenant, Map.of("search", "bbbbbbbb"))).containsExactly(second);
        assertThat(refs(tenant, Map.of("search", "-4", "sort", "createdAt"))).containsExactly(first, second);
        assertThat(refs(tenant, Map.of("search", "1111-4222"))).isEmpty();
    }

    @Test
    void searchTreatsWildcardsAndQuotesAsText() {
        allocate(1);
        allocate(2);
        for (String text : List.of("%", "_", "%_", "!", "'; drop table batch --", "\\")) {
            tenant.given().queryParam("search", text).when().get("/v2/batches/inspect").then().statusCode(200)
                    .body("totalCount", equalTo(0)).body("items", hasSize(0));
        }
        tenant.given().when().get("/v2/batches/inspect").then().statusCode(200).body("totalCount", equalTo(2));
        assertError(tenant.given().queryParam("search", "x".repeat(37)).when().get("/v2/batches/inspect").then(), 400,
                "search must be at most 36 characters",
                "search is a part of a batch ref (at most 36 characters), got 37 characters");
    }

    @Test
    void limitAndOffsetOutOfBoundsAre400() {
        String limitMessage = "limit must be an integer between 1 and 1000";
        for (String limit : List.of("0", "1001", "-1", "ten", "1.5")) {
            assertError(tenant.given().queryParam("limit", limit).when().get("/v2/batches/inspect").then(), 400,
                    limitMessage, limitMessage + ", got \"" + limit + "\"");
        }
        for (String offset : List.of("-1", "x")) {
            assertError(tenant.given().queryParam("offset", offset).when().get("/v2/batches/inspect").then(), 400,
                    "offset must be an integer at least 0", "offset must be an integer at least 0, got \"" + offset + "\"");
        }
    }

    // --- helpers ---------------------------------------------------------------------------

    /** The refs of the tenant's list with these query parameters. */
    static List<String> refs(Tenants tenant, Map<String, ?> query) {
        return tenant.given().queryParams(query).when().get("/v2/batches/inspect").then().statusCode(200)
                .extract().jsonPath().getList("items.ref", String.class);
    }

    private String allocate(long size) {
        return allocate(tenant, UUID.randomUUID(), size);
    }

    private String allocate(UUID ref, long size) {
        return allocate(tenant, ref, size);
    }

    /** Allocates a batch of this size under this ref (an upload that never comes); returns the ref. */
    static String allocate(Tenants tenant, UUID ref, long size) {
        tenant.given().body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":" + size + "}")
                .when().put("/v2/batches/{ref}", ref.toString()).then().statusCode(201);
        return ref.toString();
    }

    private static String randomHex12() {
        return UUID.randomUUID().toString().substring(24);
    }
}
