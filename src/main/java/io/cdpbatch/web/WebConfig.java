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

    /**
     * A session not used for this long ends before its TTL ({@code BATCH_WEB_SESSION_IDLE_TIMEOUT}).
     * Use is recorded to the minute.
     */
    @WithDefault("30m")
    Duration sessionIdleTimeout();

    /**
     * Sessions one client may have at once ({@code BATCH_WEB_MAX_SESSIONS_PER_CLIENT}); a sign-in beyond
     * ends the oldest.
     */
    @WithDefault("10")
    int maxSessionsPerClient();

    /** How often each replica deletes ended sessions ({@code BATCH_WEB_SESSION_PURGE_INTERVAL}). */
    @WithDefault("10m")
    Duration sessionPurgeInterval();

    /** Batches per page of the list, unless the URL asks for another size ({@code BATCH_WEB_PAGE_SIZE}). */
    @WithDefault("25")
    int pageSize();
}
