package io.cdpbatch.admin;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The admin API over API clients. */
@ConfigMapping(prefix = "batch.admin")
public interface AdminConfig {

    /**
     * Bearer token of the admin API, at least 32 characters ({@code BATCH_ADMIN_TOKEN}). Without it the
     * admin API answers 404.
     */
    Optional<String> token();
}
