package io.cdpbatch.customer;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.cdpbatch.auth.CurrentTenant;
import io.cdpbatch.auth.RequiresTenant;
import io.cdpbatch.customer.CustomerViews.GuestPage;
import io.cdpbatch.customer.CustomerViews.GuestView;
import io.cdpbatch.customer.CustomerViews.OrderPage;
import io.cdpbatch.error.ApiError;
import io.cdpbatch.error.ApiException;

/** Read API over the guests a tenant's batches ingested. */
@Path("/v2.1/guests")
@RequiresTenant
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Guests", description = "Read the guests your batches ingested")
@SecurityRequirement(name = "basic")
public class GuestResource {

    static final String GUEST_REF = "The guest's ref (a UUID), as the read API shows it";

    @Inject
    GuestService guests;

    @Inject
    CurrentTenant tenant;

    @GET
    @Operation(summary = "Find guests by identifier or e-mail", description = "Either identifiers.provider with identifiers.id (exact match, at most one guest), or email "
            + "(any letter case). An empty items list when none matches.")
    @APIResponse(responseCode = "200", description = "The matching guests, oldest first", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GuestPage.class), examples = @ExampleObject(name = "found", value = CustomerApiExamples.GUEST_PAGE)))
    @APIResponse(responseCode = "400", description = "Neither an identifier nor an e-mail, half an identifier, or a bad limit", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = {
            @ExampleObject(name = "badQuery", value = CustomerApiExamples.BAD_GUEST_QUERY),
            @ExampleObject(name = "badLimit", value = CustomerApiExamples.BAD_LIMIT) }))
    public GuestPage search(
            @Parameter(description = "Identifier provider, with identifiers.id", example = "crm") @QueryParam("identifiers.provider") String provider,
            @Parameter(description = "Identifier id, with identifiers.provider", example = "C-1815") @QueryParam("identifiers.id") String id,
            @Parameter(description = "E-mail address, any letter case", example = "Ada@Example.com") @QueryParam("email") String email,
            @Parameter(description = "Page size, 1..1000", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100")) @QueryParam("limit") String limit,
            @Parameter(description = "Items to skip", schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0")) @QueryParam("offset") String offset) {
        boolean hasProvider = provider != null && !provider.isEmpty();
        boolean hasId = id != null && !id.isEmpty();
        boolean hasEmail = email != null && !email.isBlank();
        String wanted = "Give identifiers.provider and identifiers.id, or email";
        if (hasProvider != hasId) {
            throw ApiException.badRequest(wanted, wanted + ": " + (hasProvider ? "identifiers.id" : "identifiers.provider")
                    + " is missing");
        }
        if (hasProvider && hasEmail) {
            throw ApiException.badRequest(wanted, wanted + ", not both");
        }
        if (!hasProvider && !hasEmail) {
            throw ApiException.badRequest(wanted, wanted + ": none was given");
        }
        Paging paging = Paging.parse(limit, offset);
        return hasProvider ? guests.byIdentifier(tenant.get(), provider, id, paging)
                : guests.byEmail(tenant.get(), email, paging);
    }

    @GET
    @Path("{guestRef}")
    @Operation(summary = "A guest", description = "Every stored field, identifiers, subscriptions and extensions. "
            + "A guest created for a flight order's consumer known by name only has guestType traveller.")
    @APIResponse(responseCode = "200", description = "The guest", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GuestView.class), examples = {
            @ExampleObject(name = "guest", value = CustomerApiExamples.GUEST),
            @ExampleObject(name = "traveller", value = CustomerApiExamples.TRAVELLER) }))
    @APIResponse(responseCode = "400", description = "guestRef is not a UUID", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "badRef", value = CustomerApiExamples.BAD_GUEST_REF)))
    @APIResponse(responseCode = "404", description = "No guest with this ref for this client", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "notFound", value = CustomerApiExamples.GUEST_NOT_FOUND)))
    public GuestView guest(@Parameter(description = GUEST_REF) @PathParam("guestRef") String guestRef) {
        return guests.find(tenant.get(), Paging.ref("guestRef", guestRef));
    }

    @GET
    @Path("{guestRef}/orders")
    @Operation(summary = "A guest's orders", description = "The orders the guest owns (role contact) and those it "
            + "consumes items of, as a flight order's passenger (role consumer), with their items and consumers, oldest "
            + "orderedAt first.")
    @APIResponse(responseCode = "200", description = "A page of orders, each with the guest's role", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderPage.class), examples = @ExampleObject(name = "page", value = CustomerApiExamples.GUEST_ORDER_PAGE)))
    @APIResponse(responseCode = "400", description = "guestRef is not a UUID, or a bad limit or offset", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = {
            @ExampleObject(name = "badRef", value = CustomerApiExamples.BAD_GUEST_REF),
            @ExampleObject(name = "badLimit", value = CustomerApiExamples.BAD_LIMIT) }))
    @APIResponse(responseCode = "404", description = "No guest with this ref for this client", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "notFound", value = CustomerApiExamples.GUEST_NOT_FOUND)))
    public OrderPage orders(@Parameter(description = GUEST_REF) @PathParam("guestRef") String guestRef,
            @Parameter(description = "Page size, 1..1000", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100")) @QueryParam("limit") String limit,
            @Parameter(description = "Items to skip", schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0")) @QueryParam("offset") String offset) {
        var ref = Paging.ref("guestRef", guestRef);
        return guests.ordersOf(tenant.get(), ref, Paging.parse(limit, offset));
    }
}
