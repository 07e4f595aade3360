package io.cdpbatch.web;

import jakarta.enterprise.context.RequestScoped;

import io.cdpbatch.auth.Tenant;

/** The web session of the current request, set by {@link WebSessionFilter}. */
@RequestScoped
public class CurrentSession {

    private WebSessionService.Active session;

    void set(WebSessionService.Active session) {
        this.session = session;
    }

    public WebSessionService.Active get() {
        if (session == null) {
            throw new IllegalStateException("No web session on this request: is the route annotated with @RequiresWebSession?");
        }
        return session;
    }

    /** The session, when the filter found one (error pages show who is signed in). */
    public java.util.Optional<WebSessionService.Active> find() {
        return java.util.Optional.ofNullable(session);
    }

    public Tenant tenant() {
        return get().tenant();
    }
}
