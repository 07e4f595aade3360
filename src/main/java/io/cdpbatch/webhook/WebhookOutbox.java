package io.cdpbatch.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The outbox of deliveries as conditional SQL: a due delivery is claimed with a lease (on the
 * database clock, the one all replicas share) and its outcome is recorded only by the lease owner,
 * so several replicas never send the same attempt twice and a crashed replica's claims are retaken
 * when their lease expires.
 */
@ApplicationScoped
public class WebhookOutbox {

    @Inject
    EntityManager em;

    /** A claimed delivery with what it takes to send it; {@code webhookId} is null for a per-batch callback. */
    public record Claimed(long id, UUID publicId, UUID webhookId, String url, String payload, int attempts, Instant createdAt,
            byte[] secretCiphertext, UUID batchRef) {

        /** The id the secret was encrypted with. */
        UUID secretId() {
            return webhookId != null ? webhookId : BatchCallbacks.aadId(batchRef);
        }
    }

    /** Claims up to {@code max} deliveries due at {@code now}, oldest due first. */
    @Transactional
    public List<Claimed> claimDue(String owner, Duration lease, Instant now, int max) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em
                .createNativeQuery(
                        """
                                UPDATE webhook_delivery d SET lease_owner = ?1,
                                    lease_expires_at = clock_timestamp() + ?2 * interval '1 millisecond'
                                FROM (SELECT x.id, COALESCE(w.secret_ciphertext, cb.secret_ciphertext) AS secret_ciphertext
                                      FROM webhook_delivery x
                                      LEFT JOIN webhook w ON w.id = x.webhook_id
                                      LEFT JOIN batch_callback cb ON cb.batch_id = x.callback_batch_id
                                      WHERE x.state = 'pending' AND x.next_attempt_at <= ?3
                                        AND (w.id IS NOT NULL OR cb.batch_id IS NOT NULL)
                                        AND (x.lease_expires_at IS NULL OR x.lease_expires_at < clock_timestamp())
                                      ORDER BY x.next_attempt_at, x.id
                                      LIMIT ?4 FOR UPDATE OF x SKIP LOCKED) c
                                WHERE d.id = c.id
                                RETURNING d.id, d.public_id, d.webhook_public_id, d.url, d.payload, d.attempts, d.created_at, c.secret_ciphertext,
                                          d.batch_ref""")
                .setParameter(1, owner).setParameter(2, lease.toMillis()).setParameter(3, now).setParameter(4, max)
                .getResultList();
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            claimed.add(new Claimed(((Number) row[0]).longValue(), (UUID) row[1], (UUID) row[2], (String) row[3],
                    (String) row[4], ((Number) row[5]).intValue(), WebhookService.instant(row[6]), (byte[]) row[7],
                    (UUID) row[8]));
        }
        return claimed;
    }

    /** The receiver answered 2xx. */
    @Transactional
    public boolean delivered(long id, String owner, int statusCode, Instant at) {
        return em.createNativeQuery("""
                UPDATE webhook_delivery SET state = 'delivered', attempts = attempts + 1, last_status_code = ?1,
                    last_error = NULL, next_attempt_at = NULL, delivered_at = ?2, lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ?3 AND lease_owner = ?4 AND state = 'pending'""")
                .setParameter(1, statusCode).setParameter(2, at).setParameter(3, id).setParameter(4, owner)
                .executeUpdate() == 1;
    }

    /** The attempt failed; another follows at {@code nextAttemptAt}. */
    @Transactional
    public boolean retry(long id, String owner, Integer statusCode, String error, Instant nextAttemptAt) {
        return em.createNativeQuery("""
                UPDATE webhook_delivery SET attempts = attempts + 1, last_status_code = ?1, last_error = ?2,
                    next_attempt_at = ?3, lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ?4 AND lease_owner = ?5 AND state = 'pending'""")
                .setParameter(1, statusCode).setParameter(2, error).setParameter(3, nextAttemptAt).setParameter(4, id)
                .setParameter(5, owner).executeUpdate() == 1;
    }

    /** The attempt failed and no other follows. */
    @Transactional
    public boolean failed(long id, String owner, Integer statusCode, String error) {
        return em.createNativeQuery("""
                UPDATE webhook_delivery SET state = 'failed', attempts = attempts + 1, last_status_code = ?1,
                    last_error = ?2, next_attempt_at = NULL, lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ?3 AND lease_owner = ?4 AND state = 'pending'""")
                .setParameter(1, statusCode).setParameter(2, error).setParameter(3, id).setParameter(4, owner)
                .executeUpdate() == 1;
    }

    /**
     * Deletes up to {@code chunk} finished (delivered or failed) deliveries created before
     * {@code cutoff}; returns how many.
     */
    @Transactional
    public int purgeFinished(Instant cutoff, int chunk) {
        return em.createNativeQuery("""
                DELETE FROM webhook_delivery WHERE id IN (
                    SELECT id FROM webhook_delivery WHERE state <> 'pending' AND created_at < ?1
                    ORDER BY created_at, id LIMIT ?2 FOR UPDATE SKIP LOCKED)""")
                .setParameter(1, cutoff).setParameter(2, chunk).executeUpdate();
    }
}
