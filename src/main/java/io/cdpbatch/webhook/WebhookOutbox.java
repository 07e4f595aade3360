package io.cdpbatch.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.cdpbatch.common.Timestamps;
import io.cdpbatch.lifecycle.LeaseTable;

/**
 * The outbox of deliveries as conditional SQL: a due delivery is claimed with a lease
 * ({@link LeaseTable}, the mechanism batches use too) and its outcome is recorded only by the lease owner,
 * so several replicas never send the same attempt twice and a crashed replica's claims are retaken
 * when their lease expires.
 */
@ApplicationScoped
public class WebhookOutbox {

    /** The lease mechanism of deliveries: the same as batches'. */
    static final LeaseTable DELIVERIES = new LeaseTable("webhook_delivery");

    /** Key of the advisory lock that serializes claims (ASCII "whcl"). */
    private static final long CLAIM_LOCK = 0x7768636cL;

    @Inject
    EntityManager em;

    /**
     * A claimed delivery with what it takes to send it; {@code webhookId} is null for a per-batch
     * callback. {@code turn} is its place among its tenant's deliveries in flight (1 for the first).
     */
    public record Claimed(long id, UUID publicId, long clientId, UUID webhookId, String url, String payload, int attempts,
            Instant createdAt, byte[] secretCiphertext, UUID batchRef, long turn, String clientKey, String traceparent) {

        /** The id the secret was encrypted with. */
        UUID secretId() {
            return webhookId != null ? webhookId : BatchCallbacks.aadId(batchRef);
        }

        static Claimed of(Tuple row) {
            return new Claimed(row.get("id", Number.class).longValue(), row.get("public_id", UUID.class),
                    row.get("client_id", Number.class).longValue(), row.get("webhook_public_id", UUID.class),
                    row.get("url", String.class), row.get("payload", String.class),
                    row.get("attempts", Number.class).intValue(), Timestamps.instant(row.get("created_at")),
                    row.get("secret_ciphertext", byte[].class), row.get("batch_ref", UUID.class),
                    row.get("turn", Number.class).longValue(), row.get("client_key", String.class),
                    row.get("traceparent", String.class));
        }
    }

    /** The caps of one claim: free sending slots of this instance, and deliveries in flight allowed. */
    public record Caps(int max, int perTenant, int perHost) {
    }

    /**
     * Claims up to {@code caps.max()} deliveries due at {@code now}, fairly: each tenant with due
     * work gets its turn before any tenant gets a second one (round robin, starting after the
     * tenant {@code after}), and no tenant nor receiver host gets more deliveries in flight, over
     * all instances, than its cap. A tenant's own deliveries go oldest due first.
     *
     * <p>
     * Claims of all instances are serialized by a transaction-scoped advisory lock, so the counts
     * of deliveries in flight they read are exact; each row is still locked with
     * {@code FOR UPDATE SKIP LOCKED} and leased to {@code owner} until the lease expires.
     */
    @Transactional
    public List<Claimed> claimDue(String owner, Duration lease, Instant now, Caps caps, long after) {
        em.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1)").setParameter(1, CLAIM_LOCK).getSingleResult();
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em
                .createNativeQuery(
                        """
                                WITH busy AS (
                                    SELECT client_id, receiver_host FROM webhook_delivery
                                    WHERE state = 'pending' AND %s
                                ), tenant_busy AS (
                                    SELECT client_id, count(*) AS n FROM busy GROUP BY client_id
                                ), host_busy AS (
                                    SELECT receiver_host, count(*) AS n FROM busy GROUP BY receiver_host
                                ), candidate AS (
                                    SELECT due.id, due.client_id, due.receiver_host, due.next_attempt_at,
                                           COALESCE(tb.n, 0) + row_number() OVER (PARTITION BY due.client_id
                                                                                  ORDER BY due.next_attempt_at, due.id) AS turn
                                    FROM api_client c
                                    CROSS JOIN LATERAL (
                                        SELECT x.id, x.client_id, x.receiver_host, x.next_attempt_at FROM webhook_delivery x
                                        WHERE x.client_id = c.id AND x.state = 'pending' AND x.next_attempt_at <= :now
                                          AND %s
                                        ORDER BY x.next_attempt_at, x.id
                                        LIMIT :perTenant) due
                                    LEFT JOIN tenant_busy tb ON tb.client_id = due.client_id
                                ), ranked AS (
                                    SELECT cd.id, cd.client_id, cd.next_attempt_at, cd.turn, (cd.client_id <= :after) AS wrapped,
                                           COALESCE(hb.n, 0) + row_number() OVER (PARTITION BY cd.receiver_host
                                                                                  ORDER BY cd.turn, (cd.client_id <= :after), cd.client_id,
                                                                                           cd.next_attempt_at, cd.id) AS host_turn
                                    FROM candidate cd LEFT JOIN host_busy hb ON hb.receiver_host = cd.receiver_host
                                    WHERE cd.turn <= :perTenant
                                )
                                UPDATE webhook_delivery d SET lease_owner = :owner, lease_expires_at = %s
                                FROM (SELECT x.id, r.turn, COALESCE(w.secret_ciphertext, cb.secret_ciphertext) AS secret_ciphertext,
                                             a.client_key
                                      FROM webhook_delivery x
                                      JOIN ranked r ON r.id = x.id
                                      JOIN api_client a ON a.id = x.client_id
                                      LEFT JOIN webhook w ON w.id = x.webhook_id
                                      LEFT JOIN batch_callback cb ON cb.batch_id = x.callback_batch_id
                                      WHERE r.host_turn <= :perHost AND x.state = 'pending'
                                        AND (w.id IS NOT NULL OR cb.batch_id IS NOT NULL)
                                        AND %s
                                      ORDER BY r.turn, r.wrapped, r.client_id, r.next_attempt_at, x.id
                                      LIMIT :max FOR UPDATE OF x SKIP LOCKED) c
                                WHERE d.id = c.id
                                RETURNING d.id, d.public_id, d.client_id, d.webhook_public_id, d.url, d.payload, d.attempts, d.created_at,
                                          c.secret_ciphertext, d.batch_ref, c.turn, c.client_key, d.traceparent"""
                                .formatted(LeaseTable.held("webhook_delivery"),
                                        LeaseTable.free("x"), LeaseTable.expiry("leaseMillis"), LeaseTable.free("x")),
                        Tuple.class)
                .setParameter("owner", owner).setParameter("leaseMillis", lease.toMillis()).setParameter("now", now)
                .setParameter("perTenant", caps.perTenant()).setParameter("perHost", caps.perHost())
                .setParameter("after", after).setParameter("max", caps.max())
                .getResultList();
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (Tuple row : rows) {
            claimed.add(Claimed.of(row));
        }
        // In the order of the claim, so that the caller knows whose turn was last.
        claimed.sort(Comparator.comparingLong(Claimed::turn).thenComparing(c -> c.clientId() <= after)
                .thenComparingLong(Claimed::clientId).thenComparingLong(Claimed::id));
        return claimed;
    }

    /** The receiver answered 2xx. */
    @Transactional
    public boolean delivered(long id, String owner, int statusCode, Instant at) {
        return DELIVERIES.ownedUpdate(em, id, owner, """
                state = 'delivered', attempts = attempts + 1, last_status_code = ?3, last_error = NULL,
                next_attempt_at = NULL, delivered_at = ?4""", true, "state = 'pending'", "")
                .setParameter(3, statusCode).setParameter(4, at).executeUpdate() == 1;
    }

    /** The attempt failed; another follows at {@code nextAttemptAt}. */
    @Transactional
    public boolean retry(long id, String owner, Integer statusCode, String error, Instant nextAttemptAt) {
        return DELIVERIES.ownedUpdate(em, id, owner, """
                attempts = attempts + 1, last_status_code = ?3, last_error = ?4, next_attempt_at = ?5""", true,
                "state = 'pending'", "")
                .setParameter(3, statusCode).setParameter(4, error).setParameter(5, nextAttemptAt).executeUpdate() == 1;
    }

    /** The attempt failed and no other follows. */
    @Transactional
    public boolean failed(long id, String owner, Integer statusCode, String error) {
        return DELIVERIES.ownedUpdate(em, id, owner, """
                state = 'failed', attempts = attempts + 1, last_status_code = ?3, last_error = ?4,
                next_attempt_at = NULL""", true, "state = 'pending'", "")
                .setParameter(3, statusCode).setParameter(4, error).executeUpdate() == 1;
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
