package io.cdpbatch.auth;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** The global bound on bcrypt checks: one at a time here, and a check waits for it one second at most. */
@QuarkusTest
@ApiTest
@TestProfile(AuthBusyTest.OnePermitOneSecond.class)
class AuthBusyTest {

    static final String INSPECT = "/v2/batches/inspect";

    public static class OnePermitOneSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("batch.auth.max-concurrent-checks", "1", "batch.auth.check-wait", "1s");
        }
    }

    @Inject
    AuthThrottle throttle;

    /**
     * With every bcrypt permit taken, a check waits batch.auth.check-wait and answers 503 with
     * Retry-After: 1 (the service is busy, the caller did nothing wrong); verified credentials need
     * no permit and keep working.
     */
    @Test
    void aCheckThatFindsEveryPermitTakenAnswers503() throws Exception {
        Tenants fresh = Tenants.create();
        Tenants verified = Tenants.create();
        verified.given().when().get(INSPECT).then().statusCode(200);
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> holder = CompletableFuture.supplyAsync(() -> throttle.check(() -> {
            taken.countDown();
            try {
                return release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }).orElse(false));
        try {
            assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();
            verified.given().when().get(INSPECT).then().statusCode(200);
            Response busy = fresh.given().when().get(INSPECT).then().extract().response();
            assertThat(busy.header("Retry-After")).isEqualTo("1");
            assertError(busy.then(), 503, "Too many authentication checks in progress",
                    "The service is checking too many credentials at once: retry in a second");
        } finally {
            release.countDown();
        }
        assertThat(holder.get(10, TimeUnit.SECONDS)).isTrue();
        fresh.given().when().get(INSPECT).then().statusCode(200);
    }

}
