package io.cdpbatch.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Tenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Revocation and credential checks against transactions of the service itself: in-process only, where
 * {@link AuthTest} holds what a client of the packaged application sees.
 */
@QuarkusTest
@ApiTest
class RevocationTransactionTest {

    @Inject
    ApiClientService clients;

    Tenants tenant;

    /**
     * A request served while the revoking transaction is still open reads the active row and keeps
     * it in the client cache; the cache is cleared after the commit, so the next request is refused
     * at once rather than a cache lifetime later.
     */
    @Test
    void revocationClearsTheCacheWhenItCommits() throws Exception {
        tenant.given().when().get("/v2/batches/inspect").then().statusCode(200);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                clients.revoke(tenant.clientKey());
                try {
                    assertThat(other.submit(() -> tenant.given().when().get("/v2/batches/inspect").then().extract()
                            .statusCode()).get(30, TimeUnit.SECONDS)).as("not committed yet").isEqualTo(200);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            other.shutdown();
        }
        AuthTest.assertUnauthorized(tenant.given().when().get("/v2/batches/inspect").then(), AuthTest.REJECTED);
    }

    @Test
    void aRolledBackRevocationChangesNothing() {
        tenant.given().when().get("/v2/batches/inspect").then().statusCode(200);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            clients.revoke(tenant.clientKey());
            QuarkusTransaction.setRollbackOnly();
        })).hasMessageContaining("Could not commit");
        tenant.given().when().get("/v2/batches/inspect").then().statusCode(200);
    }

    /** bcrypt inside a transaction would hold a pooled connection for its whole duration: refused. */
    @Test
    void credentialsAreNeverCheckedInsideATransaction() {
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew()
                .run(() -> clients.authenticate(tenant.clientKey(), tenant.token(), "127.0.0.1", "API token")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("outside transactions");
        assertThat(clients.authenticate(tenant.clientKey(), tenant.token(), "127.0.0.1", "API token"))
                .isInstanceOf(AuthResult.Accepted.class);
    }
}
