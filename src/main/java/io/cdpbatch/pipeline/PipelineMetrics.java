package io.cdpbatch.pipeline;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The instruments of the pipeline, exported at {@code /q/metrics}: records applied and refused, by
 * schema, and retried database transactions. Labels are bounded: the schema label takes one of
 * {@link #SCHEMAS}, never a batch ref or a client key.
 */
@Singleton
public class PipelineMetrics {

    /** The values of the {@code schema} label; any other schema is counted as {@code other}. */
    public static final Set<String> SCHEMAS = Set.of("guest", "order", "migration", "other");

    @Inject
    MeterRegistry registry;

    private final Map<String, Counter> applied = new HashMap<>();
    private final Map<String, Counter> failed = new HashMap<>();
    private final Map<String, Counter> dryRunValid = new HashMap<>();
    private final Map<String, Counter> dryRunInvalid = new HashMap<>();
    private Counter databaseRetries;

    @PostConstruct
    void register() {
        for (String schema : SCHEMAS) {
            applied.put(schema, Counter.builder("cdpbatch.records.applied").description("Records applied to customer data")
                    .tag("schema", schema).register(registry));
            failed.put(schema, Counter.builder("cdpbatch.records.failed").description("Records not applied (in the error log)")
                    .tag("schema", schema).register(registry));
            // dry runs change no customer data: their records are counted apart, never as applied or failed
            dryRunValid.put(schema, Counter.builder("cdpbatch.records.dryrun")
                    .description("Records of dry runs, validated without changing customer data")
                    .tag("schema", schema).tag("outcome", "valid").register(registry));
            dryRunInvalid.put(schema, Counter.builder("cdpbatch.records.dryrun")
                    .description("Records of dry runs, validated without changing customer data")
                    .tag("schema", schema).tag("outcome", "invalid").register(registry));
        }
        databaseRetries = Counter.builder("cdpbatch.database.retries").description("Database transactions retried")
                .register(registry);
    }

    /** Records applied in a batch (or a chunk of it). */
    public void recordsApplied(String schema, long n) {
        if (n > 0) {
            applied.get(schemaLabel(schema)).increment(n);
        }
    }

    /** Records that failed (were written to the error log). */
    public void recordsFailed(String schema, long n) {
        if (n > 0) {
            failed.get(schemaLabel(schema)).increment(n);
        }
    }

    /** Records of a dry run: valid (would have been applied) and invalid (in its error log). */
    public void dryRunRecords(String schema, long valid, long invalid) {
        if (valid > 0) {
            dryRunValid.get(schemaLabel(schema)).increment(valid);
        }
        if (invalid > 0) {
            dryRunInvalid.get(schemaLabel(schema)).increment(invalid);
        }
    }

    public void databaseRetry() {
        databaseRetries.increment();
    }

    static String schemaLabel(String schema) {
        if (schema == null) {
            return "other";
        }
        String lower = schema.toLowerCase(Locale.ROOT);
        return SCHEMAS.contains(lower) ? lower : "other";
    }
}
