package io.cdpbatch.web;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends
 * it), limited to the web page's path, and Secure whenever the browser talks https to us, directly
 * or through a trusted proxy that says so with {@code X-Forwarded-Proto}: the base URI has the
 * forwarded scheme only when the peer is in {@code quarkus.http.proxy.trusted-proxies}.
 */
final class SessionCookies {

    static final String NAME = "cdpbatch_session";

    private SessionCookies() {
    }

    static String issue(String sessionId, Duration ttl, Instant expiresAt, URI baseUri) {
        return NAME + "=" + sessionId + "; Path=" + path(baseUri) + "; Max-Age=" + ttl.getSeconds() + "; Expires="
                + DateTimeFormatter.RFC_1123_DATE_TIME.format(expiresAt.atOffset(ZoneOffset.UTC))
                + "; HttpOnly; SameSite=Strict" + (secure(baseUri) ? "; Secure" : "");
    }

    static String clear(URI baseUri) {
        return NAME + "=; Path=" + path(baseUri)
                + "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict"
                + (secure(baseUri) ? "; Secure" : "");
    }

    static String path(URI baseUri) {
        return WebLinks.root(baseUri) + "ui";
    }

    static boolean secure(URI baseUri) {
        return "https".equalsIgnoreCase(baseUri.getScheme());
    }
}
