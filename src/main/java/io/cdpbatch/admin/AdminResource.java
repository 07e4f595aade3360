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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.cdpbatch.auth.ApiClientService;
import io.cdpbatch.auth.AuthConfig;
import io.cdpbatch.auth.AuthResult;
import io.cdpbatch.auth.AuthThrottle;
import io.cdpbatch.auth.FailedAuthLog;
import io.cdpbatch.auth.SourceAddress;
import io.cdpbatch.auth.TenantAuthFilter;
import io.cdpbatch.common.Timestamps;
import io.cdpbatch.error.ApiError;
import io.cdpbatch.error.ApiErrorExamples;
import io.cdpbatch.error.ApiException;
import io.vertx.ext.web.RoutingContext;

/**
 * Management of API clients, guarded by the admin bearer token; separate from tenant
 * authentication, and absent (404) when no admin token is configured.
 */
@Path("/admin/clients")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin", description = "API clients (tenants); needs the admin bearer token BATCH_ADMIN_TOKEN")
@SecurityScheme(securitySchemeName = "adminBearer", type = SecuritySchemeType.HTTP, scheme = "bearer", description = "The admin token configured as BATCH_ADMIN_TOKEN")
@SecurityRequirement(name = "adminBearer")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token; WWW-Authenticate: Bearer", headers = @Header(name = "WWW-Authenticate", schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "unauthorized", value = ApiErrorExamples.ADMIN_UNAUTHORIZED)))
@APIResponse(responseCode = "404", description = "No admin token is configured: the admin API does not exist"
        + " (for DELETE also: no active client with this key)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = {
                @ExampleObject(name = "disabled", value = ApiErrorExamples.NOT_FOUND),
                @ExampleObject(name = "unknownClient", value = ApiErrorExamples.CLIENT_NOT_FOUND) }))
public class AdminResource {

    static final String CREATED = """
            {"clientKey": "9a43b3085b3906926851236f1a119ce5", "token": "<API token, shown only in this answer>",
             "createdAt": "2026-11-28T14:04:05.123Z"}""";

    static final String LISTED = """
            {"items": [{"clientKey": "9a43b3085b3906926851236f1a119ce5", "createdAt": "2026-11-28T14:04:05.123Z"}]}""";

    @Inject
    AuthConfig config;

    @Inject
    ApiClientService clients;

    @Inject
    AuthThrottle throttle;

    @Inject
    FailedAuthLog failures;

    @Inject
    RoutingContext routing;

    /** A new client; the token is in this answer only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClientView(String clientKey, String token, String createdAt) {
    }

    public record ClientList(List<ClientView> items) {
    }

    @POST
    @Operation(summary = "Create an API client", description = "A new client key and API token; the token is in this answer only.")
    @APIResponse(responseCode = "201", description = "The new client with its token", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClientView.class), examples = @ExampleObject(name = "created", value = CREATED)))
    public Response create(@Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        authorize(authorization);
        var issued = clients.create();
        return Response.status(201)
                .entity(new ClientView(issued.clientKey(), issued.token(), Timestamps.format(issued.createdAt())))
                .build();
    }

    @GET
    @Operation(summary = "List the active API clients", description = "Tokens are never shown again.")
    @APIResponse(responseCode = "200", description = "The active clients", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClientList.class), examples = @ExampleObject(name = "clients", value = LISTED)))
    public ClientList list(@Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        authorize(authorization);
        return new ClientList(clients.listActive().stream()
                .map(c -> new ClientView(c.clientKey, null, Timestamps.format(c.createdAt))).toList());
    }

    @DELETE
    @Path("{clientKey}")
    @Operation(summary = "Revoke an API client", description = "Its credentials stop working at once; its batches stay until retention.")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Response revoke(@Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Parameter(description = "The client key to revoke") @PathParam("clientKey") String clientKey) {
        authorize(authorization);
        clients.revoke(clientKey);
        return Response.noContent().build();
    }

    /**
     * The admin token, compared in constant time. A wrong one counts in the failure window of its
     * source address like a wrong API token, so the admin API cannot be guessed at any faster.
     */
    private void authorize(String authorization) {
        String expected = config.adminToken().filter(t -> !t.isBlank()).orElseThrow(() -> ApiException.notFound("Not found"));
        String address = SourceAddress.of(routing.request());
        var refusal = throttle.reserve(address);
        if (refusal.isPresent()) {
            long seconds = AuthThrottle.retryAfterSeconds(refusal.get().retryAfter());
            if (refusal.get().first()) {
                failures.blocked(address, seconds);
            }
            throw TenantAuthFilter.refusal(new AuthResult.Throttled(seconds, "this address"));
        }
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : "";
        if (authorization == null || !MessageDigest.isEqual(sha256(expected), sha256(presented))) {
            if (authorization == null) {
                throttle.release(address);
            } else {
                failures.failed("admin token", null, address);
            }
            throw new ApiException(401, "Unauthorized",
                    authorization == null ? "Missing admin bearer token" : "Wrong admin bearer token",
                    Map.of("WWW-Authenticate", "Bearer realm=\"cdp-batch-admin\""));
        }
        throttle.release(address);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
