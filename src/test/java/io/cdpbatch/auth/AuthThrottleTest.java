package io.cdpbatch.auth;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.LogCapture;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Failed authentication is metered: per source address (API token, web sign-in, admin token), per
 * client key; failures are logged, at a bounded rate (AuthBusyTest: the bound on concurrent checks).
 * Loopback is a trusted proxy here, so {@code X-Forwarded-For} says which address a request comes
 * from. Time moves with the test clock: nothing waits for a window to pass.
 */
@QuarkusTest
@ApiTest
@TestProfile(TrustedLoopbackProfile.class)
class AuthThrottleTest {

    static final String INSPECT = "/v2/batches/inspect";
    static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    @Inject
    ApiClientService clients;

    @Inject
    TestClock clock;

    @Inject
    AuthThrottle throttle;

    @TestHTTPResource("/")
    java.net.URI root;

    /** The failed-authentication lines are what these tests read. */
    LogCapture logs;

    /**
     * 400 wrong tokens from one address, 16 at a time: exactly 20 are checked (401), the other 380
     * answer 429 with Retry-After and the error body, unchecked; meanwhile another tenant's correct
     * requests from another address all succeed, p90 under a second. After Retry-After, the right
     * credentials work from the same address.
     */
    @Test
    void aBurstOfWrongTokensFromOneAddressIsThrottledWhileAnotherTenantStaysFast() throws Exception {
        freshLogInterval();
        Tenants victim = Tenants.create();
        Tenants target = Tenants.create();
        String attacker = "203.0.113.66";
        String elsewhere = "198.51.100.20";
        from(elsewhere, victim).when().get(INSPECT).then().statusCode(200);

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Response>> attack = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            attack.add(pool.submit(() -> from(attacker).auth().preemptive().basic(target.clientKey(), target.token() + "x")
                    .when().get(INSPECT).then().extract().response()));
        }
        List<Long> millis = new ArrayList<>();
        while (attack.stream().anyMatch(f -> !f.isDone()) || millis.size() < 20) {
            long start = System.nanoTime();
            int status = from(elsewhere, victim).when().get(INSPECT).then().extract().statusCode();
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(status).isEqualTo(200);
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        List<Response> answers = new ArrayList<>();
        for (Future<Response> answer : attack) {
            answers.add(answer.get());
        }
        assertThat(answers).as("statuses %s", answers.stream().map(Response::statusCode).toList())
                .filteredOn(r -> r.statusCode() == 401).hasSize(20);
        List<Response> throttled = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(throttled).hasSize(380);
        long retryAfter = 0;
        for (Response r : throttled) {
            long seconds = Long.parseLong(r.header("Retry-After"));
            assertThat(seconds).isBetween(1L, 60L);
            assertThat(r.jsonPath().getMap("")).containsOnlyKeys("status", "code", "message", "developerMessage", "moreInfo")
                    .containsEntry("status", 429).containsEntry("message", "Too many failed authentications")
                    .containsEntry("developerMessage",
                            "Too many failed authentications from this address: retry after " + seconds + " seconds");
            retryAfter = Math.max(retryAfter, seconds);
        }
        millis.sort(Comparator.naturalOrder());
        long p90 = millis.get((int) Math.ceil(millis.size() * 0.9) - 1);
        assertThat(p90).as("p90 of the other tenant's requests, ms, of %s", millis).isLessThan(1000);

        // The address is refused even with the right credentials, until its window ends.
        assertThat(from(attacker, target).when().get(INSPECT).then().extract().statusCode()).isEqualTo(429);
        clock.shift(Duration.ofSeconds(retryAfter));
        from(attacker, target).when().get(INSPECT).then().statusCode(200);

        List<String> lines = lines();
        assertThat(lines).noneMatch(line -> line.contains(target.token()));
        assertThat(lines).filteredOn(line -> line.contains(attacker)).isNotEmpty()
                .allMatch(line -> line.equals("Failed authentication (API token) for client " + target.clientKey() + " from "
                        + attacker) || line.startsWith("Source address " + attacker + " refused for "))
                .hasSizeLessThanOrEqualTo(21);
    }

    /**
     * A client's first requests in parallel carry the same new credentials: while the one bcrypt
     * permit is taken, the first waits for it and the others wait for its answer, so all of them
     * succeed with one check between them.
     */
    @Test
    void identicalCredentialsArrivingAtOnceShareOneCheck() throws Exception {
        Tenants fresh = Tenants.create();
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
        ExecutorService parallel = Executors.newFixedThreadPool(8);
        try {
            assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(parallel.submit(() -> fresh.given().when().get(INSPECT).then().extract().statusCode()));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> throttle.waitingForAPermit() == 1 && clients.waitingForAnotherCheck() == 7);
            release.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            release.countDown();
            parallel.shutdownNow();
        }
        assertThat(holder.get(10, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * Credentials verified before need no check, so they only look at their address's window: however many
     * such requests are in flight, none takes a slot a failing check would need, and a refused address is
     * refused for them too.
     */
    @Test
    void verifiedCredentialsLookAtTheWindowWithoutTakingASlot() {
        String address = "203.0.113.90";
        for (int i = 0; i < 100; i++) {
            assertThat(throttle.refused(address)).isEmpty();
        }
        for (int i = 0; i < 20; i++) {
            assertThat(throttle.reserve(address)).as("slot %d of 20", i + 1).isEmpty();
        }
        assertThat(throttle.reserve(address)).isPresent();
        assertThat(throttle.refused(address)).isPresent();
        clock.shift(Duration.ofMinutes(1));
        assertThat(throttle.refused(address)).isEmpty();
    }

    /** Failures spread over addresses still pause the key they aim at; its verified credentials keep working. */
    @Test
    void failuresForOneClientKeyFromManyAddressesPauseChecksOfThatKey() {
        Tenants target = Tenants.create();
        from("198.51.100.30", target).when().get(INSPECT).then().statusCode(200);
        for (int i = 0; i < 50; i++) {
            String address = "203.0.113." + (1 + i / 20);
            from(address).auth().preemptive().basic(target.clientKey(), "wrong-" + i).when().get(INSPECT).then()
                    .statusCode(401);
        }
        Response paused = from("203.0.113.4").auth().preemptive().basic(target.clientKey(), "wrong-again").when()
                .get(INSPECT).then().extract().response();
        long seconds = Long.parseLong(paused.header("Retry-After"));
        assertError(paused.then(), 429, "Too many failed authentications",
                "Too many failed authentications from this client key: retry after " + seconds + " seconds");
        // Already verified on this replica: no bcrypt needed, so the pause does not lock the tenant out.
        from("203.0.113.5", target).when().get(INSPECT).then().statusCode(200);

        clock.shift(Duration.ofSeconds(seconds));
        from("203.0.113.6").auth().preemptive().basic(target.clientKey(), "wrong-once-more").when().get(INSPECT).then()
                .statusCode(401);
    }

    @Test
    void failedWebSignInsAreThrottledWithAPageAndRetryAfter() {
        freshLogInterval();
        Tenants tenant = Tenants.create();
        String address = "203.0.113.80";
        for (int i = 0; i < 20; i++) {
            signIn(address, tenant.clientKey(), "wrong-" + i).then().statusCode(401)
                    .body(containsString("Wrong client key or API token."));
        }
        Response refused = signIn(address, tenant.clientKey(), tenant.token());
        long seconds = Long.parseLong(refused.header("Retry-After"));
        assertThat(seconds).isBetween(1L, 60L);
        refused.then().statusCode(429).contentType("text/html")
                .body(containsString("Too many failed sign-ins from your network. Try again in " + seconds + " seconds."))
                .body(org.hamcrest.Matchers.not(containsString(tenant.token())));
        assertThat(refused.header("Set-Cookie")).isNull();

        clock.shift(Duration.ofSeconds(seconds));
        signIn(address, tenant.clientKey(), tenant.token()).then().statusCode(303);
        assertThat(lines()).contains("Failed authentication (web sign-in) for client " + tenant.clientKey() + " from "
                + address);
    }

    @Test
    void wrongAdminTokensCountInTheSameWindow() {
        freshLogInterval();
        String address = "203.0.113.90";
        for (int i = 0; i < 20; i++) {
            from(address).header("Authorization", "Bearer wrong-admin-token-" + i).when().get("/admin/clients").then()
                    .statusCode(401);
        }
        Response refused = from(address).header("Authorization", "Bearer " + ADMIN_TOKEN).when().get("/admin/clients")
                .then().extract().response();
        long seconds = Long.parseLong(refused.header("Retry-After"));
        assertError(refused.then(), 429, "Too many failed authentications",
                "Too many failed authentications from this address: retry after " + seconds + " seconds");
        clock.shift(Duration.ofSeconds(seconds));
        from(address).header("Authorization", "Bearer " + ADMIN_TOKEN).when().get("/admin/clients").then().statusCode(200);
        assertThat(lines()).contains("Failed authentication (admin token) for an unknown client key from " + address);
    }

    /** At most batch.auth.log-failures lines per interval; the rest are counted in one line later. */
    @Test
    void theFailureLogIsRateLimited() {
        Tenants tenant = Tenants.create();
        clock.shift(Duration.ofMinutes(2));
        logs.clear();
        for (int i = 0; i < 25; i++) {
            from("192.0.2." + (10 + i / 5)).auth().preemptive().basic(tenant.clientKey(), "wrong-" + i).when().get(INSPECT)
                    .then().statusCode(401);
        }
        List<String> failures = lines().stream().filter(line -> line.startsWith("Failed authentication")).toList();
        assertThat(failures).hasSize(20).allMatch(line -> line.startsWith(
                "Failed authentication (API token) for client " + tenant.clientKey() + " from 192.0.2.1"));

        clock.shift(Duration.ofMinutes(2));
        from("192.0.2.30").auth().preemptive().basic(tenant.clientKey(), "wrong-last").when().get(INSPECT).then()
                .statusCode(401);
        assertThat(lines()).contains("5 more failed authentications were not logged (at most 20 lines per 60s)",
                "Failed authentication (API token) for client " + tenant.clientKey() + " from 192.0.2.30");
    }

    /** Earlier tests may have used this interval's lines: start a new one. */
    private void freshLogInterval() {
        clock.shift(Duration.ofMinutes(1));
    }

    private Response signIn(String address, String clientKey, String token) {
        String origin = root.getScheme() + "://" + root.getRawAuthority();
        return from(address).redirects().follow(false).header("Origin", origin).formParam("clientKey", clientKey)
                .formParam("token", token).when().post("/ui/sign-in");
    }

    private List<String> lines() {
        return logs.messagesOf(FailedAuthLog.class);
    }

    private static RequestSpecification from(String address) {
        return RestAssured.given().header("X-Forwarded-For", address);
    }

    private static RequestSpecification from(String address, Tenants tenant) {
        return from(address).auth().preemptive().basic(tenant.clientKey(), tenant.token());
    }
}
