package io.cdpbatch.customer;

import static io.cdpbatch.customer.CustomerLines.ids;
import static io.cdpbatch.customer.CustomerLines.log;
import static io.cdpbatch.customer.CustomerLines.orderInsert;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.lifecycle.WorkRunner;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Sql;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A batch taken over after a crash applies its whole file again: the final data and the exact
 * counts and error log are those of one attempt.
 */
@QuarkusTest
@ApiTest
class EffectJournalTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WorkRunner claimer;

    Tenants tenant;

    @AfterEach
    void resume() {
        claimer.setPaused(false);
    }

    @Test
    void batchAppliedAgainAfterATakeOverEndsInTheSameStateWithTheSameCounts() throws SQLException {
        String ref = Batches.uploadLines(tenant, List.of(
                Lines.guest("g1").identifier("crm", "DEL").firstName("Deleted").upsert(),
                Lines.guest("g2").identifier("crm", "GDPR").firstName("Erased").upsert(),
                Lines.guest("g3").identifier("crm", "SRC").firstName("Source").upsert(),
                Lines.guest("g4").identifier("crm", "DST").firstName("Target").upsert(),
                orderInsert("o1", "ORD-DEL", "2026-11-01T10:00:00Z", "crm", "DEL"),
                orderInsert("o2", "ORD-GDPR", "2026-11-01T10:00:00Z", "crm", "GDPR"),
                orderInsert("o3", "ORD-SRC", "2026-11-01T10:00:00Z", "crm", "SRC"),
                orderInsert("o4", "ORD-GONE", "2026-11-01T10:00:00Z", "crm", "DST"),
                Lines.guest("d1").identifier("crm", "DEL").delete(),
                Lines.guest("d2").identifier("crm", "GDPR").gdprDelete(),
                Lines.migration("m1").from("crm", "SRC").to("crm", "DST").line(),
                Lines.order("x1").referenceId("ORD-GONE").orderedAt("2026-11-01T10:00:00Z").delete(),
                Lines.order("x2").referenceId("ORD-NONE").delete(),
                Lines.guest("d3").identifier("crm", "NOBODY").delete()));
        JsonPath first = Batches.awaitTerminal(tenant, ref);
        assertThat(first.getString("status.code")).isEqualTo("error");
        assertThat(first.getLong("status.summary.totalCount")).isEqualTo(14);
        assertThat(first.getLong("status.summary.succeededCount")).isEqualTo(12);
        assertThat(first.getLong("status.summary.failedCount")).isEqualTo(2);
        List<String> firstLog = log(first);
        assertThat(firstLog).containsExactly(
                "x2|404|No order found for the provided referenceId and orderedAt attributes.|value: no order with"
                        + " referenceId \"ORD-NONE\"",
                "d3|404|Guest not found|value.identifiers: no guest has any of these identifiers");
        List<String> state = state();
        assertThat(state).containsExactly(
                "guest crm/DST Target",
                "order ORD-DEL guest=null items=1",
                "order ORD-SRC guest=crm/DST items=1");
        assertThat(journal(ref)).containsExactly(9L, 10L, 11L, 12L);

        // the instance that processed it "crashed" before finishing: another one takes it over
        claimer.setPaused(true);
        Sql.updateOne("UPDATE batch SET status = 'processing', lease_owner = 'crashed-instance',"
                + " lease_expires_at = clock_timestamp() - interval '1 second' WHERE ref = ?::uuid", ref);
        claimer.setPaused(false);
        JsonPath second = Batches.awaitTerminal(tenant, ref);

        assertThat(second.getString("status.code")).isEqualTo("error");
        assertThat(second.getLong("status.summary.totalCount")).isEqualTo(14);
        assertThat(second.getLong("status.summary.succeededCount")).isEqualTo(12);
        assertThat(second.getLong("status.summary.failedCount")).isEqualTo(2);
        assertThat(log(second)).isEqualTo(firstLog);
        assertThat(state()).isEqualTo(state);
        assertThat(journal(ref)).containsExactly(9L, 10L, 11L, 12L);
        assertThat(Sql.single("SELECT lease_takeovers FROM batch WHERE ref = ?::uuid", ref)).isEqualTo("1");
    }

    /** The tenant's guests and orders, without generated ids. */
    List<String> state() throws SQLException {
        List<String> state = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT 'guest ' || gi.provider || '/' || gi.id || ' ' || coalesce(g.first_name, '-') FROM guest g
                JOIN guest_identifier gi ON gi.guest_id = g.id JOIN api_client a ON a.id = g.client_id WHERE a.client_key = ?
                UNION ALL
                SELECT 'order ' || o.reference_id || ' guest=' || coalesce((SELECT min(gi.provider || '/' || gi.id)
                    FROM guest_identifier gi WHERE gi.guest_id = o.guest_id), 'null')
                    || ' items=' || (SELECT count(*) FROM order_item i WHERE i.order_id = o.id)
                FROM orders o JOIN api_client a ON a.id = o.client_id WHERE a.client_key = ?
                ORDER BY 1""")) {
            s.setString(1, tenant.clientKey());
            s.setString(2, tenant.clientKey());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    state.add(rows.getString(1));
                }
            }
        }
        return state;
    }

    List<Long> journal(String ref) throws SQLException {
        List<Long> lines = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        """
                                SELECT e.line FROM applied_effect e JOIN batch b ON b.id = e.batch_id WHERE b.ref = ?::uuid ORDER BY e.line""")) {
            s.setString(1, ref);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getLong(1));
                }
            }
        }
        return lines;
    }

}
