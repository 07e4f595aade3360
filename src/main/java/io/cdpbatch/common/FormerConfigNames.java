package io.cdpbatch.common;

import java.util.Iterator;
import java.util.Map;

import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.FallbackConfigSourceInterceptor;

/**
 * Configuration keys that moved under the prefix of their feature keep working under their former
 * names (and environment variables): when the new key has no value, the former key is read. The
 * list is the table "Former names" of docs/configuration.md.
 */
public class FormerConfigNames extends FallbackConfigSourceInterceptor {

    /** New key to former key. */
    public static final Map<String, String> FORMER = Map.ofEntries(
            Map.entry("batch.lifecycle.lease-duration", "batch.lease-duration"),
            Map.entry("batch.lifecycle.shutdown-grace", "batch.shutdown-grace"),
            Map.entry("batch.lifecycle.instance-id", "batch.instance-id"),
            Map.entry("batch.lifecycle.progress-interval", "batch.processing.progress-interval"),
            Map.entry("batch.lifecycle.max-attempts", "batch.processing.max-attempts"),
            Map.entry("batch.lifecycle.max-concurrent-batches", "batch.processing.max-concurrent-batches"),
            Map.entry("batch.lifecycle.max-per-tenant", "batch.processing.max-per-tenant"),
            Map.entry("batch.lifecycle.paused", "batch.processing.paused"),
            Map.entry("batch.lifecycle.metrics-refresh-interval", "batch.metrics.refresh-interval"),
            Map.entry("batch.intake.scan-interval", "batch.scan-interval"),
            Map.entry("batch.intake.scan-max-checks", "batch.scan-max-checks"),
            Map.entry("batch.intake.upload-grace", "batch.upload-grace"),
            Map.entry("batch.upload.work-dir", "batch.processing.work-dir"),
            Map.entry("batch.api.max-file-size", "batch.max-file-size"),
            Map.entry("batch.api.upload-url-ttl", "batch.upload-url-ttl"),
            Map.entry("batch.api.log-url-ttl", "batch.log-url-ttl"),
            Map.entry("batch.api.max-uploading-per-tenant", "batch.max-uploading-per-tenant"),
            Map.entry("batch.api.status-cache-ttl", "batch.status-cache.ttl"),
            Map.entry("batch.api.status-cache-max-entries", "batch.status-cache.max-entries"),
            Map.entry("batch.retention.period", "batch.retention"),
            Map.entry("batch.admin.token", "batch.admin-token"),
            Map.entry("batch.retention.purge-interval", "batch.retention-purge-interval"),
            Map.entry("batch.retention.purge-chunk", "batch.retention-purge-chunk"),
            Map.entry("batch.upload.store-outage-tolerance", "batch.processing.store-outage-tolerance"));

    public FormerConfigNames() {
        super(name -> FORMER.getOrDefault(name, name));
    }

    /** Names are listed as the sources have them: a former name is only read in place of its new one. */
    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        return context.iterateNames();
    }
}
