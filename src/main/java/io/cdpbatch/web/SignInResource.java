package io.cdpbatch.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.cdpbatch.auth.AuthResult;
import io.cdpbatch.auth.SourceAddress;
import io.cdpbatch.web.WebViews.Frame;
import io.cdpbatch.web.WebViews.SignInPage;
import io.vertx.ext.web.RoutingContext;

/**
 * Sign-in with the API credentials of a tenant (client key and API token) and sign-out. Both are
 * POST forms guarded against cross-site requests: the Origin (or Referer) must be this service,
 * and sign-out also carries the session's CSRF token. A failed sign-in counts in the failure window
 * of its source address like a wrong API token (429 with {@code Retry-After} beyond).
 */
@Path("/ui")
@WebPage
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    @Inject
    WebSessionService sessions;

    @Inject
    WebConfig config;

    @Context
    UriInfo uriInfo;

    @Context
    HttpHeaders headers;

    @Inject
    RoutingContext routing;

    @GET
    public Response index() {
        return Response.seeOther(WebLinks.list(uriInfo.getBaseUri())).build();
    }

    @GET
    @Path("sign-in")
    public Response signInPage(@QueryParam("next") String next, @QueryParam("out") String out,
            @CookieParam(SessionCookies.NAME) String sessionId) {
        if (sessions.resolve(sessionId).isPresent()) {
            return Response.seeOther(WebLinks.afterSignIn(uriInfo.getBaseUri(), next)).build();
        }
        String notice = out != null ? "You are signed out." : null;
        return page(200, null, next, null, notice);
    }

    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("clientKey") String clientKey, @FormParam("token") String token,
            @FormParam("next") String next) {
        if (!SameOrigin.check(headers, uriInfo.getBaseUri())) {
            throw crossSite();
        }
        String key = clientKey == null ? "" : clientKey.trim();
        if (key.isEmpty() || token == null || token.isEmpty()) {
            return page(400, key, next, "Enter your client key and your API token.", null);
        }
        if (key.length() > 64 || token.length() > 256) {
            return page(401, key.length() > 64 ? null : key, next, "Wrong client key or API token.", null);
        }
        var signIn = sessions.signIn(key, token, SourceAddress.of(routing.request()));
        if (signIn.result() instanceof AuthResult.Throttled throttled) {
            return Response.fromResponse(page(429, key, next, "Too many failed sign-ins from your network. Try again in "
                    + throttled.retryAfterSeconds() + " seconds.", null))
                    .header("Retry-After", Long.toString(throttled.retryAfterSeconds())).build();
        }
        if (signIn.result() instanceof AuthResult.Busy) {
            return Response.fromResponse(page(503, key, next, "The service is busy. Try again in a moment.", null))
                    .header("Retry-After", "1").build();
        }
        if (signIn.issued().isEmpty()) {
            return page(401, key, next, "Wrong client key or API token.", null);
        }
        var issued = signIn.issued().get();
        return Response.seeOther(WebLinks.afterSignIn(uriInfo.getBaseUri(), next))
                .header(HttpHeaders.SET_COOKIE, SessionCookies.issue(issued.sessionId(), config.sessionTtl(),
                        issued.expiresAt(), uriInfo.getBaseUri()))
                .build();
    }

    @POST
    @Path("sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(@FormParam("csrf") String csrf, @CookieParam(SessionCookies.NAME) String sessionId) {
        if (!SameOrigin.check(headers, uriInfo.getBaseUri())) {
            throw crossSite();
        }
        var session = sessions.resolve(sessionId);
        if (session.isPresent()) {
            if (!WebSessionService.csrfMatches(session.get(), csrf)) {
                throw new WebPageException(403, "Request refused",
                        "The sign-out form was not sent by this page. Reload the page and try again.");
            }
            sessions.signOut(sessionId);
        }
        return Response.seeOther(uriInfo.getBaseUri().resolve("ui/sign-in?out=1"))
                .header(HttpHeaders.SET_COOKIE, SessionCookies.clear(uriInfo.getBaseUri()))
                .build();
    }

    private static WebPageException crossSite() {
        return new WebPageException(403, "Request refused",
                "This form must be sent from a page of this service. Open the sign-in page again and retry.");
    }

    private Response page(int status, String clientKey, String next, String error, String notice) {
        Frame frame = new Frame(WebLinks.root(uriInfo.getBaseUri()), null, null);
        String html = WebTemplates.signIn(new SignInPage(frame, clientKey, next, error, notice)).render();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }
}
