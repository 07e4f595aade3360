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

/** HTTP Basic authentication of API clients: user name = client key, password = API token. */
@Provider
@RequiresTenant
@Priority(Priorities.AUTHENTICATION)
public class TenantAuthFilter implements ContainerRequestFilter {

    static final String CHALLENGE = "Basic realm=\"cdp-batch\", charset=\"UTF-8\"";

    @Inject
    ApiClientService clients;

    @Inject
    CurrentTenant currentTenant;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Credentials credentials = parse(header)
                .orElseThrow(() -> unauthorized(header == null ? "Missing credentials"
                        : "Malformed Authorization header: HTTP Basic with client key and API token expected"));
        Tenant tenant = clients.authenticate(credentials.clientKey(), credentials.token())
                .orElseThrow(() -> unauthorized("Unknown client key, wrong API token, or revoked client"));
        currentTenant.set(tenant);
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
