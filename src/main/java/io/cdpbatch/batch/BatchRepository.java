package io.cdpbatch.batch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.cdpbatch.lifecycle.BatchStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepository;

@ApplicationScoped
public class BatchRepository implements PanacheRepository<Batch> {

    public Optional<Batch> findByRef(long clientId, UUID ref) {
        return find("clientId = ?1 and ref = ?2", clientId, ref).firstResultOptional();
    }

    /**
     * Inserts the batch unless the tenant already has one with this ref; race-free between
     * concurrent allocations of the same ref.
     *
     * @param traceparent the allocation's trace context, continued by the work on the batch; null without tracing
     * @return whether a row was inserted
     */
    public boolean insertIfAbsent(long clientId, UUID ref, String checksum, long size, boolean dryRun, Instant now,
            Instant uploadExpiresAt, String traceparent) {
        int inserted = getEntityManager().createNativeQuery("""
                INSERT INTO batch (client_id, ref, checksum, size, status, created_at, modified_at, upload_expires_at, dry_run,
                                   traceparent)
                VALUES (?1, ?2, ?3, ?4, 'uploading', ?5, ?5, ?6, ?7, CAST(?8 AS varchar))
                ON CONFLICT (client_id, ref) DO NOTHING""")
                .setParameter(1, clientId).setParameter(2, ref).setParameter(3, checksum).setParameter(4, size)
                .setParameter(5, now).setParameter(6, uploadExpiresAt).setParameter(7, dryRun)
                .setParameter(8, traceparent)
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * The newest other batch of the tenant with this file that ended in success, was not a dry run
     * and is still within the retention window (index batch_duplicate_idx).
     */
    public Optional<UUID> findDuplicate(long clientId, UUID ref, String checksum, long size, Instant windowStart) {
        // status and dry_run as literals: the predicate of the partial index, whatever the plan cache does
        List<?> refs = getEntityManager().createNativeQuery("""
                SELECT ref FROM batch
                WHERE client_id = ?1 AND checksum = CAST(?2 AS bpchar) AND size = ?3 AND status = 'success' AND NOT dry_run
                  AND created_at >= ?4 AND ref <> ?5
                ORDER BY created_at DESC, id DESC
                LIMIT 1""")
                .setParameter(1, clientId).setParameter(2, checksum).setParameter(3, size).setParameter(4, windowStart)
                .setParameter(5, ref).getResultList();
        return refs.isEmpty() ? Optional.empty() : Optional.of((UUID) refs.get(0));
    }

    /**
     * Serializes the new allocations of one tenant until the transaction ends, so that the count
     * of uploading batches and the insert that follows it are one step: parallel allocations cannot
     * pass the limit together.
     */
    public void lockAllocations(long clientId) {
        getEntityManager().createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext('cdp-batch allocation'), ?1)")
                .setParameter(1, (int) clientId).getSingleResult();
    }

    /** Batches of the tenant still waiting for an upload whose URL works. */
    public long countUploading(long clientId, Instant now) {
        return count("clientId = ?1 and status = ?2 and uploadExpiresAt > ?3", clientId, BatchStatus.UPLOADING, now);
    }
}
