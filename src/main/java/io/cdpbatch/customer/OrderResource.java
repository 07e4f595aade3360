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
import io.cdpbatch.customer.CustomerViews.OrderPage;
import io.cdpbatch.customer.CustomerViews.OrderView;
import io.cdpbatch.error.ApiError;
import io.cdpbatch.error.ApiException;

/** Read API over the orders a tenant's batches ingested. */
@Path("/v2.1/orders")
@RequiresTenant
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Orders", description = "Read the orders your batches ingested")
@SecurityRequirement(name = "basic")
public class OrderResource {

    @Inject
    OrderService orders;

    @Inject
    CurrentTenant tenant;

    @GET
    @Operation(summary = "Find orders by referenceId", description = "Every order with this referenceId, oldest orderedAt first.")
    @APIResponse(responseCode = "200", description = "A page of orders (empty items when none)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderPage.class), examples = @ExampleObject(name = "page", value = CustomerApiExamples.ORDER_PAGE)))
    @APIResponse(responseCode = "400", description = "No referenceId, or a bad limit or offset", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = {
            @ExampleObject(name = "missingReferenceId", value = CustomerApiExamples.MISSING_REFERENCE_ID),
            @ExampleObject(name = "badLimit", value = CustomerApiExamples.BAD_LIMIT) }))
    public OrderPage search(
            @Parameter(description = "The order's referenceId (exact)", required = true, example = "ORD-1001") @QueryParam("referenceId") String referenceId,
            @Parameter(description = "Page size, 1..1000", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100")) @QueryParam("limit") String limit,
            @Parameter(description = "Items to skip", schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0")) @QueryParam("offset") String offset) {
        if (referenceId == null || referenceId.isEmpty()) {
            throw ApiException.badRequest("referenceId is required",
                    "referenceId is required: GET /v2.1/orders?referenceId=...");
        }
        return orders.byReferenceId(tenant.get(), referenceId, Paging.parse(limit, offset));
    }

    @GET
    @Path("{orderRef}")
    @Operation(summary = "An order", description = "Every stored field, its items and extensions, its guest's ref, and "
            + "for a flight order its consumers (each with its guest's ref and the items it consumes) and the flight "
            + "segments and passenger type code of its items.")
    @APIResponse(responseCode = "200", description = "The order", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class), examples = {
            @ExampleObject(name = "order", value = CustomerApiExamples.ORDER),
            @ExampleObject(name = "flight order", value = CustomerApiExamples.FLIGHT_ORDER) }))
    @APIResponse(responseCode = "400", description = "orderRef is not a UUID", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "badRef", value = CustomerApiExamples.BAD_ORDER_REF)))
    @APIResponse(responseCode = "404", description = "No order with this ref for this client", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "notFound", value = CustomerApiExamples.ORDER_NOT_FOUND)))
    public OrderView order(
            @Parameter(description = "The order's ref (a UUID), as the read API shows it") @PathParam("orderRef") String orderRef) {
        return orders.find(tenant.get(), Paging.ref("orderRef", orderRef));
    }
}
