package io.cdpbatch.auth;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates or updates the API client named by the bootstrap configuration at start-up; a client an
 * admin revoked stays revoked.
 */
public class BootstrapClient {

    private static final Logger LOG = Logger.getLogger(BootstrapClient.class);

    @Inject
    AuthConfig config;

    @Inject
    ApiClientService clients;

    void onStart(@Observes StartupEvent event) {
        var bootstrap = config.bootstrap();
        if (bootstrap.clientKey().isPresent() != bootstrap.clientToken().isPresent()) {
            throw new IllegalStateException(
                    "Set both BATCH_BOOTSTRAP_CLIENT_KEY and BATCH_BOOTSTRAP_CLIENT_TOKEN, or neither");
        }
        if (bootstrap.clientKey().isEmpty()) {
            return;
        }
        var outcome = clients.bootstrap(bootstrap.clientKey().get(), bootstrap.clientToken().get());
        if (outcome == ApiClientService.Bootstrapped.REVOKED) {
            LOG.warnf("API client %s of BATCH_BOOTSTRAP_CLIENT_KEY is revoked and stays revoked: the start-up "
                    + "configuration never re-activates a revoked client. To use a bootstrap client again, set "
                    + "BATCH_BOOTSTRAP_CLIENT_KEY to a new key with a new BATCH_BOOTSTRAP_CLIENT_TOKEN, or create a "
                    + "client with POST /admin/clients and remove both variables", bootstrap.clientKey().get());
        }
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            // Dev mode only: the developer needs these to call the API; never printed in production.
            LOG.infof("%n%n  Dev API client ready. Use HTTP Basic credentials:%n    client key: %s%n    API token:  %s%n"
                    + "  e.g. curl -u '%s:%s' http://localhost:%d/v2/batches/inspect%n",
                    bootstrap.clientKey().get(), bootstrap.clientToken().get(), bootstrap.clientKey().get(),
                    bootstrap.clientToken().get(), ConfigProvider.getConfig()
                            .getOptionalValue("quarkus.http.port", Integer.class).orElse(8080));
        }
    }
}
