package io.cdpbatch.batch;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Counts over all tenants' batches, for the operations gauges. */
@ApplicationScoped
public class BatchStatistics {

    /** Batches per status (every status present, zero when none) and the oldest wait for processing. */
    public record Snapshot(Map<BatchStatus, Long> byStatus, Optional<Instant> oldestWaitingSince) {
    }

    @Inject
    BatchRepository batches;

    @Transactional
    public Snapshot snapshot() {
        Map<BatchStatus, Long> counts = new EnumMap<>(BatchStatus.class);
        for (BatchStatus status : BatchStatus.values()) {
            counts.put(status, 0L);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = batches.getEntityManager()
                .createNativeQuery("SELECT status, count(*) FROM batch GROUP BY status").getResultList();
        for (Object[] row : rows) {
            BatchStatus.fromCode((String) row[0]).ifPresent(s -> counts.put(s, ((Number) row[1]).longValue()));
        }
        // A batch enters file_uploaded when its file is verified, and is not modified until claimed.
        Object oldest = batches.getEntityManager()
                .createNativeQuery("SELECT min(modified_at) FROM batch WHERE status = 'file_uploaded'").getSingleResult();
        return new Snapshot(counts, Optional.ofNullable(toInstant(oldest)));
    }

    private static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
