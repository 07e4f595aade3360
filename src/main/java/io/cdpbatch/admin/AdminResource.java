package io.cdpbatch.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.auth.AuthConfig;
import io.cdpbatch.common.Timestamps;
import io.cdpbatch.error.ApiException;

/**
 * Management of API clients, guarded by the admin bearer token; separate from tenant
 * authentication, and absent (404) when no admin token is configured.
 */
@Path("/admin/clients")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    AuthConfig config;

    @Inject
    ApiClientService clients;

    /** A new client; the token is in this answer only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClientView(String clientKey, String token, String createdAt) {
    }

    public record ClientList(List<ClientView> items) {
    }

    @POST
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        authorize(authorization);
        var issued = clients.create();
        return Response.status(201)
                .entity(new ClientView(issued.clientKey(), issued.token(), Timestamps.format(issued.createdAt())))
                .build();
    }

    @GET
    public ClientList list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        authorize(authorization);
        return new ClientList(clients.listActive().stream()
                .map(c -> new ClientView(c.clientKey, null, Timestamps.format(c.createdAt))).toList());
    }

    @DELETE
    @Path("{clientKey}")
    public Response revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("clientKey") String clientKey) {
        authorize(authorization);
        clients.revoke(clientKey);
        return Response.noContent().build();
    }

    private void authorize(String authorization) {
        String expected = config.adminToken().filter(t -> !t.isBlank()).orElseThrow(() -> ApiException.notFound("Not found"));
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : "";
        if (!MessageDigest.isEqual(sha256(expected), sha256(presented))) {
            throw new ApiException(401, "Unauthorized",
                    authorization == null ? "Missing admin bearer token" : "Wrong admin bearer token",
                    Map.of("WWW-Authenticate", "Bearer realm=\"cdp-batch-admin\""));
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
