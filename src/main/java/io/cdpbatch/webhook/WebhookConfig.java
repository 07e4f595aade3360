package io.cdpbatch.webhook;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Completion webhooks: registration rules, encryption of secrets, delivery and retries. */
@ConfigMapping(prefix = "batch.webhooks")
public interface WebhookConfig {

    /**
     * Base64 of 32 random bytes: the AES-256-GCM key that encrypts the signing secrets at rest
     * ({@code BATCH_WEBHOOKS_ENCRYPTION_KEY}). Without it the webhook routes answer 503.
     */
    Optional<String> encryptionKey();

    /** Accept {@code http://} URLs (dev and tests only); otherwise only {@code https://}. */
    @WithDefault("false")
    boolean allowHttp();

    /**
     * Deliver to any address (dev and tests only). Otherwise (SSRF guard) a delivery connects only to
     * the address it checked, and never when the host resolves to an address of an IANA
     * special-purpose range (loopback, private, link-local, shared, documentation, benchmarking,
     * reserved, translation and 6to4 prefixes, ...) or multicast.
     */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /** Webhooks a tenant may register. */
    @WithDefault("10")
    int maxPerTenant();

    /** How often each instance looks for due deliveries. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Deliveries in flight at once per instance (one thread each). */
    @WithDefault("4")
    int concurrency();

    /**
     * Deliveries of one tenant in flight at once, over all instances: a tenant whose receivers hang
     * holds at most this many sending slots, the others stay free for other tenants.
     */
    @WithDefault("2")
    int maxInFlightPerTenant();

    /**
     * Deliveries to one receiver host (the URL's host name, any port) in flight at once, over all
     * instances and tenants.
     */
    @WithDefault("4")
    int maxInFlightPerHost();

    /**
     * Pending deliveries of per-batch callbacks ({@code callbackUrl} at allocation) a tenant may
     * have: a delivery is pending until it succeeds or is given up. While a tenant has this many, an
     * allocation with a {@code callbackUrl} answers 429 (one without still works).
     */
    @WithDefault("100")
    int maxPendingCallbacks();

    /** Time to open the connection to a receiver. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Time for a receiver to answer once connected. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** Wait before the second attempt; it doubles with every failed attempt (plus up to 20 % jitter). */
    @WithDefault("10s")
    Duration initialBackoff();

    /** Longest wait between two attempts. */
    @WithDefault("1h")
    Duration maxBackoff();

    /** How long after the event attempts go on; after that the delivery is failed. */
    @WithDefault("24h")
    Duration retryFor();

    /**
     * Absolute base URL of the API as clients reach it (e.g. {@code https://batch.example.com}):
     * when set, the {@code log} link of an event is absolute, otherwise a path ({@code /v2/batches/<ref>}).
     */
    Optional<String> publicBaseUrl();
}
