package io.cdpbatch.error;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Request bodies of the API are capped by {@code quarkus.http.limits.max-body-size}. The HTTP layer
 * refuses a larger body with an empty 413; on the API routes this answers instead with the API's
 * error body, from the headers alone, before any of the body is read, whenever
 * {@code Content-Length} tells the size. A chunked body (no length) is still cut off by the HTTP
 * layer at the limit, with its empty 413.
 */
@ApplicationScoped
public class RequestLimits {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkDeclaredLength);
    }

    private void checkDeclaredLength(RoutingContext context) {
        if (maxBodySize.isPresent() && isApi(context)) {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null) {
                try {
                    long length = Long.parseLong(declared.trim());
                    if (length > maxBodySize.get().asLongValue()) {
                        respond(context, "The request body is limited to " + maxBodySize.get().asLongValue() + " bytes, got "
                                + length + " bytes");
                        return;
                    }
                } catch (NumberFormatException e) {
                    // Vert.x itself rejects a malformed Content-Length
                }
            }
        }
        context.next();
    }

    private static boolean isApi(RoutingContext context) {
        String path = context.normalizedPath();
        return path.startsWith("/v2/") || path.equals("/v2") || path.startsWith("/admin/") || path.equals("/admin");
    }

    private static void respond(RoutingContext context, String developerMessage) {
        String body;
        try {
            body = JSON.writeValueAsString(ApiError.of(413, "Request body too large", developerMessage));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // The rest of the body is not read: close the connection after the answer.
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close").end(body);
    }
}
