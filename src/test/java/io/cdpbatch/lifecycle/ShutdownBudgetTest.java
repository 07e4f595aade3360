package io.cdpbatch.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.smallrye.config.WithDefault;

/**
 * On SIGTERM an instance first drains HTTP ({@code quarkus.shutdown.timeout}), then lets its batches
 * finish ({@code batch.lifecycle.shutdown-grace}), then gives them back after a short wind-down: the
 * whole budget must end before Kubernetes kills the pod ({@code terminationGracePeriodSeconds}),
 * or batches are cut off mid-write and wait out their leases instead of moving at once.
 */
class ShutdownBudgetTest {

    @Test
    void theShutdownBudgetFitsThePodsGracePeriod() throws Exception {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        Duration httpDrain = Duration.ofSeconds(seconds(properties.getProperty("quarkus.shutdown.timeout")));
        Duration batchGrace = Duration.ofSeconds(seconds(LifecycleConfig.class.getMethod("shutdownGrace")
                .getAnnotation(WithDefault.class).value()));
        Duration budget = httpDrain.plus(batchGrace).plus(GracefulShutdown.WIND_DOWN);

        Duration grace = Duration.ofSeconds(terminationGracePeriodSeconds());

        assertThat(budget).as("HTTP drain %s + batch grace %s + wind-down %s", httpDrain, batchGrace,
                GracefulShutdown.WIND_DOWN).isLessThan(grace);
    }

    static long seconds(String duration) {
        Matcher m = Pattern.compile("(\\d+)s").matcher(duration.trim());
        assertThat(m.matches()).as("a duration in seconds: %s", duration).isTrue();
        return Long.parseLong(m.group(1));
    }

    static long terminationGracePeriodSeconds() throws IOException {
        Matcher m = Pattern.compile("terminationGracePeriodSeconds:\\s*(\\d+)")
                .matcher(Files.readString(Path.of("src/main/kubernetes/kubernetes.yml")));
        assertThat(m.find()).as("terminationGracePeriodSeconds in the manifest").isTrue();
        return Long.parseLong(m.group(1));
    }
}
