package io.cdpbatch.web;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The batch uploads web page. */
@ConfigMapping(prefix = "batch.web")
public interface WebConfig {

    /**
     * How long a web sign-in lasts before the person must sign in again ({@code BATCH_WEB_SESSION_TTL}).
     * Sessions live in PostgreSQL, so every replica honours them.
     */
    @WithDefault("8h")
    Duration sessionTtl();

    /** Batches per page of the list, unless the URL asks for another size ({@code BATCH_WEB_PAGE_SIZE}). */
    @WithDefault("25")
    int pageSize();
}
