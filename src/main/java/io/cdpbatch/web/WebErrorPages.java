package io.cdpbatch.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.cdpbatch.web.WebViews.ErrorPage;
import io.cdpbatch.web.WebViews.Frame;

/**
 * Failures of the web page become HTML pages for a person. The API keeps its own JSON error body
 * (error.ErrorMappers); only {@link WebPageException}, thrown by web routes alone, lands here.
 */
public class WebErrorPages {

    @Inject
    CurrentSession session;

    @ServerExceptionMapper
    public Response page(WebPageException e, UriInfo uriInfo) {
        String root = WebLinks.root(uriInfo.getBaseUri());
        Frame frame = session.find().map(s -> new Frame(root, s.tenant().clientKey(), s.csrfToken()))
                .orElse(new Frame(root, null, null));
        String html = WebTemplates.error(new ErrorPage(frame, e.status(), e.getMessage(), e.detail())).render();
        return Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }
}
