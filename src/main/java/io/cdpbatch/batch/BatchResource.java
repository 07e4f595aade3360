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

import io.cdpbatch.auth.CurrentTenant;
import io.cdpbatch.auth.RequiresTenant;
import io.cdpbatch.batch.BatchViews.BatchListView;
import io.cdpbatch.batch.BatchViews.BatchView;

/** The batch API of spec sections 3, 4 and 6. */
@Path("/v2/batches")
@RequiresTenant
@Produces(MediaType.APPLICATION_JSON)
public class BatchResource {

    @Inject
    BatchService batches;

    @Inject
    BatchConfig config;

    @Inject
    CurrentTenant tenant;

    @Context
    UriInfo uriInfo;

    /** Allocates a batch and answers with a presigned upload URL. Any content type is accepted. */
    @PUT
    @Path("{ref}")
    @Consumes(MediaType.WILDCARD)
    public Response allocate(@PathParam("ref") String ref, byte[] body) {
        var parsedRef = BatchRefs.parse(ref);
        var request = AllocateRequest.parse(body, config.maxFileSize().asLongValue());
        var allocation = batches.allocate(tenant.get(), parsedRef, request);
        BatchView view = batches.view(tenant.get(), allocation.batch(), baseUri(), true, allocation.upload());
        if (allocation.created()) {
            return Response.created(URI.create(view.href())).entity(view).build();
        }
        return Response.ok(view).build();
    }

    @GET
    @Path("{ref}")
    public BatchView status(@PathParam("ref") String ref) {
        return batches.view(tenant.get(), batches.find(tenant.get(), BatchRefs.parse(ref)), baseUri(), false, null);
    }

    @GET
    @Path("inspect/{ref}")
    public BatchView inspect(@PathParam("ref") String ref) {
        return batches.view(tenant.get(), batches.find(tenant.get(), BatchRefs.parse(ref)), baseUri(), true, null);
    }

    @GET
    @Path("inspect")
    public BatchListView list(@QueryParam("status") String status, @QueryParam("createdBefore") String createdBefore,
            @QueryParam("createdAfter") String createdAfter, @QueryParam("search") String search,
            @QueryParam("sort") String sort, @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        BatchQuery query = BatchQuery.parse(status, createdBefore, createdAfter, search, sort, limit, offset);
        return batches.list(tenant.get(), query, baseUri());
    }

    private URI baseUri() {
        return uriInfo.getBaseUri();
    }
}
