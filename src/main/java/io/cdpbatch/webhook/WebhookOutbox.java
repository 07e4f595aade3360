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

/**
 * The outbox of deliveries as conditional SQL: a due delivery is claimed with a lease (on the
 * database clock, the one all replicas share) and its outcome is recorded only by the lease owner,
 * so several replicas never send the same attempt twice and a crashed replica's claims are retaken
 * when their lease expires.
 */
@ApplicationScoped
public class WebhookOutbox {

    /** Key of the advisory lock that serializes claims (ASCII "whcl"). */
    private static final long CLAIM_LOCK = 0x7768636cL;

    @Inject
    EntityManager em;

    /**
     * A claimed delivery with what it takes to send it; {@code webhookId} is null for a per-batch
     * callback. {@code turn} is its place among its tenant's deliveries in flight (1 for the first).
     */
    public record Claimed(long id, UUID publicId, long clientId, UUID webhookId, String url, String payload, int attempts,
            Instant createdAt, byte[] secretCiphertext, UUID batchRef, long turn) {

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
                    row.get("turn", Number.class).longValue());
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
        List<Tuple> rows = em.createNativeQuery("""
                WITH busy AS (
                    SELECT client_id, receiver_host FROM webhook_delivery
                    WHERE state = 'pending' AND lease_expires_at >= clock_timestamp()
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
                          AND (x.lease_expires_at IS NULL OR x.lease_expires_at < clock_timestamp())
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
                UPDATE webhook_delivery d SET lease_owner = :owner,
                    lease_expires_at = clock_timestamp() + :leaseMillis * interval '1 millisecond'
                FROM (SELECT x.id, r.turn, COALESCE(w.secret_ciphertext, cb.secret_ciphertext) AS secret_ciphertext
                      FROM webhook_delivery x
                      JOIN ranked r ON r.id = x.id
                      LEFT JOIN webhook w ON w.id = x.webhook_id
                      LEFT JOIN batch_callback cb ON cb.batch_id = x.callback_batch_id
                      WHERE r.host_turn <= :perHost AND x.state = 'pending'
                        AND (w.id IS NOT NULL OR cb.batch_id IS NOT NULL)
                        AND (x.lease_expires_at IS NULL OR x.lease_expires_at < clock_timestamp())
                      ORDER BY r.turn, r.wrapped, r.client_id, r.next_attempt_at, x.id
                      LIMIT :max FOR UPDATE OF x SKIP LOCKED) c
                WHERE d.id = c.id
                RETURNING d.id, d.public_id, d.client_id, d.webhook_public_id, d.url, d.payload, d.attempts, d.created_at,
                          c.secret_ciphertext, d.batch_ref, c.turn""", Tuple.class)
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
