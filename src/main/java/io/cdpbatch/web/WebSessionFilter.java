package io.cdpbatch.web;

import java.util.Arrays;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Finds the web session of the request from its cookie. Without a live one, a page answers 303 to
 * the sign-in page (which brings the person back afterwards) and a JSON route answers 401.
 */
@Provider
@RequiresWebSession
@Priority(Priorities.AUTHENTICATION)
public class WebSessionFilter implements ContainerRequestFilter {

    @Inject
    WebSessionService sessions;

    @Inject
    CurrentSession current;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(SessionCookies.NAME);
        var session = sessions.resolve(cookie == null ? null : cookie.getValue());
        if (session.isPresent()) {
            current.set(session.get());
            return;
        }
        if (producesJson()) {
            request.abortWith(Response.status(401).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("status", 401, "message", "Signed out: sign in again")).build());
            return;
        }
        var uri = request.getUriInfo();
        String next = uri.getBaseUri().relativize(uri.getRequestUri()).toString();
        request.abortWith(Response.seeOther(WebLinks.signIn(uri.getBaseUri(), next))
                .header("Cache-Control", "no-store").build());
    }

    private boolean producesJson() {
        Produces produces = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(Produces.class);
        return produces != null && Arrays.asList(produces.value()).contains(MediaType.APPLICATION_JSON);
    }
}
