package io.cdpbatch.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** A person who opens the service's address lands on the batch uploads page. */
@Path("/")
public class HomeResource {

    @GET
    public Response home(@Context UriInfo uriInfo) {
        return Response.seeOther(WebLinks.list(uriInfo.getBaseUri())).build();
    }
}
