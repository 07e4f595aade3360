package io.cdpbatch.webhook;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.cdpbatch.error.ApiException;

/**
 * Per-batch callbacks: a {@code callbackUrl} given at allocation receives that batch's completion
 * event, signed with a secret of its own returned once in the 201 allocation answer.
 */
@ApplicationScoped
public class BatchCallbacks {

    @Inject
    EntityManager em;

    @Inject
    WebhookSecrets secrets;

    @Inject
    WebhookConfig config;

    /** A callback URL from the allocate body, by the webhook URL rules; names the field in errors. */
    public String parseUrl(String value) {
        return WebhookUrls.parse("callbackUrl", value.trim(), config.allowHttp()).toString();
    }

    /** 503 when no encryption key is configured. */
    public void requireEnabled() {
        secrets.requireEnabled();
    }

    /**
     * 429 when the tenant has {@code batch.webhooks.max-pending-callbacks} callback deliveries
     * pending: per-batch callbacks are cheap to ask for (a batch that ends corrupted fires one too),
     * and each one to a dead receiver is retried for a day.
     */
    public void requireRoom(long tenantId) {
        long pending = ((Number) em.createNativeQuery("""
                SELECT count(*) FROM webhook_delivery
                WHERE client_id = ?1 AND state = 'pending' AND callback_batch_id IS NOT NULL""")
                .setParameter(1, tenantId).getSingleResult()).longValue();
        if (pending >= config.maxPendingCallbacks()) {
            throw ApiException.tooManyRequests("Too many pending callbacks",
                    "This client has " + pending + " callback deliveries pending (neither delivered nor given up yet), "
                            + "the limit is " + config.maxPendingCallbacks()
                            + ": allocate without callbackUrl, or wait until they are delivered or given up");
        }
    }

    /** Registers the callback of a new batch; returns its secret, to show once. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String register(long batchId, UUID ref, String url) {
        String secret = secrets.newSecret();
        em.createNativeQuery("INSERT INTO batch_callback (batch_id, url, secret_ciphertext) VALUES (?1, ?2, ?3)")
                .setParameter(1, batchId).setParameter(2, url).setParameter(3, secrets.encrypt(aadId(ref), secret))
                .executeUpdate();
        return secret;
    }

    /** The callback URL of a batch, if it has one. */
    public Optional<String> urlOf(long batchId) {
        List<?> urls = em.createNativeQuery("SELECT url FROM batch_callback WHERE batch_id = ?1").setParameter(1, batchId)
                .getResultList();
        return urls.isEmpty() ? Optional.empty() : Optional.of((String) urls.get(0));
    }

    /**
     * The associated data of a callback secret: derived from the batch ref so that it can never be
     * taken for a webhook's (whose id is the client's UUID itself).
     */
    static UUID aadId(UUID ref) {
        return UUID.nameUUIDFromBytes(("callback " + ref).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
