package io.cdpbatch.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * One trace per batch: the allocation's trace context is stored with the batch (a W3C
 * {@code traceparent}), and the background work on it, hours later and on any replica (arrival,
 * verification, processing and its chunks, the error log, webhook deliveries), starts its spans in
 * that trace. Spans carry the tenant (client key) and the batch ref, never a token nor any record
 * data. Tracing is off unless an OTLP endpoint is configured; then nothing is stored and every span
 * is the no-op one.
 */
@ApplicationScoped
public class BatchTracing {

    /** The tenant: its client key. */
    public static final AttributeKey<String> TENANT = AttributeKey.stringKey("cdpbatch.tenant");
    /** The batch's ref. */
    public static final AttributeKey<String> BATCH_REF = AttributeKey.stringKey("cdpbatch.batch.ref");

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    @Inject
    OpenTelemetry openTelemetry;

    @Inject
    Config config;

    private boolean enabled;
    private Tracer tracer;

    @PostConstruct
    void init() {
        enabled = !config.getOptionalValue("quarkus.otel.sdk.disabled", Boolean.class).orElse(false);
        tracer = openTelemetry.getTracer("io.cdpbatch");
    }

    /** Whether spans are recorded and exported. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The current span's context as a W3C {@code traceparent}, to store with a batch; null when tracing
     * is off or there is no span.
     */
    public String currentTraceparent() {
        if (!enabled || !Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** Puts the tenant and the batch on the current span (the allocation's HTTP server span). */
    public void describeCurrent(String clientKey, UUID ref) {
        if (enabled) {
            Span.current().setAttribute(TENANT, clientKey).setAttribute(BATCH_REF, ref.toString());
        }
    }

    /**
     * Starts a span of a batch's background work in the trace of its allocation ({@code traceparent},
     * as stored). A batch allocated while tracing was off has none: its spans then share a trace
     * derived from the tenant and the ref, so that its work is still one trace (without the
     * allocation's span).
     */
    public Span startInBatchTrace(String name, String traceparent, String clientKey, UUID ref) {
        if (!enabled) {
            return Span.getInvalid();
        }
        Context parent = traceparent != null
                ? W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP)
                : clientKey != null && ref != null ? Context.root().with(Span.wrap(derivedParent(clientKey, ref)))
                        : Context.root();
        return start(name, parent, clientKey, ref);
    }

    /** A sampled remote parent whose trace and span ids come from a digest of the tenant and the ref. */
    public static SpanContext derivedParent(String clientKey, UUID ref) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest((clientKey + "/" + ref).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // a digest of 24 zero bytes would be an invalid id; with SHA-256 that does not happen in practice
        HexFormat hex = HexFormat.of();
        return SpanContext.createFromRemoteParent(hex.formatHex(digest, 0, 16), hex.formatHex(digest, 16, 24),
                TraceFlags.getSampled(), TraceState.getDefault());
    }

    /** Starts a span inside another one ({@code parent}, e.g. a chunk inside its attempt). */
    public Span startChild(String name, Context parent, String clientKey, UUID ref) {
        if (!enabled) {
            return Span.getInvalid();
        }
        return start(name, parent, clientKey, ref);
    }

    private Span start(String name, Context parent, String clientKey, UUID ref) {
        var builder = tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.INTERNAL);
        if (clientKey != null) {
            builder.setAttribute(TENANT, clientKey);
        }
        if (ref != null) {
            builder.setAttribute(BATCH_REF, ref.toString());
        }
        return builder.startSpan();
    }
}
