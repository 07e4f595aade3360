package io.cdpbatch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.retention.RetentionPurge.PurgeResult;
import io.cdpbatch.storage.ObjectKeys;
import io.cdpbatch.storage.ObjectStorage;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestClock;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Retention: expired batches leave the database and the store; the customer data stays. */
@QuarkusTest
class RetentionTest {

    static final Duration RETENTION = Duration.ofDays(30);

    @Inject
    ApiClientService clients;

    @Inject
    RetentionPurge purge;

    @Inject
    ObjectStorage storage;

    @Inject
    TestClock clock;

    @Inject
    AgroalDataSource dataSource;

    Tenants tenant;

    @BeforeEach
    void setUp() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        // Expired batches left by other test classes go first, so the counts below are exactly this test's.
        purge.purge();
        tenant = Tenants.create(clients);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void expiredBatchesLeaveWithTheirObjectsInBoundedChunksAndTheGuestsStay() throws SQLException {
        String provider = "retention-" + tenant.clientKey();
        clock.shift(Duration.ofDays(-31));
        String succeeded = Batches.uploadLines(tenant, List.of(guest("r1", provider, "old-1", "kept@example.com")));
        String failed = Batches.uploadLines(tenant, List.of(guest("r2", provider, "old-2", "kept2@example.com"), "not json"));
        byte[] file = TestFiles.ndjsonGz(List.of(guest("r3", provider, "old-3", "never@example.com")));
        String corrupted = UUID.randomUUID().toString();
        Batches.allocate(tenant, corrupted, TestFiles.md5Hex(file), file.length + 1);
        Uploads.storeDirectly(tenant.clientKey(), corrupted, file);
        String neverArrived = UUID.randomUUID().toString();
        Batches.allocate(tenant, neverArrived, TestFiles.md5Hex(file), file.length);
        String neverArrivedEither = UUID.randomUUID().toString();
        Batches.allocate(tenant, neverArrivedEither, TestFiles.md5Hex(file), file.length);
        assertThat(Batches.awaitTerminal(tenant, succeeded).getString("status.code")).isEqualTo("success");
        assertThat(Batches.awaitTerminal(tenant, failed).getString("status.code")).isEqualTo("error");
        assertThat(Batches.awaitTerminal(tenant, corrupted).getString("status.code")).isEqualTo("corrupted");
        clock.reset();
        String recent = Batches.uploadLines(tenant, List.of(guest("r4", provider, "new-1", "recent@example.com")));
        assertThat(Batches.awaitTerminal(tenant, recent).getString("status.code")).isEqualTo("success");
        List<String> oldRefs = List.of(succeeded, failed, corrupted, neverArrived, neverArrivedEither);
        assertThat(objectExists(ObjectKeys.upload(tenant.clientKey(), UUID.fromString(succeeded)))).isTrue();
        assertThat(objectExists(ObjectKeys.errorLog(tenant.clientKey(), UUID.fromString(failed)))).isTrue();
        assertThat(objectExists(ObjectKeys.failedRecords(tenant.clientKey(), UUID.fromString(failed)))).isTrue();
        assertThat(objectExists(ObjectKeys.upload(tenant.clientKey(), UUID.fromString(corrupted)))).isTrue();

        // Five expired batches, two per chunk: three transactions, three keys (upload, log, failed records) per batch.
        PurgeResult result = purge.purge(clock.instant().minus(RETENTION), 2);

        assertThat(result).isEqualTo(new PurgeResult(5, 15, 3));
        assertThat(batchRefs()).containsExactly(recent);
        for (String ref : oldRefs) {
            assertThat(objectExists(ObjectKeys.upload(tenant.clientKey(), UUID.fromString(ref)))).as("upload of %s", ref)
                    .isFalse();
            assertThat(objectExists(ObjectKeys.errorLog(tenant.clientKey(), UUID.fromString(ref)))).as("log of %s", ref)
                    .isFalse();
            assertThat(objectExists(ObjectKeys.failedRecords(tenant.clientKey(), UUID.fromString(ref))))
                    .as("failed records of %s", ref).isFalse();
            tenant.given().when().get("/v2/batches/{ref}", ref).then().statusCode(404);
        }
        assertThat(objectExists(ObjectKeys.upload(tenant.clientKey(), UUID.fromString(recent)))).isTrue();
        assertThat(Batches.inspect(tenant, recent).getString("status.code")).isEqualTo("success");
        tenant.given().when().get("/v2/batches/inspect").then().statusCode(200)
                .body("totalCount", org.hamcrest.Matchers.equalTo(1));
        // Ingested customer data stays: the guests of the purged batches are all still there.
        assertThat(guestEmails(provider)).containsExactlyInAnyOrder("kept@example.com", "kept2@example.com",
                "recent@example.com");

        assertThat(purge.purge(clock.instant().minus(RETENTION), 2)).isEqualTo(new PurgeResult(0, 0, 0));
    }

    @Test
    void theConfiguredWindowDecidesAndALeasedBatchWaitsForItsLease() throws SQLException {
        clock.shift(Duration.ofDays(-29));
        String young = UUID.randomUUID().toString();
        Batches.allocate(tenant, young, "b1d600dbf7463924e24647e626cd7c1e", 227);
        clock.reset();
        clock.shift(Duration.ofDays(-31));
        String leased = UUID.randomUUID().toString();
        Batches.allocate(tenant, leased, "b1d600dbf7463924e24647e626cd7c1e", 227);
        clock.reset();
        // an instance is verifying it right now
        execute("UPDATE batch SET lease_owner = 'busy', lease_expires_at = clock_timestamp() + interval '1 minute'"
                + " WHERE ref = ?::uuid", leased);

        assertThat(purge.purge()).isEqualTo(new PurgeResult(0, 0, 0));
        assertThat(batchRefs()).containsExactlyInAnyOrder(young, leased);

        execute("UPDATE batch SET lease_expires_at = clock_timestamp() - interval '1 second' WHERE ref = ?::uuid", leased);
        assertThat(purge.purge()).isEqualTo(new PurgeResult(1, 3, 1));
        assertThat(batchRefs()).containsExactly(young);

        // two days later the 29-day-old batch has expired too (so may batches other test classes made
        // 29 days old: the count is at least this test's one)
        clock.shift(Duration.ofDays(2));
        assertThat(purge.purge().batches()).isGreaterThanOrEqualTo(1);
        assertThat(batchRefs()).isEmpty();
    }

    static String guest(String ref, String provider, String id, String email) {
        return "{\"ref\":\"" + ref + "\",\"schema\":\"guest\",\"mode\":\"upsert\",\"value\":{\"identifiers\":[{\"provider\":\""
                + provider + "\",\"id\":\"" + id + "\"}],\"email\":\"" + email + "\"}}";
    }

    boolean objectExists(String key) {
        return storage.head(key).isPresent();
    }

    List<String> batchRefs() throws SQLException {
        return strings("SELECT b.ref::text FROM batch b JOIN api_client a ON a.id = b.client_id WHERE a.client_key = ?",
                tenant.clientKey());
    }

    List<String> guestEmails(String provider) throws SQLException {
        return strings("SELECT DISTINCT g.email FROM guest g JOIN guest_identifier gi ON gi.guest_id = g.id"
                + " WHERE gi.provider = ?", provider);
    }

    List<String> strings(String sql, String param) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            try (ResultSet rows = s.executeQuery()) {
                List<String> values = new java.util.ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
                return values;
            }
        }
    }

    void execute(String sql, String ref) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, ref);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }
}
