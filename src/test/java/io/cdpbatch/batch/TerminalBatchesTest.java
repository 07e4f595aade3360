package io.cdpbatch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.retention.RetentionPurge;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The status routes answer terminal batches from memory: a terminal batch never changes again, so
 * the copy is always right; a batch that is still moving is read from the database every time.
 * Changing a row behind the service's back shows which source answered.
 */
@QuarkusTest
@ApiTest
class TerminalBatchesTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionPurge purge;

    Tenants tenant;

    @Test
    void aTerminalBatchIsServedFromMemoryPerTenantAndLeavesWithRetention() throws SQLException {
        String ref = Batches.uploadLines(tenant, List.of(
                Lines.guest("g1").email("cached@example.com").upsert()));
        Batches.awaitTerminal(tenant, ref);
        assertThat(Batches.status(tenant, ref).getString("status.code")).isEqualTo("success");
        assertThat(Batches.inspect(tenant, ref).getLong("status.summary.succeededCount")).isEqualTo(1);

        // Behind the service's back (no transition ever does this): the cached copy still answers.
        sql("UPDATE batch SET time_to_process_ms = 987654 WHERE ref = ?", ref);
        long shown = Batches.status(tenant, ref).getLong("status.summary.timeToProcessMs");
        assertThat(shown).isNotEqualTo(987654);
        assertThat(Batches.inspect(tenant, ref).getLong("status.summary.timeToProcessMs")).isEqualTo(shown);

        // Another tenant asking for the same ref misses the cache and finds nothing.
        Tenants other = Tenants.create();
        other.given().when().get("/v2/batches/{ref}", ref).then().statusCode(404);
        other.given().when().get("/v2/batches/inspect/{ref}", ref).then().statusCode(404);

        // Retention removes it from the cache of the purging replica at once.
        sql("UPDATE batch SET created_at = ? WHERE ref = ?", Instant.parse("2000-01-01T00:00:00Z"), ref);
        purge.purge(Instant.parse("2000-01-02T00:00:00Z"), 10);
        tenant.given().when().get("/v2/batches/{ref}", ref).then().statusCode(404);
        tenant.given().when().get("/v2/batches/inspect/{ref}", ref).then().statusCode(404);
    }

    @Test
    void aBatchStillMovingIsReadFromTheDatabaseEveryTime() throws SQLException {
        String ref = UUID.randomUUID().toString();
        Batches.allocate(tenant, ref, "b1d600dbf7463924e24647e626cd7c1e", 227);
        assertThat(Batches.inspect(tenant, ref).getString("status.code")).isEqualTo("uploading");

        sql("UPDATE batch SET upload_expires_at = ? WHERE ref = ?", Instant.parse("2000-01-01T00:00:00Z"), ref);
        // the expired upload URL is no longer offered: the row was read again
        assertThat(Batches.inspect(tenant, ref).getString("location")).isNull();
        assertThat(Batches.status(tenant, ref).getString("location")).isNull();
    }

    private void sql(String statement, Object... values) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(statement)) {
            for (int i = 0; i < values.length; i++) {
                Object value = values[i];
                if (value instanceof Instant instant) {
                    update.setObject(i + 1, java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC));
                } else if (value instanceof String text && i == values.length - 1) {
                    update.setObject(i + 1, UUID.fromString(text));
                } else {
                    update.setObject(i + 1, value);
                }
            }
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
