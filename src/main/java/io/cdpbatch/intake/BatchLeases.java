package io.cdpbatch.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.auth.Tenant;
import io.cdpbatch.batch.BatchStatus;
import io.cdpbatch.batch.BatchViews.ErrorGroupView;
import io.cdpbatch.batch.BatchViews.SummaryView;
import io.cdpbatch.common.Timestamps;
import io.cdpbatch.webhook.WebhookEvents;

/**
 * Every change of a batch's state by the background work, as conditional SQL: a transition only
 * happens from the expected state and, once claimed, only for the lease owner. Leases are measured
 * on the database clock, the one clock all replicas share.
 */
@ApplicationScoped
public class BatchLeases {

    /** The statuses in which a batch is work: waiting for verification or processing, or being processed. */
    private static final String ACTIVE = "('uploading', 'file_uploaded', 'processing')";

    /** Key of the PostgreSQL advisory lock that serializes processing claims. */
    private static final long PROCESSING_CLAIM_LOCK = 0x636470626174636CL;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    WebhookEvents webhooks;

    @Inject
    ObjectMapper json;

    /** An uploading batch whose object should be looked for. */
    public record ArrivalCheck(long id, String clientKey, UUID ref, long size) {
    }

    /**
     * Takes the next uploading batches to look for in the store, least recently checked first, so
     * that every replica checks different ones and the store calls per scan stay bounded.
     */
    @Transactional
    public List<ArrivalCheck> claimArrivalChecks(int max, Duration uploadGrace) {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                UPDATE batch b SET checked_at = ?1
                FROM (SELECT id FROM batch
                      WHERE status = 'uploading' AND arrived_at IS NULL AND upload_expires_at > ?2
                      ORDER BY checked_at NULLS FIRST, id
                      LIMIT ?3 FOR UPDATE SKIP LOCKED) c, api_client a
                WHERE b.id = c.id AND a.id = b.client_id
                RETURNING b.id, a.client_key, b.ref, b.size""")
                .setParameter(1, now).setParameter(2, now.minus(uploadGrace)).setParameter(3, max)
                .getResultList();
        List<ArrivalCheck> checks = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            checks.add(new ArrivalCheck(((Number) row[0]).longValue(), (String) row[1], (UUID) row[2],
                    ((Number) row[3]).longValue()));
        }
        return checks;
    }

    /** Records that the object is in the store; the batch now waits for verification. */
    @Transactional
    public boolean markArrived(long id) {
        return em
                .createNativeQuery(
                        "UPDATE batch SET arrived_at = ?1 WHERE id = ?2 AND status = 'uploading' AND arrived_at IS NULL")
                .setParameter(1, clock.instant()).setParameter(2, id).executeUpdate() == 1;
    }

    /** Forgets an arrival that turned out not to be there (the object went away before verification). */
    @Transactional
    public void forgetArrival(long id, String owner) {
        em.createNativeQuery("""
                UPDATE batch SET arrived_at = NULL, lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ?1 AND status = 'uploading' AND lease_owner = ?2""")
                .setParameter(1, id).setParameter(2, owner).executeUpdate();
    }

    /** Claims an arrived upload to verify its size and MD5. */
    @Transactional
    public Optional<Claim> claimVerification(String owner, Duration lease) {
        return claim(owner, lease, """
                SELECT b.id FROM batch b
                WHERE b.status = 'uploading' AND b.arrived_at IS NOT NULL
                  AND (b.lease_expires_at IS NULL OR b.lease_expires_at < clock_timestamp())
                ORDER BY b.arrived_at, b.id
                LIMIT 1 FOR UPDATE OF b SKIP LOCKED""", -1);
    }

    /**
     * Claims a verified batch to process, or one whose lease expired (its instance stopped). Tenants
     * with fewer batches in work come first, then the tenant served least recently (round robin, so
     * that even with a single free slot a tenant's backlog does not hold back another's single
     * batch); a tenant never has more than {@code maxPerTenant} batches in work at once.
     */
    @Transactional
    public Optional<Claim> claimProcessing(String owner, Duration lease, int maxPerTenant) {
        // Claims of processing work are serialized across replicas (for the few milliseconds of this
        // transaction): otherwise two replicas claiming at once both count the tenant's other work
        // before either commits, and both take a batch of the same tenant past the limit.
        em.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1)").setParameter(1, PROCESSING_CLAIM_LOCK)
                .getSingleResult();
        return claim(owner, lease, """
                SELECT b.id FROM batch b
                CROSS JOIN LATERAL (SELECT count(*) AS n FROM batch x
                     WHERE x.client_id = b.client_id AND x.id <> b.id AND x.status IN %s
                       AND x.lease_expires_at > clock_timestamp()) busy
                CROSS JOIN LATERAL (SELECT max(y.processing_started_at) AS at FROM batch y
                     WHERE y.client_id = b.client_id) served
                WHERE b.status IN ('file_uploaded', 'processing')
                  AND (b.lease_expires_at IS NULL OR b.lease_expires_at < clock_timestamp())
                  AND busy.n < ?3
                ORDER BY busy.n, served.at NULLS FIRST, b.modified_at, b.id
                LIMIT 1 FOR UPDATE OF b SKIP LOCKED""".formatted(ACTIVE), maxPerTenant);
    }

    private Optional<Claim> claim(String owner, Duration lease, String candidate, int maxPerTenant) {
        var query = em
                .createNativeQuery(
                        """
                                WITH candidate AS (%s)
                                UPDATE batch b SET lease_owner = ?1,
                                    lease_expires_at = clock_timestamp() + ?2 * interval '1 millisecond',
                                    lease_takeovers = b.lease_takeovers + CASE WHEN b.lease_owner IS NULL THEN 0 ELSE 1 END
                                FROM candidate c, api_client a, (SELECT lease_owner AS previous FROM batch WHERE id = (SELECT id FROM candidate)) p
                                WHERE b.id = c.id AND a.id = b.client_id
                                RETURNING b.id, b.client_id, a.client_key, b.ref, b.checksum, b.size, b.status, p.previous, b.dry_run"""
                                .formatted(candidate))
                .setParameter(1, owner).setParameter(2, lease.toMillis());
        if (maxPerTenant > 0) {
            query.setParameter(3, maxPerTenant);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        Tenant tenant = new Tenant(((Number) row[1]).longValue(), (String) row[2]);
        BatchStatus status = BatchStatus.fromCode((String) row[6]).orElseThrow();
        return Optional.of(new Claim(((Number) row[0]).longValue(), tenant, (UUID) row[3], ((String) row[4]).trim(),
                ((Number) row[5]).longValue(), status, row[7] != null, Boolean.TRUE.equals(row[8])));
    }

    /** Renews the lease; false when it was lost (expired and taken, or the batch changed). */
    @Transactional
    public boolean renew(long id, String owner, Duration lease) {
        return em.createNativeQuery("""
                UPDATE batch SET lease_expires_at = clock_timestamp() + ?1 * interval '1 millisecond'
                WHERE id = ?2 AND lease_owner = ?3""")
                .setParameter(1, lease.toMillis()).setParameter(2, id).setParameter(3, owner).executeUpdate() == 1;
    }

    /** Gives the batch back without changing its status, so another claim picks it up. */
    @Transactional
    public void release(long id, String owner) {
        em.createNativeQuery("UPDATE batch SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ?1 AND lease_owner = ?2")
                .setParameter(1, id).setParameter(2, owner).executeUpdate();
    }

    /** uploading → corrupted: the object differs from what was declared. Nothing was applied. */
    @Transactional
    public boolean markCorrupted(long id, String message) {
        return terminal(em
                .createNativeQuery(
                        """
                                UPDATE batch SET status = 'corrupted', message = ?1, modified_at = ?2, lease_owner = NULL, lease_expires_at = NULL
                                WHERE id = ?3 AND status = 'uploading'
                                RETURNING %s"""
                                .formatted(COMPLETION))
                .setParameter(1, message).setParameter(2, now()).setParameter(3, id));
    }

    /** uploading → file_uploaded: size and MD5 match; the batch waits for processing. */
    @Transactional
    public boolean markVerified(long id, String owner) {
        return em.createNativeQuery("""
                UPDATE batch SET status = 'file_uploaded', modified_at = ?1, lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ?2 AND status = 'uploading' AND lease_owner = ?3""")
                .setParameter(1, now()).setParameter(2, id).setParameter(3, owner).executeUpdate() == 1;
    }

    /**
     * → processing, for a new attempt: the counts start from zero because an attempt applies the
     * whole file again (the appliers are idempotent).
     */
    @Transactional
    public java.util.OptionalInt startProcessing(long id, String owner) {
        Instant now = now();
        List<?> attempts = em.createNativeQuery("""
                UPDATE batch SET status = 'processing', attempts = attempts + 1, processed_by = ?1,
                    processing_started_at = ?2, modified_at = ?2, total_count = 0, succeeded_count = 0,
                    failed_count = 0, time_to_process_ms = 0, has_log = FALSE, message = NULL,
                    has_failed_records = FALSE, error_summary = NULL
                WHERE id = ?3 AND lease_owner = ?1 AND status IN ('file_uploaded', 'processing')
                RETURNING attempts""")
                .setParameter(1, owner).setParameter(2, now).setParameter(3, id).getResultList();
        return attempts.isEmpty() ? java.util.OptionalInt.empty()
                : java.util.OptionalInt.of(((Number) attempts.get(0)).intValue());
    }

    /** Saves live progress and renews the lease; false when the lease was lost. */
    @Transactional
    public boolean progress(long id, String owner, Duration lease, Progress progress) {
        return em.createNativeQuery("""
                UPDATE batch SET total_count = ?1, succeeded_count = ?2, failed_count = ?3, time_to_process_ms = ?4,
                    lease_expires_at = clock_timestamp() + ?5 * interval '1 millisecond'
                WHERE id = ?6 AND lease_owner = ?7 AND status = 'processing'""")
                .setParameter(1, progress.total()).setParameter(2, progress.succeeded()).setParameter(3, progress.failed())
                .setParameter(4, progress.elapsedMs()).setParameter(5, lease.toMillis()).setParameter(6, id)
                .setParameter(7, owner).executeUpdate() == 1;
    }

    /** processing → success or error, with the exact final counts. */
    @Transactional
    public boolean finish(long id, String owner, BatchStatus status, Progress progress, boolean hasLog, String message) {
        return terminal(em.createNativeQuery("""
                UPDATE batch SET status = ?1, total_count = ?2, succeeded_count = ?3, failed_count = ?4,
                    time_to_process_ms = ?5, has_log = ?6, message = ?7, modified_at = ?8,
                    lease_owner = NULL, lease_expires_at = NULL
                WHERE id = ?9 AND lease_owner = ?10 AND status = 'processing'
                RETURNING %s""".formatted(COMPLETION))
                .setParameter(1, status.code()).setParameter(2, progress.total()).setParameter(3, progress.succeeded())
                .setParameter(4, progress.failed()).setParameter(5, progress.elapsedMs()).setParameter(6, hasLog)
                .setParameter(7, message).setParameter(8, now()).setParameter(9, id).setParameter(10, owner));
    }

    /** What a terminal transition returns: the batch as its completion event shows it. */
    private static final String COMPLETION = "id, client_id, ref, status, time_to_process_ms, total_count, succeeded_count, "
            + "failed_count, has_log, message, modified_at, dry_run, error_summary::text";

    /**
     * Runs a terminal transition and, when it happened, enqueues its completion webhooks in the same
     * transaction: the event exists exactly when the status changed.
     */
    private boolean terminal(jakarta.persistence.Query transition) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = transition.getResultList();
        if (rows.isEmpty()) {
            return false;
        }
        Object[] row = rows.get(0);
        SummaryView summary = row[5] == null ? null
                : new SummaryView(longOrZero(row[4]), longOrZero(row[5]), longOrZero(row[6]), longOrZero(row[7]),
                        errors((String) row[12]));
        webhooks.batchCompleted(new WebhookEvents.Completion(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                (UUID) row[2], (String) row[3], summary, Boolean.TRUE.equals(row[8]), (String) row[9], instant(row[10]),
                Boolean.TRUE.equals(row[11])));
        return true;
    }

    /** The stored error summary (saved just before the transition), as the status answer shows it. */
    private List<ErrorGroupView> errors(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return json.readValue(stored, ERRORS);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static final TypeReference<List<ErrorGroupView>> ERRORS = new TypeReference<>() {
    };

    private static long longOrZero(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }

    /**
     * Saves what the failures left besides the log (issue 9): whether the failed-records object was
     * stored, and the error summary as JSON; just before {@link #finish}, under the same lease.
     */
    @Transactional
    public boolean saveFailureDigest(long id, String owner, boolean hasFailedRecords, String errorSummaryJson) {
        return em.createNativeQuery("""
                UPDATE batch SET has_failed_records = ?1, error_summary = CAST(?2 AS jsonb)
                WHERE id = ?3 AND lease_owner = ?4 AND status = 'processing'""")
                .setParameter(1, hasFailedRecords).setParameter(2, errorSummaryJson).setParameter(3, id)
                .setParameter(4, owner).executeUpdate() == 1;
    }

    private Instant now() {
        return Timestamps.truncate(clock.instant());
    }

    /** Counts of a batch under processing. */
    public record Progress(long total, long succeeded, long failed, long elapsedMs) {
    }
}
