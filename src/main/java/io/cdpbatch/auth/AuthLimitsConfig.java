package io.cdpbatch.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits of authentication: how failed checks of API tokens, web sign-ins and the admin token are
 * metered, how many bcrypt checks run at once, and how long a client row is reused. Every failed
 * check costs a bcrypt (tens of milliseconds of one core), so these bound what an anonymous caller
 * can make the service spend.
 */
@ConfigMapping(prefix = "batch.auth")
public interface AuthLimitsConfig {

    /**
     * How long an active client row read by Basic authentication is reused
     * ({@code BATCH_AUTH_CLIENT_CACHE_TTL}, 0 reads it on every request). A revocation or token change
     * takes effect on the replica that made it as soon as its transaction commits, on the other
     * replicas within this time.
     */
    @WithDefault("1s")
    Duration clientCacheTtl();

    /**
     * Failed authentications (API token, web sign-in, admin token) one source address may make per
     * {@link #addressWindow()} ({@code BATCH_AUTH_ADDRESS_FAILURES}); beyond, every authentication
     * from that address answers 429 with {@code Retry-After} until the window ends, without a check.
     */
    @WithDefault("20")
    int addressFailures();

    /** The window of {@link #addressFailures()} ({@code BATCH_AUTH_ADDRESS_WINDOW}). */
    @WithDefault("1m")
    Duration addressWindow();

    /**
     * Failed checks of one client key, from any address, per {@link #clientWindow()}
     * ({@code BATCH_AUTH_CLIENT_FAILURES}); beyond, a request for that key that would need a bcrypt
     * check answers 429 with {@code Retry-After} until the window ends. Credentials this replica has
     * already verified keep working, so a guessing attacker cannot lock the tenant out.
     */
    @WithDefault("50")
    int clientFailures();

    /** The window of {@link #clientFailures()} ({@code BATCH_AUTH_CLIENT_WINDOW}). */
    @WithDefault("1m")
    Duration clientWindow();

    /**
     * bcrypt checks running at once on this replica ({@code BATCH_AUTH_MAX_CONCURRENT_CHECKS}); a burst
     * of wrong tokens then takes at most this many cores, whatever its size.
     */
    @WithDefault("1")
    int maxConcurrentChecks();

    /**
     * How long a check waits for its turn ({@code BATCH_AUTH_CHECK_WAIT}); after that it answers 503
     * with {@code Retry-After: 1}: the service is busy, the caller did nothing wrong.
     */
    @WithDefault("5s")
    Duration checkWait();

    /**
     * Source addresses and client keys remembered by the failure windows ({@code BATCH_AUTH_MAX_TRACKED},
     * each); beyond, new ones share one window, so a flood from many addresses is still metered.
     */
    @WithDefault("100000")
    int maxTracked();

    /**
     * Failed authentications logged (at INFO, with client key and source address) per
     * {@link #logInterval()} ({@code BATCH_AUTH_LOG_FAILURES}); the rest are counted in one line.
     */
    @WithDefault("20")
    int logFailures();

    /** The interval of {@link #logFailures()} ({@code BATCH_AUTH_LOG_INTERVAL}). */
    @WithDefault("1m")
    Duration logInterval();
}
