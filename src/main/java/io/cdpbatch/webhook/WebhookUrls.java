package io.cdpbatch.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import io.cdpbatch.error.ApiException;

/** The rules for a receiver's URL at registration; the addresses it may resolve to are {@link AddressRanges}. */
public final class WebhookUrls {

    static final int MAX_LENGTH = 2048;

    private WebhookUrls() {
    }

    /**
     * An absolute {@code https} URL (or {@code http} when allowed) with a host, without user
     * information or fragment, at most 2048 characters. {@code field} names it in messages.
     */
    public static URI parse(String field, String value, boolean allowHttp) {
        String schemes = allowHttp ? "https or http" : "https";
        String message = field + " must be an absolute " + schemes + " URL";
        if (value.length() > MAX_LENGTH) {
            throw ApiException.badRequest(field + " must be at most " + MAX_LENGTH + " characters",
                    field + " must be at most " + MAX_LENGTH + " characters, got " + value.length());
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw ApiException.badRequest(message, message + ", got " + shown(value) + ": " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !uri.isAbsolute() || uri.isOpaque()) {
            throw ApiException.badRequest(message, message + " such as https://example.com/hooks/batches, got " + shown(value));
        }
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw ApiException.badRequest(message, message + ": the scheme " + shown(uri.getScheme())
                    + " is not allowed" + (scheme.equals("http") ? " (deliveries are only sent over TLS)" : ""));
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.badRequest(field + " must not contain user information",
                    field + " must not contain user information (user:password@): the receiver verifies the signature instead");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw ApiException.badRequest(message, message + " with a host name, got " + shown(value));
        }
        if (uri.getRawFragment() != null) {
            throw ApiException.badRequest(field + " must not contain a fragment",
                    field + " must not contain a fragment (#...), it is never sent to the receiver");
        }
        return uri;
    }

    static String shown(String value) {
        return "\"" + (value.length() > 64 ? value.substring(0, 64) + "..." : value) + "\"";
    }
}
