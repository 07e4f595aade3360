package io.cdpbatch.batch;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
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
import org.junit.jupiter.api.Test;

import io.cdpbatch.common.Timestamps;
import io.cdpbatch.lifecycle.BatchStatus;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The list route over batches made at other times (the test clock moved) or put in a status directly in the
 * database: statuses, sorting, paging, the date bounds and the retention window. In-process only; what needs
 * neither is in {@link BatchListTest}.
 */
@QuarkusTest
@ApiTest
class BatchListHistoryTest {

    @Inject
    BatchRepository batches;

    @Inject
    TestClock clock;

    Tenants tenant;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void statusFilterTakesOneOrSeveralStatuses() {
        String uploading = allocate(1);
        String success = allocate(2);
        String error = allocate(3);
        String corrupted = allocate(4);
        update(success, b -> finished(b, BatchStatus.SUCCESS, 0));
        update(error, b -> finished(b, BatchStatus.ERROR, 1));
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
        return BatchListTest.refs(tenant, query);
    }

    private String allocate(long size) {
        return BatchListTest.allocate(tenant, UUID.randomUUID(), size);
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

    /** As processing ends a batch: terminal with counts that add up (the database checks it). */
    private static void finished(Batch batch, BatchStatus status, long failed) {
        batch.status = status;
        batch.totalCount = 3L;
        batch.succeededCount = 3 - failed;
        batch.failedCount = failed;
    }
}
