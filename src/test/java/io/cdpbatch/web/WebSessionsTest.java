package io.cdpbatch.web;

import static io.cdpbatch.web.WebTestSupport.signIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cdpbatch.auth.ApiClient;
import io.cdpbatch.auth.ApiClientRepository;
import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Web sessions end when unused for the idle timeout (30 minutes by default), when their client has
 * more than 10 (the oldest), when its token changes or it is revoked; ended rows are purged by the
 * scheduled purge, called here directly.
 */
@QuarkusTest
@ApiTest
class WebSessionsTest {

    @Inject
    ApiClientService clients;

    @Inject
    ApiClientRepository clientRows;

    @Inject
    WebSessionRepository sessions;

    @Inject
    WebSessionService sessionService;

    @Inject
    WebConfig config;

    @Inject
    TestClock clock;

    Tenants tenant;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aSessionUnusedForTheIdleTimeoutEndsAndOneInUseLastsOn() {
        assertThat(config.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
        String idle = signIn(tenant);
        String used = signIn(tenant);
        clock.shift(Duration.ofMinutes(20));
        assertThat(status(used)).isEqualTo(200);
        clock.shift(Duration.ofMinutes(20));
        // 40 minutes after sign-in: the one used 20 minutes ago lives, the other has been idle 40.
        assertThat(status(used)).isEqualTo(200);
        assertSignedOut(idle);
    }

    @Test
    void theEleventhSignInEndsTheOldestSession() {
        assertThat(config.maxSessionsPerClient()).isEqualTo(10);
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            opened.add(signIn(tenant));
        }
        assertThat(sessions.count("clientId", clientId())).isEqualTo(10);
        assertSignedOut(opened.get(0));
        for (String session : opened.subList(1, 11)) {
            assertThat(status(session)).isEqualTo(200);
        }
    }

    @Test
    void thePurgeDeletesIdleAndExpiredSessionsOnly() {
        Tenants other = Tenants.create();
        signIn(tenant);
        signIn(tenant);
        clock.shift(Duration.ofMinutes(31));
        String fresh = signIn(other);
        long purged = sessionService.purgeEnded();

        assertThat(purged).isGreaterThanOrEqualTo(2);
        assertThat(sessions.count("clientId", clientId())).isZero();
        assertThat(sessions.count("clientId", clientRows.findByKey(other.clientKey()).orElseThrow().id)).isEqualTo(1);
        assertThat(status(fresh)).isEqualTo(200);

        // Used every 20 minutes, a session still ends at its TTL (8 hours), and is purged then.
        for (int i = 0; i < 23; i++) {
            clock.shift(Duration.ofMinutes(20));
            assertThat(status(fresh)).as("after %d minutes", 20 * (i + 1)).isEqualTo(200);
        }
        clock.shift(Duration.ofMinutes(21));
        assertSignedOut(fresh);
        assertThat(sessionService.purgeEnded()).isGreaterThanOrEqualTo(1);
        assertThat(sessions.count("clientId", clientRows.findByKey(other.clientKey()).orElseThrow().id)).isZero();
    }

    @Test
    void aTokenChangeEndsEverySessionOfTheClient() {
        String key = "web-boot-" + UUID.randomUUID().toString().substring(0, 8);
        clients.bootstrap(key, "first-token-0123456789");
        Tenants booted = new Tenants(key, "first-token-0123456789");
        String first = signIn(booted);
        String second = signIn(booted);
        long id = clientRows.findByKey(key).orElseThrow().id;
        assertThat(sessions.count("clientId", id)).isEqualTo(2);

        clients.bootstrap(key, "second-token-0123456789");
        assertThat(sessions.count("clientId", id)).isZero();
        assertSignedOut(first);
        assertSignedOut(second);
        assertThat(status(signIn(new Tenants(key, "second-token-0123456789")))).isEqualTo(200);
    }

    @Test
    void revokingTheClientDeletesItsSessions() {
        String session = signIn(tenant);
        clients.revoke(tenant.clientKey());
        assertThat(sessions.count("clientId", clientId())).isZero();
        assertSignedOut(session);
    }

    private long clientId() {
        ApiClient client = clientRows.findByKey(tenant.clientKey()).orElseThrow();
        return client.id;
    }

    private static int status(String session) {
        return given().redirects().follow(false).cookie(SessionCookies.NAME, session).when().get("/ui/batches").then()
                .extract().statusCode();
    }

    private static void assertSignedOut(String session) {
        given().redirects().follow(false).cookie(SessionCookies.NAME, session).when().get("/ui/batches").then()
                .statusCode(303).header("Location", containsString("/ui/sign-in"));
    }
}
