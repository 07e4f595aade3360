package io.cdpbatch.batch;

import java.util.Optional;
import java.util.UUID;

/**
 * Per-batch completion callbacks: a {@code callbackUrl} given at allocation receives that batch's
 * completion event. Implemented where events are delivered, so that the batch API does not depend on
 * how deliveries are made.
 */
public interface BatchCallbackRegistry {

    /** The callback URL of an allocate body, checked by the rules of receiver URLs; errors name the field. */
    String parseUrl(String value);

    /** Fails (503) when callbacks cannot be signed on this deployment. */
    void requireEnabled();

    /** Fails (429) when the tenant has too many callback deliveries pending. */
    void requireRoom(long tenantId);

    /** Registers the callback of a new batch, in the allocation's transaction; returns its secret, shown once. */
    String register(long batchId, UUID ref, String url);

    /** The callback URL of a batch, if it has one. */
    Optional<String> urlOf(long batchId);
}
