package io.cdpbatch.common;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Tracing is off by default ({@code quarkus.otel.sdk.disabled=true} in application.properties) and
 * turned on by configuring where to send it: when an OTLP endpoint is set, this source says
 * {@code quarkus.otel.sdk.disabled=false}. Its ordinal lies above application.properties (250) and
 * below the environment (300), so {@code QUARKUS_OTEL_SDK_DISABLED} still decides when it is set.
 */
public class TracingSwitch implements ConfigSourceFactory {

    /** The keys that name an OTLP endpoint (the environment variables map to the first two). */
    static final List<String> ENDPOINT_KEYS = List.of("quarkus.otel.exporter.otlp.endpoint",
            "quarkus.otel.exporter.otlp.traces.endpoint", "otel.exporter.otlp.endpoint",
            "otel.exporter.otlp.traces.endpoint");

    static final int ORDINAL = 275;
    /** The lowest ordinal of a source someone configured (microprofile-config.properties). */
    private static final int MIN_SOURCE_ORDINAL = 100;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        for (String key : ENDPOINT_KEYS) {
            ConfigValue value = context.getValue(key);
            // a value of a real source, not a default of the extension's own mapping
            if (value != null && value.getValue() != null && !value.getValue().isBlank()
                    && value.getConfigSourceOrdinal() >= MIN_SOURCE_ORDINAL) {
                return List.of(new MapBackedConfigSource("cdp-batch tracing switch (an OTLP endpoint is set)",
                        Map.of("quarkus.otel.sdk.disabled", "false"), ORDINAL) {
                });
            }
        }
        return List.of();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(60);
    }
}
