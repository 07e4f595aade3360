package io.cdpbatch.webhook;

import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.cdpbatch.batch.BatchRefs;
import io.cdpbatch.common.QueryParameters;
import io.cdpbatch.error.ApiException;

/** The filters and page of the delivery log. */
record DeliveryQuery(UUID batchRef, String state, int limit, int offset) {

    static final Set<String> STATES = Set.of("pending", "delivered", "failed");

    static DeliveryQuery parse(String batchRef, String state, String limit, String offset) {
        UUID ref = null;
        if (batchRef != null && !batchRef.isBlank()) {
            try {
                ref = BatchRefs.parse(batchRef.trim());
            } catch (ApiException e) {
                throw ApiException.badRequest("batchRef must be a UUID",
                        "batchRef must be a batch ref (a UUID) such as 12af3453-62da-4b31-b646-631b7b5f3009, got "
                                + WebhookUrls.shown(batchRef));
            }
        }
        String parsedState = null;
        if (state != null && !state.isBlank()) {
            parsedState = state.trim().toLowerCase(Locale.ROOT);
            if (!STATES.contains(parsedState)) {
                throw ApiException.badRequest("state must be one of pending, delivered, failed",
                        "state must be one of pending, delivered, failed, got " + WebhookUrls.shown(state));
            }
        }
        return new DeliveryQuery(ref, parsedState, QueryParameters.limit(limit),
                QueryParameters.offset(offset));
    }
}
