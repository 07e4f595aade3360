package io.cdpbatch.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import io.cdpbatch.error.ApiException;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP Basic authentication of API clients: user name = client key, password = API token. A refused
 * check answers 401; a throttled one 429 with {@code Retry-After}; one that found every bcrypt permit
 * taken 503.
 */
@Provider
@RequiresTenant
@Priority(Priorities.AUTHENTICATION)
public class TenantAuthFilter implements ContainerRequestFilter {

    static final String CHALLENGE = "Basic realm=\"cdp-batch\", charset=\"UTF-8\"";

    @Inject
    ApiClientService clients;

    @Inject
    CurrentTenant currentTenant;

    @Inject
    RoutingContext routing;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Credentials credentials = parse(header)
                .orElseThrow(() -> unauthorized(header == null ? "Missing credentials"
                        : "Malformed Authorization header: HTTP Basic with client key and API token expected"));
        AuthResult result = clients.authenticate(credentials.clientKey(), credentials.token(),
                SourceAddress.of(routing.request()), "API token");
        if (result instanceof AuthResult.Accepted accepted) {
            currentTenant.set(accepted.tenant());
            return;
        }
        throw refusal(result);
    }

    /** The API answer of a failed {@link AuthResult}: 401, 429 or 503. */
    public static ApiException refusal(AuthResult result) {
        if (result instanceof AuthResult.Throttled throttled) {
            return new ApiException(429, "Too many failed authentications",
                    "Too many failed authentications from " + throttled.scope() + ": retry after "
                            + throttled.retryAfterSeconds() + " seconds",
                    Map.of("Retry-After", Long.toString(throttled.retryAfterSeconds())));
        }
        if (result instanceof AuthResult.Busy) {
            return new ApiException(503, "Too many authentication checks in progress",
                    "The service is checking too many credentials at once: retry in a second", Map.of("Retry-After", "1"));
        }
        return unauthorized("Unknown client key, wrong API token, or revoked client");
    }

    static Optional<Credentials> parse(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    private static ApiException unauthorized(String developerMessage) {
        return new ApiException(401, "Unauthorized", developerMessage, Map.of("WWW-Authenticate", CHALLENGE));
    }

    record Credentials(String clientKey, String token) {
    }
}
