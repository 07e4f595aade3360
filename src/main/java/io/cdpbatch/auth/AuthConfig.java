package io.cdpbatch.auth;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** API clients created at start-up, and the admin API. */
@ConfigMapping(prefix = "batch")
public interface AuthConfig {

    /**
     * Bearer token of the admin API ({@code BATCH_ADMIN_TOKEN}). Without it the admin API answers
     * 404.
     */
    Optional<String> adminToken();

    /** An API client created or updated at start-up. */
    Bootstrap bootstrap();

    interface Bootstrap {
        /** Client key of the start-up client ({@code BATCH_BOOTSTRAP_CLIENT_KEY}). */
        Optional<String> clientKey();

        /** API token of the start-up client ({@code BATCH_BOOTSTRAP_CLIENT_TOKEN}); stored hashed. */
        Optional<String> clientToken();
    }
}
