package io.cdpbatch.batch;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.cdpbatch.auth.CurrentTenant;
import io.cdpbatch.auth.RequiresTenant;
import io.cdpbatch.batch.BatchViews.BatchListView;
import io.cdpbatch.batch.BatchViews.BatchView;
import io.cdpbatch.error.ApiError;
import io.cdpbatch.error.ApiErrorExamples;

/** The batches API: allocate, status and list. */
@Path("/v2/batches")
@RequiresTenant
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Batches", description = "Allocate a batch, upload its file to the presigned URL, follow its status")
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic", description = "User name = client key, password = API token")
@SecurityRequirement(name = "basic")
public class BatchResource {

    static final String REF = "The batch ref: a UUID of any version and letter case, chosen by the client";

    @Inject
    BatchService batches;

    @Inject
    BatchListing listing;

    @Inject
    BatchConfig config;

    @Inject
    CurrentTenant tenant;

    @Inject
    BatchCallbackRegistry callbacks;

    @Context
    UriInfo uriInfo;

    /** Allocates a batch and answers with a presigned upload URL. Any content type is accepted. */
    @PUT
    @Path("{ref}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Allocate a batch", description = "Declares the gzipped file (its MD5 and byte size) and answers with a presigned URL, valid one hour, "
            + "to PUT the file to with headers Content-Md5 (base64 of the MD5) and x-amz-server-side-encryption: AES256, "
            + "and exactly the declared size as its Content-Length (every HTTP client sends it; the store refuses "
            + "another length: the length is part of the URL's signature). "
            + "The body is read whatever the Content-Type. Repeating the same ref with the same checksum, size "
            + "and dryRun while the batch is uploading renews the URL (200). Extensions: \"dryRun\": true validates "
            + "every record against the database and changes no customer data; duplicateOf in the answer names the "
            + "newest batch of this client with the same checksum and size that ended in success (the upload is "
            + "still allowed).")
    @RequestBody(required = true, description = "checksum: MD5 hex of the gzipped file (any letter case); "
            + "size: its byte length, a JSON number or a numeric string, 1..max file size (default 50 MiB); "
            + "callbackUrl (extension, optional): https URL that receives this batch's signed completion event, "
            + "its secret is callbackSecret in the 201 answer, shown once; "
            + "dryRun (extension, optional): JSON boolean, default false", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AllocateRequest.class), examples = {
                    @ExampleObject(name = "size as number", value = BatchApiExamples.ALLOCATE),
                    @ExampleObject(name = "size as string", value = BatchApiExamples.ALLOCATE_SIZE_AS_STRING),
                    @ExampleObject(name = "dry run", value = BatchApiExamples.ALLOCATE_DRY_RUN) }))
    @APIResponse(responseCode = "201", description = "Batch allocated; Location is its href", headers = @Header(name = "Location", description = "The batch's href", schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class), examples = {
            @ExampleObject(name = "allocated", value = BatchApiExamples.ALLOCATED),
            @ExampleObject(name = "dry run, same file as an earlier batch", value = BatchApiExamples.ALLOCATED_DRY_RUN_DUPLICATE) }))
    @APIResponse(responseCode = "200", description = "Same ref, checksum, size and dryRun while uploading: a fresh upload URL", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class), examples = @ExampleObject(name = "renewed", value = BatchApiExamples.ALLOCATED)))
    @APIResponse(responseCode = "400", description = "Malformed ref or body; the message names the field", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = {
            @ExampleObject(name = "badSize", value = ApiErrorExamples.BAD_SIZE),
            @ExampleObject(name = "badRef", value = ApiErrorExamples.BAD_REF),
            @ExampleObject(name = "badDryRun", value = BatchApiExamples.BAD_DRY_RUN) }))
    @APIResponse(responseCode = "409", description = "The ref exists with another checksum, size or dryRun, or has left uploading", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = {
            @ExampleObject(name = "conflict", value = ApiErrorExamples.CONFLICT),
            @ExampleObject(name = "dryRunConflict", value = BatchApiExamples.DRY_RUN_CONFLICT) }))
    @APIResponse(responseCode = "429", description = "Too many batches of this client waiting for their upload, or (with a callbackUrl) too many pending callback deliveries", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "tooMany", value = ApiErrorExamples.TOO_MANY)))
    @APIResponse(responseCode = "503", description = "callbackUrl given but webhooks are not configured (no encryption key)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "notConfigured", value = ApiErrorExamples.WEBHOOKS_NOT_CONFIGURED)))
    public Response allocate(
            @Parameter(description = REF, example = "12af3453-62da-4b31-b646-631b7b5f3009") @PathParam("ref") String ref,
            byte[] body) {
        var parsedRef = BatchRefs.parse(ref);
        var request = AllocateRequest.parse(body, config.maxFileSize().asLongValue(), callbacks::parseUrl);
        var allocation = batches.allocate(tenant.get(), parsedRef, request);
        BatchView view = batches.view(tenant.get(), allocation.batch(), baseUri(), true, allocation.upload(),
                allocation.duplicateOf());
        if (allocation.callbackSecret() != null) {
            view = view.withCallbackSecret(allocation.callbackSecret());
        }
        if (allocation.created()) {
            return Response.created(URI.create(view.href())).entity(view).build();
        }
        return Response.ok(view).build();
    }

    @GET
    @Path("{ref}")
    @Operation(summary = "Status of a batch", description = "Reports file_uploaded as processing. status.log (error with failed records) is a presigned URL "
            + "of the gzipped NDJSON error log, valid for at least three quarters of batch.api.log-url-ttl when handed out. A dry run has \"dryRun\": true. Extensions once a batch with failed "
            + "records has ended: status.failedRecords, a presigned URL (valid as long) of the original lines of "
            + "the failed records as gzipped NDJSON, to fix and upload as a new batch; status.summary.errors, the "
            + "count per code and message with up to 5 sample lines each (first in file order).")
    @APIResponse(responseCode = "200", description = "The batch", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class), examples = @ExampleObject(name = "error with log", value = BatchApiExamples.FINISHED)))
    @APIResponse(responseCode = "400", description = "ref is not a UUID", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "badRef", value = ApiErrorExamples.BAD_REF)))
    @APIResponse(responseCode = "404", description = "No batch with this ref for this client", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "notFound", value = ApiErrorExamples.BATCH_NOT_FOUND)))
    public BatchView status(@Parameter(description = REF) @PathParam("ref") String ref) {
        return batches.view(tenant.get(), batches.find(tenant.get(), BatchRefs.parse(ref)), baseUri(), false, null);
    }

    @GET
    @Path("inspect/{ref}")
    @Operation(summary = "Status of a batch, every status as it is", description = "As the status route (including status.failedRecords and status.summary.errors), "
            + "but file_uploaded is shown as such.")
    @APIResponse(responseCode = "200", description = "The batch", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchView.class), examples = @ExampleObject(name = "error with log", value = BatchApiExamples.FINISHED)))
    @APIResponse(responseCode = "400", description = "ref is not a UUID", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "badRef", value = ApiErrorExamples.BAD_REF)))
    @APIResponse(responseCode = "404", description = "No batch with this ref for this client", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "notFound", value = ApiErrorExamples.BATCH_NOT_FOUND)))
    public BatchView inspect(@Parameter(description = REF) @PathParam("ref") String ref) {
        return batches.view(tenant.get(), batches.find(tenant.get(), BatchRefs.parse(ref)), baseUri(), true, null);
    }

    @GET
    @Path("inspect")
    @Operation(summary = "List the client's batches", description = "Batches created within the retention window (default 30 days). "
            + "An item of a dry run has \"dryRun\": true; other items have no dryRun field. "
            + "Items carry log and failedRecords where they exist; summary.errors only in the status routes.")
    @APIResponse(responseCode = "200", description = "A page of batches", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchListView.class), examples = @ExampleObject(name = "page", value = BatchApiExamples.LIST)))
    @APIResponse(responseCode = "400", description = "A parameter does not parse; the message names it", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "badStatus", value = ApiErrorExamples.BAD_STATUS)))
    public Response list(
            @Parameter(description = "Comma-separated statuses: uploading, file_uploaded, processing, success, corrupted, error", example = "success,error") @QueryParam("status") String status,
            @Parameter(description = "Only batches created before this ISO-8601 instant", example = "2026-11-28T00:00:00Z", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("createdBefore") String createdBefore,
            @Parameter(description = "Only batches created after this ISO-8601 instant (extension)", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("createdAfter") String createdAfter,
            @Parameter(description = "Case-insensitive substring of the ref, at most 36 characters (extension)", example = "12af3453") @QueryParam("search") String search,
            @Parameter(description = "modifiedAt or createdAt, - prefix for descending (extension)", schema = @Schema(type = SchemaType.STRING, enumeration = {
                    "modifiedAt", "-modifiedAt", "createdAt",
                    "-createdAt" }, defaultValue = "-modifiedAt")) @QueryParam("sort") String sort,
            @Parameter(description = "Page size, 1..1000", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100")) @QueryParam("limit") String limit,
            @Parameter(description = "Items to skip", schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0")) @QueryParam("offset") String offset,
            @Parameter(description = "true: only dry runs; false: only real batches; absent: both (extension)", schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("dryRun") String dryRun) {
        BatchQuery query = BatchQuery.parse(status, createdBefore, createdAfter, search, sort, limit, offset, dryRun);
        return Response.ok(listing.listJson(tenant.get(), query, baseUri()), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private URI baseUri() {
        return uriInfo.getBaseUri();
    }
}
