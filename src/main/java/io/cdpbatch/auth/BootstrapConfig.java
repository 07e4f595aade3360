package io.cdpbatch.auth;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** An API client created or updated at start-up (never re-activated once revoked). */
@ConfigMapping(prefix = "batch.bootstrap")
public interface BootstrapConfig {

    /** Client key of the start-up client ({@code BATCH_BOOTSTRAP_CLIENT_KEY}). */
    Optional<String> clientKey();

    /** API token of the start-up client ({@code BATCH_BOOTSTRAP_CLIENT_TOKEN}); stored hashed. */
    Optional<String> clientToken();
}
