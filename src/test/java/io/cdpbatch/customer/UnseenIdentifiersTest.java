package io.cdpbatch.customer;

import static io.cdpbatch.customer.PlanLines.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.lifecycle.RunState;
import io.cdpbatch.pipeline.Failure;
import io.cdpbatch.pipeline.TableGrowth;
import io.cdpbatch.pipeline.WriteContext;
import io.cdpbatch.records.GuestUpsert;
import io.cdpbatch.support.Lines;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Guest upserts of a tenant that held no identifier when the attempt began look up only the identifiers the
 * attempt met before; the identifier key catches one that another batch gave a guest meanwhile. Each chunk
 * runs in a transaction of its own through the real writer, on the real database; an attempt is a
 * {@link RunState}.
 */
@QuarkusTest
class UnseenIdentifiersTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    GuestUpsertWriter writer;

    long tenant;

    @BeforeEach
    void tenant() {
        // a tenant of its own, far from the ids of api_client (the customer tables do not refer to it)
        tenant = 3_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
    }

    @AfterEach
    void removeRows() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM guest_extension WHERE guest_id IN (SELECT id FROM guest WHERE client_id = "
                    + tenant + ")");
            statement.execute("DELETE FROM guest_subscription WHERE guest_id IN (SELECT id FROM guest WHERE client_id = "
                    + tenant + ")");
            statement.execute("DELETE FROM guest_identifier WHERE client_id = " + tenant);
            statement.execute("DELETE FROM guest WHERE client_id = " + tenant);
        }
    }

    @Test
    void aNewTenantsLoadLooksUpOnlyTheIdentifiersItMetBefore() throws Exception {
        RunState attempt = new RunState();
        chunk(attempt, Lines.guest(null).identifier("crm", "A1").firstName("Ann").upsert(),
                Lines.guest(null).identifier("crm", "B1").firstName("Bob").upsert());
        UnseenIdentifiers unseen = attempt.get(UnseenIdentifiers.class, UnseenIdentifiers::new);
        assertThat(unseen.skipped()).as("both identifiers of the first chunk are new").isEqualTo(2);

        // A1 was met: looked up, found, updated; C1 was not: skipped, created
        chunk(attempt, Lines.guest(null).identifier("crm", "A1").lastName("Lee").upsert(),
                Lines.guest(null).identifier("crm", "C1").firstName("Cy").upsert());
        assertThat(unseen.skipped()).isEqualTo(3);
        assertThat(guests()).containsExactly("A1 Ann Lee", "B1 Bob null", "C1 Cy null");
    }

    @Test
    void anIdentifierAnotherBatchTookAfterTheCheckFailsTheChunkAndTheNextTryFindsItsGuest() throws Exception {
        RunState attempt = new RunState();
        chunk(attempt, Lines.guest(null).identifier("crm", "A1").firstName("Ann").upsert());
        UnseenIdentifiers unseen = attempt.get(UnseenIdentifiers.class, UnseenIdentifiers::new);
        assertThat(unseen.skipped()).isEqualTo(1);

        // another batch of the tenant (an attempt of its own, which finds the tenant holding identifiers)
        RunState other = new RunState();
        chunk(other, Lines.guest(null).identifier("crm", "X1").firstName("Xena").upsert());
        assertThat(other.get(UnseenIdentifiers.class, UnseenIdentifiers::new).skipped()).isZero();

        // the first attempt has not met X1: its lookup is skipped, and the identifier key refuses the new guest
        assertThatThrownBy(() -> chunk(attempt, Lines.guest(null).identifier("crm", "X1").lastName("Lopez").upsert()))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
        assertThat(guests()).containsExactly("A1 Ann null", "X1 Xena null");

        // the chunk applied again (as the pipeline does) looks everything up, and so does every later chunk
        chunk(attempt, Lines.guest(null).identifier("crm", "X1").lastName("Lopez").upsert());
        chunk(attempt, Lines.guest(null).identifier("crm", "Z1").firstName("Zoe").upsert());
        assertThat(unseen.skipped()).isEqualTo(2);
        assertThat(guests()).containsExactly("A1 Ann null", "X1 Xena Lopez", "Z1 Zoe null");
    }

    @Test
    void aTenantThatHoldsIdentifiersIsAlwaysLookedUp() throws Exception {
        chunk(new RunState(), Lines.guest(null).identifier("crm", "P1").firstName("Pat").upsert());
        RunState attempt = new RunState();
        chunk(attempt, Lines.guest(null).identifier("crm", "Q1").firstName("Quinn").upsert(),
                Lines.guest(null).identifier("crm", "P1").lastName("Power").upsert());
        assertThat(attempt.get(UnseenIdentifiers.class, UnseenIdentifiers::new).skipped()).isZero();
        assertThat(guests()).containsExactly("P1 Pat Power", "Q1 Quinn null");
    }

    private void chunk(RunState attempt, String... lines) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                WriteContext context = new WriteContext(tenant, 1, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                        new TableGrowth(), attempt);
                List<Failure> failures = writer.apply(connection, context, run(GuestUpsert.class, lines));
                assertThat(failures).isEmpty();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** The tenant's guests as "identifier firstName lastName", by identifier ("null" for a guest without one). */
    private List<String> guests() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        SELECT gi.id, g.first_name, g.last_name FROM guest g LEFT JOIN guest_identifier gi ON gi.guest_id = g.id
                        WHERE g.client_id = ? ORDER BY gi.id""")) {
            statement.setLong(1, tenant);
            List<String> guests = new java.util.ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    guests.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
                }
            }
            return guests;
        }
    }
}
