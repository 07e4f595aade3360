package io.cdpbatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;

/**
 * What start-up must not undo or accept, shown with real restarts of the packaged application on
 * one database: a bootstrap client an admin revoked stays revoked after a restart with the same
 * configuration, and a short admin token stops the start naming its variable.
 */
class StartupSecurityIT {

    static final String BOOTSTRAP_KEY = "reliability";
    static final String BOOTSTRAP_TOKEN = "reliability-token-0123456789";

    static ReliabilityStack stack;

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start("startup-security");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRevokedBootstrapClientStaysRevokedAfterARestart() {
        AppInstance first = stack.startInstance("security-first", Map.of()).awaitReady();
        assertThat(inspectStatus(first)).isEqualTo(200);
        RestAssured.given().baseUri(first.baseUrl()).header("Authorization", "Bearer " + ReliabilityStack.ADMIN_TOKEN)
                .when().delete("/admin/clients/{key}", BOOTSTRAP_KEY).then().statusCode(204);
        assertThat(inspectStatus(first)).isEqualTo(401);
        first.terminate();
        assertThat(first.waitFor(Duration.ofSeconds(60))).isTrue();

        // Same database, same BATCH_BOOTSTRAP_CLIENT_KEY and _TOKEN.
        AppInstance second = stack.startInstance("security-second", Map.of()).awaitReady();
        assertThat(inspectStatus(second)).isEqualTo(401);
        assertThat(second.logText()).contains("WARN").contains("API client " + BOOTSTRAP_KEY
                + " of BATCH_BOOTSTRAP_CLIENT_KEY is revoked and stays revoked")
                .contains("set BATCH_BOOTSTRAP_CLIENT_KEY to a new key");
        assertThat(stack.query("SELECT revoked_at IS NOT NULL AS revoked FROM api_client WHERE client_key = ?",
                BOOTSTRAP_KEY)).containsExactly(Map.of("revoked", "t"));
        second.terminate();
        assertThat(second.waitFor(Duration.ofSeconds(60))).isTrue();
    }

    @Test
    void aShortAdminTokenStopsTheStartNamingTheVariable() {
        AppInstance instance = stack.startInstance("security-short-admin-token",
                Map.of("BATCH_ADMIN_TOKEN", "only-twenty-characters"));
        assertThat(instance.waitFor(Duration.ofSeconds(120))).as("the start fails").isTrue();
        assertThat(instance.process().exitValue()).isNotZero();
        assertThat(instance.logText()).contains("BATCH_ADMIN_TOKEN must be at least 32 characters long, got 22");
    }

    private static int inspectStatus(AppInstance instance) {
        return RestAssured.given().baseUri(instance.baseUrl()).auth().preemptive().basic(BOOTSTRAP_KEY, BOOTSTRAP_TOKEN)
                .when().get("/v2/batches/inspect").then().extract().statusCode();
    }
}
