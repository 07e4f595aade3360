package io.cdpbatch.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdpbatch.lifecycle.LifecycleConfig;
import io.cdpbatch.lifecycle.RetentionConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Keys that moved under their feature's prefix keep working under their former names and variables. */
class FormerConfigNamesTest {

    static SmallRyeConfig config(Map<String, String> env, Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withInterceptors(new FormerConfigNames())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new EnvConfigSource(env, 300), new PropertiesConfigSource(properties, "test", 250))
                .withMapping(LifecycleConfig.class).withMapping(RetentionConfig.class).build();
    }

    @Test
    void aFormerEnvironmentVariableIsRead() {
        SmallRyeConfig config = config(Map.of("BATCH_LEASE_DURATION", "7s", "BATCH_RETENTION", "3d"), Map.of());

        assertThat(config.getConfigMapping(LifecycleConfig.class).leaseDuration()).isEqualTo(Duration.ofSeconds(7));
        assertThat(config.getConfigMapping(RetentionConfig.class).period()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void aFormerPropertyIsRead() {
        SmallRyeConfig config = config(Map.of(), Map.of("batch.processing.max-attempts", "5"));

        assertThat(config.getConfigMapping(LifecycleConfig.class).maxAttempts()).isEqualTo(5);
    }

    @Test
    void theNewNameWinsOverTheFormerOne() {
        SmallRyeConfig config = config(Map.of("BATCH_LEASE_DURATION", "7s", "BATCH_LIFECYCLE_LEASE_DURATION", "9s"), Map.of());

        assertThat(config.getConfigMapping(LifecycleConfig.class).leaseDuration()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void withNeitherTheDefaultHolds() {
        SmallRyeConfig config = config(Map.of(), Map.of());

        assertThat(config.getConfigMapping(LifecycleConfig.class).leaseDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.getConfigMapping(RetentionConfig.class).period()).isEqualTo(Duration.ofDays(30));
    }
}
