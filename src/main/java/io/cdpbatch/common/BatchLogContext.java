package io.cdpbatch.common;

import java.util.UUID;

import org.jboss.logging.MDC;

/**
 * Puts the tenant and the batch ref into the log context (MDC) while a batch is worked on, so that
 * every log line of that work carries them (JSON logs print them as {@code mdc.tenant} and
 * {@code mdc.batchRef}):
 *
 * <pre>
 * try (var context = BatchLogContext.open(clientKey, ref)) {
 *     ...
 * }
 * </pre>
 *
 * Closing restores what was there before, so contexts nest and pooled threads are left clean.
 */
public final class BatchLogContext implements AutoCloseable {

    public static final String TENANT = "tenant";
    public static final String BATCH_REF = "batchRef";

    private final Object previousTenant;
    private final Object previousRef;

    private BatchLogContext(Object previousTenant, Object previousRef) {
        this.previousTenant = previousTenant;
        this.previousRef = previousRef;
    }

    public static BatchLogContext open(String clientKey, UUID ref) {
        return open(clientKey, ref == null ? null : ref.toString());
    }

    public static BatchLogContext open(String clientKey, String ref) {
        BatchLogContext context = new BatchLogContext(MDC.get(TENANT), MDC.get(BATCH_REF));
        set(TENANT, clientKey);
        set(BATCH_REF, ref);
        return context;
    }

    @Override
    public void close() {
        set(TENANT, previousTenant);
        set(BATCH_REF, previousRef);
    }

    private static void set(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
