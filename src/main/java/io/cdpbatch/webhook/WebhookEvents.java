package io.cdpbatch.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.cdpbatch.batch.BatchViews.SummaryView;
import io.cdpbatch.common.Timestamps;
import io.cdpbatch.lifecycle.BatchFinished;

/**
 * Puts a batch's completion into the outbox: one delivery per webhook of its tenant, inserted in the
 * transaction of the terminal transition, so an event is recorded exactly when the status changes and
 * never lost by a crash. The body is fixed here; sending happens later ({@link WebhookDeliverer}).
 */
@ApplicationScoped
public class WebhookEvents {

    static final String EVENT = "batch.completed";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Inject
    EntityManager em;

    @Inject
    WebhookConfig config;

    /** A batch's terminal transition, as the status API shows it. */
    public record Completion(long batchId, long clientId, UUID ref, String status, SummaryView summary, boolean hasLog,
            String message,
            Instant occurredAt, boolean dryRun) {
    }

    /** A batch's terminal transition: runs inside its transaction (the lifecycle fires it there). */
    void onFinished(@Observes BatchFinished event) {
        BatchFinished.Summary s = event.summary();
        batchCompleted(new Completion(event.batchId(), event.clientId(), event.ref(), event.status().code(),
                s == null ? null
                        : new SummaryView(s.timeToProcessMs(), s.totalCount(), s.succeededCount(), s.failedCount(),
                                s.errors()),
                event.hasLog(), event.message(), event.occurredAt(), event.dryRun()));
    }

    /** Must run inside the transaction of the transition; returns the deliveries enqueued. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int batchCompleted(Completion completion) {
        String payload = payload(completion);
        Instant at = Timestamps.truncate(completion.occurredAt());
        // each delivery continues the batch's trace (the batch's row may be gone when it is sent)
        int webhooks = em.createNativeQuery("""
                INSERT INTO webhook_delivery (client_id, webhook_id, webhook_public_id, url, batch_ref, payload,
                                              next_attempt_at, created_at, traceparent)
                SELECT client_id, id, public_id, url, ?1, ?2, ?3, ?3, (SELECT traceparent FROM batch WHERE id = ?5)
                FROM webhook WHERE client_id = ?4""")
                .setParameter(1, completion.ref()).setParameter(2, payload).setParameter(3, at)
                .setParameter(4, completion.clientId()).setParameter(5, completion.batchId()).executeUpdate();
        int callbacks = em
                .createNativeQuery(
                        """
                                INSERT INTO webhook_delivery (client_id, callback_batch_id, url, batch_ref, payload, next_attempt_at, created_at,
                                                              traceparent)
                                SELECT ?1, c.batch_id, c.url, ?2, ?3, ?4, ?4, b.traceparent
                                FROM batch_callback c JOIN batch b ON b.id = c.batch_id WHERE c.batch_id = ?5""")
                .setParameter(1, completion.clientId()).setParameter(2, completion.ref()).setParameter(3, payload)
                .setParameter(4, at).setParameter(5, completion.batchId()).executeUpdate();
        return webhooks + callbacks;
    }

    /**
     * The Standard Webhooks payload shape: {@code {"type": "batch.completed", "timestamp": <the
     * transition>, "data": {"ref", "status", "dryRun"?, "summary"?, "log"?, "message"?}}}
     * ({@code dryRun} only when true, as in the status answer). {@code log} is the batch's status
     * href, not a presigned URL: the event may be delivered hours later, after a presigned URL
     * expired, and the status answer signs a fresh one.
     */
    String payload(Completion completion) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ref", completion.ref().toString());
        data.put("status", completion.status());
        if (completion.dryRun()) {
            data.put("dryRun", true);
        }
        if (completion.summary() != null) {
            data.put("summary", completion.summary());
        }
        if (completion.hasLog()) {
            data.put("log", statusHref(completion.ref()));
        }
        if (completion.message() != null) {
            data.put("message", completion.message());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", EVENT);
        body.put("timestamp", Timestamps.format(completion.occurredAt()));
        body.put("data", data);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the webhook event", e);
        }
    }

    private String statusHref(UUID ref) {
        String path = "/v2/batches/" + ref;
        return config.publicBaseUrl().map(String::trim).filter(s -> !s.isEmpty())
                .map(base -> (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path).orElse(path);
    }
}
