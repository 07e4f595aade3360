package io.cdpbatch.batch;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.common.Timestamps;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/** Every parameter of the list route, and the retention window. */
@QuarkusTest
class BatchListTest {

    static final String CHECKSUM = "b1d600dbf7463924e24647e626cd7c1e";

    @Inject
    ApiClientService clients;

    @Inject
    BatchRepository batches;

    @Inject
    TestClock clock;

    Tenants tenant;

    @BeforeEach
    void setUp() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        tenant = Tenants.create(clients);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

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
    void statusFilterTakesOneOrSeveralStatuses() {
        String uploading = allocate(1);
        String success = allocate(2);
        String error = allocate(3);
        String corrupted = allocate(4);
        update(success, b -> b.status = BatchStatus.SUCCESS);
        update(error, b -> b.status = BatchStatus.ERROR);
        update(corrupted, b -> b.status = BatchStatus.CORRUPTED);

        assertThat(refs(Map.of("status", "success", "sort", "createdAt"))).containsExactly(success);
        assertThat(refs(Map.of("status", "uploading", "sort", "createdAt"))).containsExactly(uploading);
        assertThat(refs(Map.of("status", "success,error", "sort", "createdAt"))).containsExactly(success, error);
        assertThat(refs(Map.of("status", "error, corrupted ,uploading", "sort", "createdAt")))
                .containsExactly(uploading, error, corrupted);
        assertThat(refs(Map.of("status", "processing"))).isEmpty();
        tenant.given().queryParam("status", "success").when().get("/v2/batches/inspect").then()
                .body("totalCount", equalTo(1)).body("items[0].status", equalTo("success"));
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

        assertThat(refs(Map.of("search", first))).containsExactly(first);
        assertThat(refs(Map.of("search", first.toUpperCase()))).containsExactly(first);
        assertThat(refs(Map.of("search", "AAAA-1111"))).containsExactly(first);
        assertThat(refs(Map.of("search", "bbbbbbbb"))).containsExactly(second);
        assertThat(refs(Map.of("search", "-4", "sort", "createdAt"))).containsExactly(first, second);
        assertThat(refs(Map.of("search", "1111-4222"))).isEmpty();
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
    void sortsBothWaysOnBothFields() {
        Instant now = Instant.now();
        String a = allocateAt(now.minus(Duration.ofHours(3)));
        String b = allocateAt(now.minus(Duration.ofHours(2)));
        String c = allocateAt(now.minus(Duration.ofHours(1)));
        // Modification order is the reverse of creation order.
        Instant modifiedA = Timestamps.truncate(now.minus(Duration.ofMinutes(10)));
        update(a, x -> x.modifiedAt = modifiedA);
        update(b, x -> x.modifiedAt = Timestamps.truncate(now.minus(Duration.ofMinutes(20))));
        update(c, x -> x.modifiedAt = Timestamps.truncate(now.minus(Duration.ofMinutes(30))));

        assertThat(refs(Map.of("sort", "createdAt"))).containsExactly(a, b, c);
        assertThat(refs(Map.of("sort", "-createdAt"))).containsExactly(c, b, a);
        assertThat(refs(Map.of("sort", "modifiedAt"))).containsExactly(c, b, a);
        assertThat(refs(Map.of("sort", "-modifiedAt"))).containsExactly(a, b, c);
        assertThat(refs(Map.of())).as("default sort is -modifiedAt").containsExactly(a, b, c);
        tenant.given().queryParam("sort", "-modifiedAt").when().get("/v2/batches/inspect").then()
                .body("items[0].modifiedAt", equalTo(Timestamps.format(modifiedA)));

        assertError(tenant.given().queryParam("sort", "size").when().get("/v2/batches/inspect").then(), 400,
                "sort must be modifiedAt or createdAt, optionally prefixed with -",
                "sort must be one of modifiedAt, -modifiedAt, createdAt, -createdAt, got \"size\"");
    }

    @Test
    void limitAndOffsetPageWithTheTotalCount() {
        Instant now = Instant.now();
        String[] refs = new String[5];
        for (int i = 0; i < refs.length; i++) {
            refs[i] = allocateAt(now.minus(Duration.ofMinutes(10 - i)));
        }
        tenant.given().queryParam("sort", "createdAt").queryParam("limit", 2).when().get("/v2/batches/inspect").then()
                .statusCode(200).body("totalCount", equalTo(5)).body("offset", equalTo(0)).body("limit", equalTo(2))
                .body("items.ref", equalTo(List.of(refs[0], refs[1])));
        tenant.given().queryParam("sort", "createdAt").queryParam("limit", 2).queryParam("offset", 2)
                .when().get("/v2/batches/inspect").then()
                .statusCode(200).body("totalCount", equalTo(5)).body("offset", equalTo(2)).body("limit", equalTo(2))
                .body("items.ref", equalTo(List.of(refs[2], refs[3])));
        tenant.given().queryParam("sort", "createdAt").queryParam("limit", 2).queryParam("offset", 4)
                .when().get("/v2/batches/inspect").then()
                .body("totalCount", equalTo(5)).body("items.ref", equalTo(List.of(refs[4])));
        tenant.given().queryParam("offset", 5).when().get("/v2/batches/inspect").then()
                .statusCode(200).body("totalCount", equalTo(5)).body("offset", equalTo(5)).body("items", hasSize(0));
        tenant.given().queryParam("limit", 1000).when().get("/v2/batches/inspect").then()
                .statusCode(200).body("limit", equalTo(1000)).body("items", hasSize(5));
        tenant.given().queryParam("limit", 1).when().get("/v2/batches/inspect").then()
                .statusCode(200).body("limit", equalTo(1)).body("items", hasSize(1));
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

    @Test
    void createdBeforeAndAfterAreExclusiveBounds() {
        Instant now = Instant.now();
        String a = allocateAt(now.minus(Duration.ofHours(3)));
        String b = allocateAt(now.minus(Duration.ofHours(2)));
        String c = allocateAt(now.minus(Duration.ofHours(1)));
        String createdB = tenant.given().when().get("/v2/batches/{ref}", b).then().extract().path("createdAt");

        assertThat(refs(Map.of("createdBefore", createdB, "sort", "createdAt"))).containsExactly(a);
        assertThat(refs(Map.of("createdAfter", createdB, "sort", "createdAt"))).containsExactly(c);
        assertThat(refs(Map.of("createdAfter", Timestamps.format(now.minus(Duration.ofHours(4))),
                "createdBefore", Timestamps.format(now.minus(Duration.ofMinutes(90))), "sort", "createdAt")))
                .containsExactly(a, b);
        // Any ISO-8601 offset is accepted.
        String offsetForm = java.time.OffsetDateTime.ofInstant(now.minus(Duration.ofMinutes(150)),
                java.time.ZoneOffset.ofHours(2)).toString();
        assertThat(refs(Map.of("createdBefore", offsetForm, "sort", "createdAt"))).containsExactly(a);

        assertError(tenant.given().queryParam("createdBefore", "yesterday").when().get("/v2/batches/inspect").then(), 400,
                "createdBefore must be an ISO-8601 date-time",
                "createdBefore must be an ISO-8601 date-time such as 2026-11-28T14:04:05.123Z, got \"yesterday\"");
        assertError(tenant.given().queryParam("createdAfter", "2026-13-01T00:00:00Z").when().get("/v2/batches/inspect")
                .then(), 400, "createdAfter must be an ISO-8601 date-time",
                "createdAfter must be an ISO-8601 date-time such as 2026-11-28T14:04:05.123Z, got \"2026-13-01T00:00:00Z\"");
    }

    @Test
    void batchesOlderThanTheRetentionWindowAreNotListed() {
        Instant now = Instant.now();
        String old = allocateAt(now.minus(Duration.ofDays(31)));
        String recent = allocateAt(now.minus(Duration.ofDays(29)));
        String fresh = allocate(1);

        assertThat(refs(Map.of("sort", "createdAt"))).containsExactly(recent, fresh);
        tenant.given().when().get("/v2/batches/inspect").then().body("totalCount", equalTo(2));
        // Not even when asked for explicitly.
        assertThat(refs(Map.of("search", old))).isEmpty();
        assertThat(refs(Map.of("createdBefore", Timestamps.format(now.minus(Duration.ofDays(30)))))).isEmpty();
    }

    // --- helpers ---------------------------------------------------------------------------

    private List<String> refs(Map<String, ?> query) {
        return tenant.given().queryParams(query).when().get("/v2/batches/inspect").then().statusCode(200)
                .extract().jsonPath().getList("items.ref", String.class);
    }

    private String allocate(long size) {
        return allocate(UUID.randomUUID(), size);
    }

    private String allocate(UUID ref, long size) {
        tenant.given().body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":" + size + "}")
                .when().put("/v2/batches/{ref}", ref.toString()).then().statusCode(201);
        return ref.toString();
    }

    /** Allocates with the clock moved to {@code at}, then puts it back. */
    private String allocateAt(Instant at) {
        clock.reset();
        clock.shift(Duration.between(Instant.now(), at));
        try {
            return allocate(227);
        } finally {
            clock.reset();
        }
    }

    private void update(String ref, Consumer<Batch> change) {
        QuarkusTransaction.requiringNew().run(() -> change.accept(
                batches.find("ref", UUID.fromString(ref)).singleResult()));
    }

    private static String randomHex12() {
        return UUID.randomUUID().toString().substring(24);
    }
}
