package io.cdpbatch.auth;

import jakarta.enterprise.context.RequestScoped;

/** Holds the tenant of the current request, set by {@link TenantAuthFilter}. */
@RequestScoped
public class CurrentTenant {

    private Tenant tenant;

    void set(Tenant tenant) {
        this.tenant = tenant;
    }

    public Tenant get() {
        if (tenant == null) {
            throw new IllegalStateException("No tenant on this request: is the resource annotated with @RequiresTenant?");
        }
        return tenant;
    }
}
