package io.cdpbatch.error;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become API answers: always the {@link ApiError} body, never a stack
 * trace, an HTML page or a class name.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder builder = Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(e.toError());
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return json(404, "Not found", "No resource at this path");
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, Request request) {
        // The exception often carries no Allow set: then say what was refused rather than "Allowed methods: []".
        var allowed = new java.util.TreeSet<>(e.getResponse().getAllowedMethods());
        String developerMessage = request.getMethod() + " is not allowed on this path"
                + (allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", allowed));
        Response.ResponseBuilder builder = Response.status(405).type(MediaType.APPLICATION_JSON)
                .entity(ApiError.of(405, "Method not allowed", developerMessage));
        if (!e.getResponse().getAllowedMethods().isEmpty()) {
            builder.allow(e.getResponse().getAllowedMethods());
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
            return json(status, "Internal error", "The request could not be completed");
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return json(status, reason, reason);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Request failed", e);
        return json(500, "Internal error", "The request could not be completed");
    }

    private static Response json(int status, String message, String developerMessage) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(ApiError.of(status, message, developerMessage))
                .build();
    }
}
