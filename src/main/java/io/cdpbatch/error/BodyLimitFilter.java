package io.cdpbatch.error;

import java.util.Optional;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;

/**
 * Gives an over-large request body the API error body. Quarkus enforces
 * {@code quarkus.http.limits.max-body-size} itself, but answers {@code 413} with an empty body; this
 * filter runs first (the limit's route has order -2) and answers the same status with the body of
 * spec section 8 when the declared {@code Content-Length} is over the limit.
 */
public class BodyLimitFilter {

    /** Runs before Quarkus' own upload-limit route. */
    private static final int PRIORITY = 100;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    void register(@Observes Filters filters) {
        if (maxBodySize.isEmpty()) {
            return;
        }
        long limit = maxBodySize.get().asLongValue();
        filters.register(context -> {
            String header = context.request().getHeader("Content-Length");
            long length;
            try {
                length = header == null ? -1 : Long.parseLong(header.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length <= limit) {
                context.next();
                return;
            }
            String body = new JsonObject().put("status", 413).put("code", 413).put("message", "Request body too large")
                    .put("developerMessage", "The request body must be at most " + limit + " bytes, got " + length)
                    .put("moreInfo", "").encode();
            context.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close").end(body);
        }, PRIORITY);
    }
}
