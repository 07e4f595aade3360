package io.cdpbatch.webhook;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The wire shapes of webhooks and their deliveries. */
public final class WebhookViews {

    private WebhookViews() {
    }

    /** A registered webhook; {@code secret} only in the answer that created it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Webhook")
    public record WebhookView(String href, String id, String url, String description,
            @Schema(description = "The signing secret, shown once: only in the 201 answer of the registration") String secret,
            String createdAt) {
    }

    @Schema(name = "WebhookList")
    public record WebhookListView(long totalCount, List<WebhookView> items) {
    }

    /** One delivery of one event to one webhook. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "WebhookDelivery")
    public record DeliveryView(String id, String webhookId, String batchRef, String url,
            @Schema(enumeration = {
                    "pending", "delivered", "failed" }) String state,
            int attempts, Integer lastStatusCode,
            String lastError, String nextAttemptAt, String createdAt, String deliveredAt){
    }

    @Schema(name = "WebhookDeliveryList")
    public record DeliveryListView(long totalCount, int offset, int limit, List<DeliveryView> items) {
    }
}
