package io.cdpbatch.batch;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

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
     * @return whether a row was inserted
     */
    public boolean insertIfAbsent(long clientId, UUID ref, String checksum, long size, boolean dryRun, Instant now,
            Instant uploadExpiresAt) {
        int inserted = getEntityManager().createNativeQuery("""
                INSERT INTO batch (client_id, ref, checksum, size, status, created_at, modified_at, upload_expires_at, dry_run)
                VALUES (?1, ?2, ?3, ?4, 'uploading', ?5, ?5, ?6, ?7)
                ON CONFLICT (client_id, ref) DO NOTHING""")
                .setParameter(1, clientId).setParameter(2, ref).setParameter(3, checksum).setParameter(4, size)
                .setParameter(5, now).setParameter(6, uploadExpiresAt).setParameter(7, dryRun)
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * The newest other batch of the tenant with this file that ended in success, was not a dry run
     * and is still within the retention window (index batch_duplicate_idx).
     */
    public Optional<UUID> findDuplicate(long clientId, UUID ref, String checksum, long size, Instant windowStart) {
        return find("clientId = ?1 and checksum = ?2 and size = ?3 and status = ?4 and dryRun = false"
                + " and createdAt >= ?5 and ref <> ?6 order by createdAt desc, id desc",
                clientId, checksum, size, BatchStatus.SUCCESS, windowStart, ref)
                .firstResultOptional().map(batch -> batch.ref);
    }

    /** Batches of the tenant still waiting for an upload whose URL works. */
    public long countUploading(long clientId, Instant now) {
        return count("clientId = ?1 and status = ?2 and uploadExpiresAt > ?3", clientId, BatchStatus.UPLOADING, now);
    }
}
