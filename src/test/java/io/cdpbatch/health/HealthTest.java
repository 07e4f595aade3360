package io.cdpbatch.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@ApiTest
class HealthTest {

    @Test
    void readyWhenDatabaseAndStoreAreUp() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Management.given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Object store", "Database connections health check"))
                .body("checks.find { it.name == 'Object store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Object store' }.data.detail", equalTo("bucket cdp-batch reachable"))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP")));
    }

    /** Health, metrics and OpenAPI answer on the management port only; the public port does not know them. */
    @Test
    void managementRoutesAreServedOnTheManagementPortOnly() {
        for (String path : List.of("/q/health", "/q/health/live", "/q/metrics", "/q/openapi", "/q/swagger-ui/")) {
            Management.given().get(path).then().statusCode(200);
            RestAssured.get(path).then().statusCode(404);
        }
        int managementPort = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        int publicPort = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        assertThat(managementPort).isPositive().isNotEqualTo(publicPort);
    }

    @Test
    void liveAndStarted() {
        Management.given().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Alive"));
        Management.given().get("/q/health/started").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Started"));
    }
}
