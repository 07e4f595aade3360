package io.cdpbatch.webhook;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.cdpbatch.auth.CurrentTenant;
import io.cdpbatch.auth.RequiresTenant;
import io.cdpbatch.error.ApiError;
import io.cdpbatch.webhook.WebhookViews.DeliveryListView;
import io.cdpbatch.webhook.WebhookViews.WebhookListView;
import io.cdpbatch.webhook.WebhookViews.WebhookView;

/** Completion webhooks of the calling tenant (an extension; the original API has none). */
@Path("/v2/webhooks")
@RequiresTenant
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks", description = "Be told when a batch reaches success, error or corrupted, instead of polling (extension)")
@SecurityRequirement(name = "basic")
@APIResponse(responseCode = "503", description = "Webhooks are not configured on this service (no encryption key)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "notConfigured", value = WebhookApiExamples.NOT_CONFIGURED)))
public class WebhookResource {

    static final String ID = "The webhook id: a UUID chosen by the client";

    @Inject
    WebhookService webhooks;

    @Inject
    WebhookSecrets secrets;

    @Inject
    WebhookConfig config;

    @Inject
    CurrentTenant tenant;

    @Context
    UriInfo uriInfo;

    @PUT
    @Path("{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Register a webhook", description = "Registers an https endpoint that receives a POST when any batch of this client reaches "
            + "success, error or corrupted, signed as Standard Webhooks specify (headers webhook-id, webhook-timestamp, "
            + "webhook-signature): verify it with their libraries. The answer that creates it carries the signing secret "
            + "(whsec_ and the base64 of the key), shown only then. "
            + "Repeating the same id with the same url answers 200 (the description is replaced). "
            + "Event body example: " + WebhookApiExamples.EVENT)
    @RequestBody(required = true, description = "url: absolute https URL, at most 2048 characters, without user:password@; "
            + "description: optional text, at most 500 characters", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookRequest.class), examples = @ExampleObject(name = "register", value = WebhookApiExamples.REGISTER)))
    @APIResponse(responseCode = "201", description = "Registered; the body has the secret, shown once", headers = @Header(name = "Location", description = "The webhook's href", schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookView.class), examples = @ExampleObject(name = "created", value = WebhookApiExamples.CREATED)))
    @APIResponse(responseCode = "200", description = "Already registered with this url; no secret", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookView.class), examples = @ExampleObject(name = "existing", value = WebhookApiExamples.WEBHOOK)))
    @APIResponse(responseCode = "400", description = "Malformed id or body; the message names the field", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = {
            @ExampleObject(name = "badUrl", value = WebhookApiExamples.BAD_URL),
            @ExampleObject(name = "badId", value = WebhookApiExamples.BAD_ID) }))
    @APIResponse(responseCode = "409", description = "The id is registered with another url, or the client has too many webhooks", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = {
            @ExampleObject(name = "conflict", value = WebhookApiExamples.CONFLICT),
            @ExampleObject(name = "tooMany", value = WebhookApiExamples.TOO_MANY) }))
    public Response register(
            @Parameter(description = ID, example = "0f8e2b1c-5a1d-4c1e-9b6a-2f1f3c4d5e6f") @PathParam("id") String id,
            byte[] body) {
        secrets.requireEnabled();
        var parsedId = WebhookService.parseId(id);
        var request = WebhookRequest.parse(body, config.allowHttp());
        var registration = webhooks.register(tenant.get(), parsedId, request, baseUri());
        if (registration.created()) {
            return Response.created(URI.create(registration.view().href())).entity(registration.view()).build();
        }
        return Response.ok(registration.view()).build();
    }

    @GET
    @Operation(summary = "List the client's webhooks", description = "Never shows secrets.")
    @APIResponse(responseCode = "200", description = "The webhooks, oldest first", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookListView.class), examples = @ExampleObject(name = "list", value = WebhookApiExamples.LIST)))
    public WebhookListView list() {
        return webhooks.list(tenant.get(), baseUri());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A webhook", description = "Never shows the secret.")
    @APIResponse(responseCode = "200", description = "The webhook", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookView.class), examples = @ExampleObject(name = "webhook", value = WebhookApiExamples.WEBHOOK)))
    @APIResponse(responseCode = "400", description = "id is not a UUID", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "badId", value = WebhookApiExamples.BAD_ID)))
    @APIResponse(responseCode = "404", description = "No webhook with this id for this client", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "notFound", value = WebhookApiExamples.NOT_FOUND)))
    public WebhookView find(@Parameter(description = ID) @PathParam("id") String id) {
        secrets.requireEnabled();
        return webhooks.find(tenant.get(), WebhookService.parseId(id), baseUri());
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a webhook", description = "Its pending deliveries are cancelled: they show as failed with lastError saying so.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "400", description = "id is not a UUID", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "badId", value = WebhookApiExamples.BAD_ID)))
    @APIResponse(responseCode = "404", description = "No webhook with this id for this client", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "notFound", value = WebhookApiExamples.NOT_FOUND)))
    public Response delete(@Parameter(description = ID) @PathParam("id") String id) {
        secrets.requireEnabled();
        webhooks.delete(tenant.get(), WebhookService.parseId(id));
        return Response.noContent().build();
    }

    @GET
    @Path("deliveries")
    @Operation(summary = "The delivery log", description = "Deliveries of completion events to this client's webhooks, newest first, within the retention window.")
    @APIResponse(responseCode = "200", description = "A page of deliveries", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryListView.class), examples = @ExampleObject(name = "page", value = WebhookApiExamples.DELIVERIES)))
    @APIResponse(responseCode = "400", description = "A parameter does not parse; the message names it", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "badState", value = WebhookApiExamples.BAD_STATE)))
    public DeliveryListView deliveries(
            @Parameter(description = "Only deliveries of this batch", example = "12af3453-62da-4b31-b646-631b7b5f3009") @QueryParam("batchRef") String batchRef,
            @Parameter(description = "Only deliveries in this state", schema = @Schema(type = SchemaType.STRING, enumeration = {
                    "pending", "delivered", "failed" })) @QueryParam("state") String state,
            @Parameter(description = "Page size, 1..1000", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100")) @QueryParam("limit") String limit,
            @Parameter(description = "Items to skip", schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0")) @QueryParam("offset") String offset) {
        secrets.requireEnabled();
        return webhooks.deliveries(tenant.get(), DeliveryQuery.parse(batchRef, state, limit, offset));
    }

    private URI baseUri() {
        return uriInfo.getBaseUri();
    }
}
