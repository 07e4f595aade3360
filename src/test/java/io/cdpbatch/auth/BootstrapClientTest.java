package io.cdpbatch.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The start-up client of BATCH_BOOTSTRAP_CLIENT_KEY / _TOKEN: created, updated, never re-activated. */
@QuarkusTest
class BootstrapClientTest {

    @Inject
    ApiClientService clients;

    @Test
    void createsTheClientFollowsTokenChangesAndNeverReactivatesIt() {
        String key = "boot-" + UUID.randomUUID().toString().substring(0, 8);
        String first = "first-token-0123456789";
        String second = "second-token-0123456789";

        assertThat(clients.bootstrap(key, first)).isEqualTo(ApiClientService.Bootstrapped.CREATED);
        assertThat(status(key, first)).isEqualTo(200);

        assertThat(clients.bootstrap(key, first)).isEqualTo(ApiClientService.Bootstrapped.UNCHANGED);
        assertThat(clients.listActive()).filteredOn(c -> c.clientKey.equals(key)).hasSize(1);

        assertThat(clients.bootstrap(key, second)).isEqualTo(ApiClientService.Bootstrapped.TOKEN_UPDATED);
        assertThat(status(key, first)).isEqualTo(401);
        assertThat(status(key, second)).isEqualTo(200);

        clients.revoke(key);
        assertThat(status(key, second)).isEqualTo(401);
        // Neither the same token nor a new one brings a revoked client back.
        assertThat(clients.bootstrap(key, second)).isEqualTo(ApiClientService.Bootstrapped.REVOKED);
        assertThat(status(key, second)).isEqualTo(401);
        String third = "third-token-0123456789";
        assertThat(clients.bootstrap(key, third)).isEqualTo(ApiClientService.Bootstrapped.REVOKED);
        assertThat(status(key, third)).isEqualTo(401);
        assertThat(clients.listActive()).noneMatch(c -> c.clientKey.equals(key));
    }

    @Test
    void rejectsAnUnsafeKeyOrAShortToken() {
        assertThatThrownBy(() -> clients.bootstrap("bad key/with slash", "long-enough-token-0123"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BATCH_BOOTSTRAP_CLIENT_KEY");
        assertThatThrownBy(() -> clients.bootstrap("short-token-client", "short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BATCH_BOOTSTRAP_CLIENT_TOKEN");
    }

    /** Each HTTP request reads the client afresh, as production does. */
    private static int status(String key, String token) {
        return RestAssured.given().auth().preemptive().basic(key, token).when().get("/v2/batches/inspect").then()
                .extract().statusCode();
    }
}
