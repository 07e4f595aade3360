package io.cdpbatch.common;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Keeps credentials out of exported spans: the HTTP client spans of webhook deliveries carry the
 * receiver's full URL, whose query or user information may hold a token. This cuts both off when the
 * span starts, before any exporter sees it; scheme, host, port and path stay.
 */
@ApplicationScoped
public class TraceRedaction implements SpanProcessor {

    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String full = span.getAttribute(URL_FULL);
        if (full != null) {
            String redacted = withoutSecrets(full);
            if (!redacted.equals(full)) {
                span.setAttribute(URL_FULL, redacted);
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }

    /** The URL without its user information, query and fragment; a URL that does not parse becomes its scheme. */
    static String withoutSecrets(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getRawQuery() == null && uri.getRawUserInfo() == null && uri.getRawFragment() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            int colon = url.indexOf(':');
            return colon > 0 ? url.substring(0, colon) + ":" : "";
        }
    }
}
