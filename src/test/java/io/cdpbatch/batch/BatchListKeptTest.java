package io.cdpbatch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cdpbatch.auth.Tenant;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Sql;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The list's kept answers: a repeated query is answered from the kept JSON only while the rows it was
 * built from are unchanged, and every kind of change to them, made behind the service's back in SQL
 * as another replica would, is in the next answer.
 */
@QuarkusTest
@ApiTest
class BatchListKeptTest {

    static final URI BASE = URI.create("http://localhost:8081/");
    static final BatchQuery ALL = BatchQuery.parse(null, null, null, null, null, null, null);

    @Inject
    BatchListing listing;

    @Inject
    BatchService batches;

    @Inject
    TestClock clock;

    Tenants tenants;
    Tenant tenant;
    String first;
    String second;

    @BeforeEach
    void twoBatches() throws SQLException {
        tenant = new Tenant(Long.parseLong(Sql.single("SELECT id FROM api_client WHERE client_key = ?", tenants.clientKey())),
                tenants.clientKey());
        first = allocate(227);
        second = allocate(228);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anUnchangedListIsTheKeptAnswerAndEqualsTheRoute() {
        byte[] answer = listing.listJson(tenant, ALL, BASE);

        assertThat(listing.listJson(tenant, ALL, BASE)).isSameAs(answer);
        assertThat(json(answer).getInt("totalCount")).isEqualTo(2);
        // the route answers the same JSON (its base URI is the test server's)
        JsonPath route = tenants.given().when().get("/v2/batches/inspect").then().statusCode(200).extract().jsonPath();
        assertThat(route.getList("items.ref")).isEqualTo(json(answer).getList("items.ref"));
        assertThat(route.getList("items.modifiedAt")).isEqualTo(json(answer).getList("items.modifiedAt"));
    }

    @Test
    void anUpdateOfAListedRowIsSeenAtOnceEvenWithTheSameModifiedAt() throws SQLException {
        byte[] before = listing.listJson(tenant, ALL, BASE);

        Sql.updateOne("UPDATE batch SET status = 'error', total_count = 0, succeeded_count = 0, failed_count = 0 "
                + "WHERE ref = ?::uuid", first);

        byte[] after = listing.listJson(tenant, ALL, BASE);
        assertThat(after).isNotSameAs(before);
        assertThat(status(after, first)).isEqualTo("error");
        assertThat(status(after, second)).isEqualTo("uploading");
        assertThat(listing.listJson(tenant, ALL, BASE)).isSameAs(after);
    }

    @Test
    void anUpdateOfAColumnTheListDoesNotShowStillGivesAFreshPage() throws SQLException {
        byte[] before = listing.listJson(tenant, ALL, BASE);

        // a lease renewal: a new row version, nothing the list shows changed
        Sql.updateOne("UPDATE batch SET attempts = attempts + 1 WHERE ref = ?::uuid", second);

        byte[] after = listing.listJson(tenant, ALL, BASE);
        assertThat(after).isNotSameAs(before);
        assertThat(new String(after, StandardCharsets.UTF_8)).isEqualTo(new String(before, StandardCharsets.UTF_8));
    }

    @Test
    void aLockIsNoChange() throws SQLException {
        byte[] before = listing.listJson(tenant, ALL, BASE);

        // the pipeline's fence locks the batch row in every chunk; a lock writes no new version
        assertThat(Sql.single("SELECT ref::text FROM batch WHERE ref = ?::uuid FOR KEY SHARE", first)).isEqualTo(first);

        assertThat(listing.listJson(tenant, ALL, BASE)).isSameAs(before);
    }

    @Test
    void newAndRemovedRowsAreSeenAtOnce() throws SQLException {
        listing.listJson(tenant, ALL, BASE);

        String third = allocate(229);
        assertThat(json(listing.listJson(tenant, ALL, BASE)).getList("items.ref")).containsExactlyInAnyOrder(first,
                second, third);

        Sql.updateOne("DELETE FROM batch WHERE ref = ?::uuid", first);
        JsonPath page = json(listing.listJson(tenant, ALL, BASE));
        assertThat(page.getInt("totalCount")).isEqualTo(2);
        assertThat(page.getList("items.ref")).containsExactlyInAnyOrder(second, third);
    }

    @Test
    void aRowLeavingTheRetentionWindowIsSeenWithoutAnyWrite() throws SQLException {
        Sql.updateOne("UPDATE batch SET created_at = created_at - interval '29 days' WHERE ref = ?::uuid", first);
        byte[] before = listing.listJson(tenant, ALL, BASE);
        assertThat(json(before).getInt("totalCount")).isEqualTo(2);

        clock.shift(Duration.ofDays(2));

        JsonPath page = json(listing.listJson(tenant, ALL, BASE));
        assertThat(page.getInt("totalCount")).isEqualTo(1);
        assertThat(page.getList("items.ref")).containsExactly(second);
    }

    @Test
    void pagesPastTheEndAndOtherQueriesAreKeptApart() throws SQLException {
        BatchQuery pastTheEnd = BatchQuery.parse(null, null, null, null, null, "1", "5");
        BatchQuery uploading = BatchQuery.parse("uploading", null, null, null, null, null, null);
        byte[] empty = listing.listJson(tenant, pastTheEnd, BASE);
        byte[] all = listing.listJson(tenant, uploading, BASE);
        assertThat(json(empty).getInt("totalCount")).isEqualTo(2);
        assertThat(json(empty).getList("items")).isEmpty();

        assertThat(listing.listJson(tenant, pastTheEnd, BASE)).isSameAs(empty);
        assertThat(listing.listJson(tenant, uploading, BASE)).isSameAs(all);
        assertThat(listing.listJson(tenant, uploading, URI.create("https://cdp.example/"))).isNotSameAs(all);

        Sql.updateOne("UPDATE batch SET status = 'error', total_count = 0, succeeded_count = 0, failed_count = 0 "
                + "WHERE ref = ?::uuid", first);
        assertThat(json(listing.listJson(tenant, pastTheEnd, BASE)).getInt("totalCount")).isEqualTo(2);
        assertThat(json(listing.listJson(tenant, uploading, BASE)).getList("items.ref")).containsExactly(second);
    }

    @Test
    void aPageWithAPresignedUrlIsNotKeptLongerThanItsUrlIsHandedOut() throws SQLException {
        Sql.updateOne("UPDATE batch SET status = 'error', has_log = true, total_count = 1, succeeded_count = 0, "
                + "failed_count = 1 WHERE ref = ?::uuid", first);
        byte[] before = listing.listJson(tenant, ALL, BASE);
        assertThat(json(before).getString("items.find { it.ref == '" + first + "' }.log")).isNotBlank();
        assertThat(listing.listJson(tenant, ALL, BASE)).isSameAs(before);

        clock.shift(batches.urlReuse().minusSeconds(1));
        assertThat(listing.listJson(tenant, ALL, BASE)).isSameAs(before);

        clock.shift(Duration.ofSeconds(2));
        assertThat(listing.listJson(tenant, ALL, BASE)).isNotSameAs(before);
    }

    private String allocate(long size) {
        String ref = UUID.randomUUID().toString();
        Batches.allocate(tenants, ref, BatchListTest.CHECKSUM, size);
        return ref;
    }

    private static JsonPath json(byte[] answer) {
        return JsonPath.from(new String(answer, StandardCharsets.UTF_8));
    }

    private static String status(byte[] answer, String ref) {
        return json(answer).getString("items.find { it.ref == '" + ref + "' }.status");
    }
}
