package io.cdpbatch.auth;

/** The authenticated API client a request acts for. */
public record Tenant(long id, String clientKey) {
}
