package io.cdpbatch.web;

import java.net.URI;

import jakarta.ws.rs.core.HttpHeaders;

/**
 * The CSRF check of the web forms, on top of the SameSite=Strict cookie: a POST must come from a
 * page of this service, as its {@code Origin} (or, from a browser that sends none, its
 * {@code Referer}) shows. A request that carries neither is refused.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    static boolean check(HttpHeaders headers, URI baseUri) {
        String origin = headers.getHeaderString("Origin");
        String source = origin != null ? origin : headers.getHeaderString("Referer");
        if (source == null || source.isBlank() || source.trim().equals("null")) {
            return false;
        }
        URI uri;
        try {
            uri = URI.create(source.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        // The base URI carries the forwarded scheme, host and port only from a trusted proxy.
        if (!uri.getScheme().equalsIgnoreCase(baseUri.getScheme()) || !uri.getHost().equalsIgnoreCase(baseUri.getHost())) {
            return false;
        }
        return port(uri.getScheme(), uri.getPort()) == port(baseUri.getScheme(), baseUri.getPort());
    }

    private static int port(String scheme, int port) {
        if (port != -1) {
            return port;
        }
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
