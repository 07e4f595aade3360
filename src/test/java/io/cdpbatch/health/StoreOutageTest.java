package io.cdpbatch.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.cdpbatch.devstack.EmbeddedStack;
import io.cdpbatch.devstack.EmbeddedStack.S3ProxyProcess;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Management;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The application runs against its own S3Proxy, which the test kills, replaces by a server that
 * accepts connections and never answers, and restarts: readiness follows within seconds and every
 * readiness answer comes at once.
 */
@QuarkusTest
@ApiTest
@TestProfile(StoreOutageTest.OwnStore.class)
class StoreOutageTest {

    /** The readiness probe of the Kubernetes manifest times out after 5 s; the check must answer well within. */
    static final long ANSWER_MS = 5000;

    public static class OwnStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("batch.health.store-probe-interval", "500ms",
                    "batch.health.store-probe-timeout", "1s",
                    "quarkus.s3.api-call-attempt-timeout", "5s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnS3Proxy.class));
        }
    }

    /** A second S3Proxy, on disk so that its bucket survives a restart. */
    public static class OwnS3Proxy implements QuarkusTestResourceLifecycleManager {
        static volatile S3ProxyProcess proxy;
        static Path dataDir;

        @Override
        public Map<String, String> start() {
            try {
                dataDir = Files.createTempDirectory("cdpbatch-outage-s3");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            proxy = EmbeddedStack.startS3ProxyProcess(dataDir, EmbeddedStack.freePort());
            return new HashMap<>(EmbeddedStack.configFor(null, proxy.endpoint()));
        }

        @Override
        public void stop() {
            if (proxy != null) {
                proxy.kill();
            }
        }

        static void restart() {
            proxy = EmbeddedStack.startS3ProxyProcess(dataDir, proxy.port());
        }
    }

    @Test
    void readinessFollowsTheStoreAndAlwaysAnswersAtOnce() throws IOException {
        awaitReady(200, "UP");

        OwnS3Proxy.proxy.kill();
        awaitReady(503, "DOWN");
        Management.given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'Object store' }.data.detail", startsWith("bucket cdp-batch unreachable"));
        Management.given().get("/q/health/live").then().statusCode(200);

        // A store that accepts connections and never answers: the check still answers at once.
        try (ServerSocket hanging = new ServerSocket()) {
            hanging.setReuseAddress(true);
            hanging.bind(new InetSocketAddress("127.0.0.1", OwnS3Proxy.proxy.port()), 50);
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Management.given().get("/q/health/ready")
                    .then().time(lessThan(ANSWER_MS)).statusCode(503)
                    .body("checks.find { it.name == 'Object store' }.data.detail",
                            equalTo("bucket cdp-batch did not answer within 1000 ms")));
            for (int i = 0; i < 5; i++) {
                Management.given().get("/q/health/ready").then().time(lessThan(ANSWER_MS)).statusCode(503);
            }
        }

        OwnS3Proxy.restart();
        awaitReady(200, "UP");
        assertThat(OwnS3Proxy.proxy.process().isAlive()).isTrue();
    }

    private static void awaitReady(int status, String storeStatus) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Management.given().get("/q/health/ready")
                .then().time(lessThan(ANSWER_MS)).statusCode(status)
                .body("checks.find { it.name == 'Object store' }.status", equalTo(storeStatus)));
    }
}
