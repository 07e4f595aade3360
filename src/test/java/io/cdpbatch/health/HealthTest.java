package io.cdpbatch.health;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
class HealthTest {

    @BeforeEach
    void setUp() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void readyWhenDatabaseAndStoreAreUp() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> RestAssured.get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Object store", "Database connections health check"))
                .body("checks.find { it.name == 'Object store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Object store' }.data.detail", equalTo("bucket cdp-batch reachable"))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP")));
    }

    @Test
    void liveAndStarted() {
        RestAssured.get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Alive"));
        RestAssured.get("/q/health/started").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Started"));
    }
}
