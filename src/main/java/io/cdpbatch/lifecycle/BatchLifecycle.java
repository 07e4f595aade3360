package io.cdpbatch.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.auth.Tenant;
import io.cdpbatch.common.Row;
import io.cdpbatch.common.Timestamps;
import io.cdpbatch.lifecycle.Attempt.Tally;

/**
 * The one owner of a batch's state after allocation: every transition of the state machine
 * ({@code uploading -> file_uploaded -> processing -> success | error}, {@code uploading -> corrupted},
 * removal by retention), the claims and leases that decide which instance works on a batch, the
 * attempts and their bound, and the invariant of a terminal status. Each transition is one
 * conditional SQL statement: it happens only from the expected status and, once claimed, only for
 * the lease owner. A terminal transition fires {@link BatchFinished} inside its transaction.
 *
 * <p>
 * The invariant: a batch ends {@code success} only when every line of its file was read and applied,
 * and every terminal status has {@code succeededCount + failedCount == totalCount} (the database
 * checks it too). Anything else that happens to an attempt, an {@link Error} on any of its threads
 * included, fails it: the batch is given back and tried again, at most {@link LifecycleConfig#maxAttempts()}
 * times, then ends {@code error} with a message saying why.
 */
@ApplicationScoped
public class BatchLifecycle {

    private static final Logger LOG = Logger.getLogger(BatchLifecycle.class);

    static final LeaseTable BATCHES = new LeaseTable("batch");

    /** The statuses in which a batch is work: waiting for verification or processing, or being processed. */
    private static final String ACTIVE = "('uploading', 'file_uploaded', 'processing')";

    /** Key of the PostgreSQL advisory lock that serializes processing claims. */
    private static final long PROCESSING_CLAIM_LOCK = 0x636470626174636CL;

    /** What a claim returns: the claimed batch, its tenant, and whose lease it was. */
    private static final String CLAIMED = "t.id, t.client_id, a.client_key, t.ref, t.checksum, t.size, t.status, "
            + "c.previous_owner, t.dry_run, t.traceparent";

    /** What a terminal transition returns: the batch as its completion event shows it. */
    private static final String COMPLETION = "id, client_id, ref, status, time_to_process_ms, total_count, "
            + "succeeded_count, failed_count, has_log, message, modified_at, dry_run, error_summary::text AS error_summary";

    private static final TypeReference<List<ErrorGroup>> ERRORS = new TypeReference<>() {
    };

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    LifecycleConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Event<BatchFinished> finished;

    @Inject
    Event<BatchesRemoved> removed;

    @Inject
    LifecycleMetrics metrics;

    // ---- arrival -------------------------------------------------------------------------------

    /** An uploading batch whose object should be looked for, with the trace context of its allocation. */
    public record ArrivalCheck(long id, String clientKey, UUID ref, long size, String traceparent) {
    }

    /**
     * Takes the next uploading batches to look for in the store, least recently checked first, so
     * that every replica checks different ones and the store calls per scan stay bounded. Only
     * batches whose upload URL still works (plus {@code uploadGrace}) are looked at.
     */
    @Transactional
    public List<ArrivalCheck> claimArrivalChecks(int max, Duration uploadGrace) {
        Instant now = clock.instant();
        return Row.of(em.createNativeQuery("""
                UPDATE batch b SET checked_at = ?1
                FROM (SELECT id FROM batch
                      WHERE status = 'uploading' AND arrived_at IS NULL AND upload_expires_at > ?2
                      ORDER BY checked_at NULLS FIRST, id
                      LIMIT ?3 FOR UPDATE SKIP LOCKED) c, api_client a
                WHERE b.id = c.id AND a.id = b.client_id
                RETURNING b.id, a.client_key, b.ref, b.size, b.traceparent""", Tuple.class)
                .setParameter(1, now).setParameter(2, now.minus(uploadGrace)).setParameter(3, max))
                .stream()
                .map(r -> new ArrivalCheck(r.getLong("id"), r.getString("client_key"), r.getUuid("ref"), r.getLong("size"),
                        r.getString("traceparent")))
                .toList();
    }

    /** The object is in the store; the batch now waits for verification. */
    @Transactional
    public boolean markArrived(long id) {
        return em
                .createNativeQuery(
                        "UPDATE batch SET arrived_at = ?1 WHERE id = ?2 AND status = 'uploading' AND arrived_at IS NULL")
                .setParameter(1, clock.instant()).setParameter(2, id).executeUpdate() == 1;
    }

    /** What an arrival reported by the store's event notification came to. */
    public enum ArrivalNotice {
        /** The batch was uploading and now waits for verification. */
        ARRIVED,
        /** Its arrival was already known, or it is past {@code uploading}: nothing changed. */
        ALREADY_KNOWN,
        /** The tenant has no batch with this ref. */
        UNKNOWN
    }

    /** An arrival notice and, for a batch that exists, the trace context of its allocation. */
    public record Noticed(ArrivalNotice notice, String traceparent) {
    }

    /**
     * The store reported the object of this tenant's batch: the same transition as
     * {@link #markArrived(long)}, found by the object's key. Idempotent: a repeated or late report
     * changes nothing. Nothing about the object is taken from the report; verification still
     * downloads it and checks its size and MD5.
     */
    @Transactional
    public Noticed markArrived(String clientKey, UUID ref) {
        List<Row> marked = Row.of(em.createNativeQuery("""
                UPDATE batch b SET arrived_at = ?1 FROM api_client a
                WHERE a.client_key = ?2 AND b.client_id = a.id AND b.ref = ?3
                  AND b.status = 'uploading' AND b.arrived_at IS NULL
                RETURNING b.id, b.traceparent""", Tuple.class).setParameter(1, clock.instant()).setParameter(2, clientKey)
                .setParameter(3, ref));
        if (!marked.isEmpty()) {
            return new Noticed(ArrivalNotice.ARRIVED, marked.get(0).getString("traceparent"));
        }
        List<Row> known = Row.of(em.createNativeQuery("""
                SELECT b.id, b.traceparent FROM batch b JOIN api_client a ON a.id = b.client_id
                WHERE a.client_key = ?1 AND b.ref = ?2""", Tuple.class).setParameter(1, clientKey).setParameter(2, ref));
        return known.isEmpty() ? new Noticed(ArrivalNotice.UNKNOWN, null)
                : new Noticed(ArrivalNotice.ALREADY_KNOWN, known.get(0).getString("traceparent"));
    }

    /**
     * {@code uploading -> corrupted} seen from the object's metadata (its size differs), without a
     * claim: nothing is downloaded or applied.
     */
    @Transactional
    public boolean corruptOnArrival(long id, String message) {
        return terminal(em
                .createNativeQuery(
                        """
                                UPDATE batch SET status = 'corrupted', message = ?1, modified_at = ?2, lease_owner = NULL, lease_expires_at = NULL
                                WHERE id = ?3 AND status = 'uploading'
                                RETURNING %s"""
                                .formatted(COMPLETION),
                        Tuple.class)
                .setParameter(1, message).setParameter(2, now()).setParameter(3, id));
    }

    // ---- claims --------------------------------------------------------------------------------

    /** Claims an arrived upload to verify its size and MD5. */
    @Transactional
    public Optional<Claim> claimVerification(String owner) {
        return claim(owner, """
                SELECT b.id, b.lease_owner AS previous_owner FROM batch b
                WHERE b.status = 'uploading' AND b.arrived_at IS NOT NULL AND %s
                ORDER BY b.arrived_at, b.id
                LIMIT 1 FOR UPDATE OF b SKIP LOCKED""".formatted(LeaseTable.free("b")));
    }

    /**
     * Claims a verified batch to process, or one whose lease expired (its instance stopped). Tenants
     * with fewer batches in work come first, then the tenant served least recently (round robin, so
     * that even with a single free slot a tenant's backlog does not hold back another's single
     * batch); a tenant never has more than {@link LifecycleConfig#maxPerTenant()} batches in work.
     */
    @Transactional
    public Optional<Claim> claimProcessing(String owner) {
        // Claims of processing work are serialized across replicas (for the few milliseconds of this
        // transaction): otherwise two replicas claiming at once both count the tenant's other work
        // before either commits, and both take a batch of the same tenant past the limit.
        em.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1)").setParameter(1, PROCESSING_CLAIM_LOCK)
                .getSingleResult();
        return claim(owner, """
                SELECT b.id, b.lease_owner AS previous_owner FROM batch b
                CROSS JOIN LATERAL (SELECT count(*) AS n FROM batch x
                     WHERE x.client_id = b.client_id AND x.id <> b.id AND x.status IN %s AND %s) busy
                CROSS JOIN LATERAL (SELECT max(y.processing_started_at) AS at FROM batch y
                     WHERE y.client_id = b.client_id) served
                WHERE b.status IN ('file_uploaded', 'processing') AND %s AND busy.n < ?3
                ORDER BY busy.n, served.at NULLS FIRST, b.modified_at, b.id
                LIMIT 1 FOR UPDATE OF b SKIP LOCKED""".formatted(ACTIVE, LeaseTable.held("x"), LeaseTable.free("b")),
                config.maxPerTenant());
    }

    private Optional<Claim> claim(String owner, String candidate, Object... parameters) {
        List<Row> rows = BATCHES.claim(em, owner, config.leaseDuration(), candidate,
                "lease_takeovers = t.lease_takeovers + CASE WHEN c.previous_owner IS NULL THEN 0 ELSE 1 END",
                ", api_client a", "a.id = t.client_id", CLAIMED, parameters);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row row = rows.get(0);
        Tenant tenant = new Tenant(row.getLong("client_id"), row.getString("client_key"));
        BatchStatus status = BatchStatus.fromCode(row.getString("status")).orElseThrow();
        return Optional.of(new Claim(row.getLong("id"), tenant, row.getUuid("ref"), row.getString("checksum").trim(),
                row.getLong("size"), status, !row.isNull("previous_owner"), row.getBoolean("dry_run"),
                row.getString("traceparent")));
    }

    // ---- attempts ------------------------------------------------------------------------------

    /**
     * {@code -> processing}, for a new attempt: the counts start from zero because an attempt applies
     * the whole file again (the writers are idempotent). The attempt counts as failed until it ends
     * or is given back cleanly, so that a file that takes its instance down every time (a crash
     * leaves no trace but this count) is stopped after {@link LifecycleConfig#maxAttempts()}: then
     * the batch ends {@code error} here.
     *
     * @return the number of the attempt; empty when the lease was lost or the batch ended instead
     */
    @Transactional
    public OptionalInt start(Attempt attempt) {
        Instant now = now();
        List<Row> started = Row.of(BATCHES.ownedUpdate(em, attempt.batchId(), attempt.owner(), """
                status = 'processing', attempts = attempts + 1, failed_attempts = failed_attempts + 1, processed_by = ?2,
                processing_started_at = ?3, modified_at = ?3, total_count = 0, succeeded_count = 0, failed_count = 0,
                bytes_read = 0, time_to_process_ms = 0, has_log = FALSE, message = NULL, has_failed_records = FALSE,
                error_summary = NULL""", false, "status IN ('file_uploaded', 'processing') AND failed_attempts < ?4",
                "attempts").setParameter(3, now).setParameter(4, config.maxAttempts()));
        if (!started.isEmpty()) {
            return OptionalInt.of(started.get(0).getInt("attempts"));
        }
        // over the bound: every earlier attempt failed or never finished; counts are those of the last one
        boolean ended = terminal(BATCHES.ownedUpdate(em, attempt.batchId(), attempt.owner(), """
                status = 'error', modified_at = ?3, total_count = COALESCE(total_count, 0),
                succeeded_count = LEAST(COALESCE(succeeded_count, 0), COALESCE(total_count, 0)),
                failed_count = COALESCE(total_count, 0) - LEAST(COALESCE(succeeded_count, 0), COALESCE(total_count, 0)),
                has_log = FALSE, has_failed_records = FALSE, error_summary = NULL,
                message = 'Processing was attempted ' || failed_attempts || ' times and never finished ('
                    || COALESCE(last_failure, 'the instance working on it stopped') || '); the batch is not tried again. '
                    || LEAST(COALESCE(succeeded_count, 0), COALESCE(total_count, 0)) || ' records were applied, '
                    || (COALESCE(total_count, 0) - LEAST(COALESCE(succeeded_count, 0), COALESCE(total_count, 0)))
                    || ' records read were not, and the rest of the file was not read.'""", true,
                "status IN ('file_uploaded', 'processing') AND failed_attempts >= ?4", COMPLETION)
                .setParameter(3, now).setParameter(4, config.maxAttempts()));
        if (ended) {
            LOG.errorf("Batch %s of %s: processing -> error, its attempts keep failing (%d)", attempt.claim().ref(),
                    attempt.claim().tenant().clientKey(), config.maxAttempts());
        }
        return OptionalInt.empty();
    }

    /**
     * Renews the lease of the attempt and, while processing, saves its live counts; false when the
     * lease was lost (expired and taken, or the batch changed).
     */
    @Transactional
    public boolean heartbeat(Attempt attempt, boolean processing) {
        if (!processing) {
            return BATCHES.renew(em, attempt.batchId(), attempt.owner(), config.leaseDuration());
        }
        Tally tally = attempt.tally();
        return BATCHES.ownedUpdate(em, attempt.batchId(), attempt.owner(), """
                total_count = ?3, succeeded_count = ?4, failed_count = ?5, time_to_process_ms = ?6, bytes_read = ?7,
                lease_expires_at = %s""".formatted(LeaseTable.expiry(8)), false, "status = 'processing'", "")
                .setParameter(3, tally.read()).setParameter(4, tally.succeeded()).setParameter(5, tally.failed())
                .setParameter(6, tally.elapsedMs()).setParameter(7, tally.bytesRead())
                .setParameter(8, config.leaseDuration().toMillis()).executeUpdate() == 1;
    }

    /**
     * Applies what the work of a stage came to. For processing this is where the invariant holds:
     * counts that do not add up are a failure of the attempt, never a terminal status.
     *
     * @throws IllegalStateException when the counts of a processing attempt do not add up
     */
    @Transactional
    public void complete(Attempt attempt, Outcome outcome) {
        Claim claim = attempt.claim();
        if (outcome instanceof Outcome.Processed processed) {
            finish(attempt, processed);
        } else if (outcome instanceof Outcome.Verified) {
            if (BATCHES.ownedUpdate(em, claim.id(), attempt.owner(), "status = 'file_uploaded', modified_at = ?3", true,
                    "status = 'uploading'", "").setParameter(3, now()).executeUpdate() == 1) {
                LOG.infof("Batch %s of %s: uploading -> file_uploaded (%d bytes, MD5 verified)", claim.ref(),
                        claim.tenant().clientKey(), claim.size());
            }
        } else if (outcome instanceof Outcome.Corrupted corrupted) {
            if (terminal(BATCHES
                    .ownedUpdate(em, claim.id(), attempt.owner(), "status = 'corrupted', message = ?3, modified_at = ?4",
                            true, "status = 'uploading'", COMPLETION)
                    .setParameter(3, corrupted.message()).setParameter(4, now()))) {
                LOG.infof("Batch %s of %s: uploading -> corrupted (%s)", claim.ref(), claim.tenant().clientKey(),
                        corrupted.message());
            }
        } else if (outcome instanceof Outcome.NotArrived) {
            BATCHES.ownedUpdate(em, claim.id(), attempt.owner(), "arrived_at = NULL", true, "status = 'uploading'", "")
                    .executeUpdate();
        }
    }

    private void finish(Attempt attempt, Outcome.Processed processed) {
        Tally tally = attempt.tally();
        if (!tally.addsUp()) {
            throw new IllegalStateException("The counts do not add up: " + tally.read() + " records read, " + tally.succeeded()
                    + " applied and " + tally.failed() + " refused");
        }
        boolean readAll = processed.stoppedReading() == null;
        BatchStatus status = readAll && tally.failed() == 0 ? BatchStatus.SUCCESS : BatchStatus.ERROR;
        Outcome.Failures failures = processed.failures();
        String message = join(processed.stoppedReading(), failures.note());
        Claim claim = attempt.claim();
        boolean done = terminal(BATCHES.ownedUpdate(em, claim.id(), attempt.owner(), """
                status = ?3, total_count = ?4, succeeded_count = ?5, failed_count = ?6, time_to_process_ms = ?7,
                bytes_read = ?8, has_log = ?9, has_failed_records = ?10, error_summary = CAST(?11 AS jsonb), message = ?12,
                modified_at = ?13, failed_attempts = 0""", true, "status = 'processing'", COMPLETION)
                .setParameter(3, status.code()).setParameter(4, tally.read()).setParameter(5, tally.succeeded())
                .setParameter(6, tally.failed()).setParameter(7, tally.elapsedMs()).setParameter(8, tally.bytesRead())
                .setParameter(9, failures.log()).setParameter(10, failures.log() && failures.failedRecords())
                .setParameter(11, failures.log() ? failures.summaryJson() : null).setParameter(12, message)
                .setParameter(13, now()));
        if (done) {
            metrics.batchProcessed(Duration.ofMillis(tally.elapsedMs()), tally.read());
            LOG.infof("Batch %s of %s: processing -> %s (%d records, %d succeeded, %d failed, %d ms)%s", claim.ref(),
                    claim.tenant().clientKey(), status.code(), tally.read(), tally.succeeded(), tally.failed(),
                    tally.elapsedMs(), message == null ? "" : ": " + message);
        }
    }

    /**
     * The attempt failed ({@code cause}, an {@link Error} included). Within the bound it is given back
     * to be tried again (the failure counted); at the bound the batch ends {@code error} with the
     * counts of this attempt: what was read and not applied counts as refused, so they add up.
     */
    @Transactional
    public void failed(Attempt attempt, Throwable cause) {
        Claim claim = attempt.claim();
        String reason = describe(cause);
        if (attempt.stage() == Stage.VERIFY) {
            BATCHES.release(em, claim.id(), attempt.owner());
            return;
        }
        Tally tally = attempt.tally();
        long applied = Math.min(tally.succeeded(), tally.read());
        boolean ended = terminal(BATCHES.ownedUpdate(em, claim.id(), attempt.owner(), """
                status = 'error', total_count = ?3, succeeded_count = ?4, failed_count = ?5, time_to_process_ms = ?6,
                bytes_read = ?7, has_log = FALSE, has_failed_records = FALSE, error_summary = NULL, message = ?8,
                modified_at = ?9, last_failure = ?10""", true, "status = 'processing' AND failed_attempts >= ?11", COMPLETION)
                .setParameter(3, tally.read()).setParameter(4, applied).setParameter(5, tally.read() - applied)
                .setParameter(6, tally.elapsedMs()).setParameter(7, tally.bytesRead())
                .setParameter(8, "Processing failed " + config.maxAttempts() + " times (" + reason + "); the batch is not "
                        + "tried again. " + applied + " records were applied, " + (tally.read() - applied)
                        + " records read were not, and the rest of the file was not read.")
                .setParameter(9, now()).setParameter(10, reason).setParameter(11, config.maxAttempts()));
        if (ended) {
            LOG.errorf("Batch %s of %s: processing -> error after %d failed attempts (%s)", claim.ref(),
                    claim.tenant().clientKey(), config.maxAttempts(), reason);
            return;
        }
        BATCHES.ownedUpdate(em, claim.id(), attempt.owner(), "last_failure = ?3", true, "", "").setParameter(3, reason)
                .executeUpdate();
    }

    /**
     * Gives the batch back unchanged, to be continued by this or another instance: a shutdown, an
     * outage. Such an attempt ended cleanly, so it does not count against the bound.
     */
    @Transactional
    public void giveBack(Attempt attempt, boolean started) {
        if (started) {
            BATCHES.ownedUpdate(em, attempt.batchId(), attempt.owner(), "failed_attempts = GREATEST(failed_attempts - 1, 0)",
                    true, "", "").executeUpdate();
        } else {
            BATCHES.release(em, attempt.batchId(), attempt.owner());
        }
    }

    /** What a tenant may read about a failure: its kind, never a class name or a stack trace. */
    static String describe(Throwable cause) {
        Throwable root = cause instanceof Attempt.AttemptFailed && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof OutOfMemoryError) {
            return "the service ran out of memory";
        }
        if (root instanceof StackOverflowError) {
            return "a record is nested too deeply";
        }
        if (root instanceof IllegalStateException && root.getMessage() != null && root.getMessage().startsWith("The counts")) {
            return "an internal error: " + root.getMessage();
        }
        return "an internal error";
    }

    // ---- retention -----------------------------------------------------------------------------

    /** A batch past retention, locked for removal. */
    public record Expired(long id, long clientId, String clientKey, UUID ref) {
    }

    /**
     * Locks up to {@code chunk} batches created before {@code cutoff} for removal, skipping those
     * locked by another purge and those in work (live lease). Must run in the transaction that
     * removes them.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Expired> lockExpired(Instant cutoff, int chunk) {
        return Row.of(em.createNativeQuery("""
                SELECT b.id, b.client_id, a.client_key, b.ref FROM batch b JOIN api_client a ON a.id = b.client_id
                WHERE b.id IN (SELECT id FROM batch
                               WHERE created_at < ?1 AND %s
                               ORDER BY created_at, id
                               LIMIT ?2 FOR UPDATE SKIP LOCKED)""".formatted(LeaseTable.free("batch")), Tuple.class)
                .setParameter(1, cutoff).setParameter(2, chunk)).stream()
                .map(r -> new Expired(r.getLong("id"), r.getLong("client_id"), r.getString("client_key"), r.getUuid("ref")))
                .toList();
    }

    /** Removes locked batches; observers of {@link BatchesRemoved} remove what hangs on them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int remove(List<Expired> batches) {
        if (batches.isEmpty()) {
            return 0;
        }
        removed.fire(new BatchesRemoved(batches.stream()
                .map(b -> new BatchesRemoved.Removed(b.id(), b.clientId(), b.ref())).toList()));
        return em.createNativeQuery("DELETE FROM batch WHERE id IN (?1)")
                .setParameter(1, batches.stream().map(Expired::id).toList()).executeUpdate();
    }

    /** Of these batches, those still waiting for processing ({@code file_uploaded}). */
    @Transactional
    public Set<Long> waitingForProcessing(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<Number> waiting = em.createNativeQuery("SELECT id FROM batch WHERE id IN (?1) AND status = 'file_uploaded'")
                .setParameter(1, List.copyOf(ids)).getResultList();
        return waiting.stream().map(Number::longValue).collect(Collectors.toSet());
    }

    // ---- terminal transitions ------------------------------------------------------------------

    /**
     * Runs a terminal transition and, when it happened, fires its event in the same transaction: the
     * event exists exactly when the status changed.
     */
    private boolean terminal(Query transition) {
        List<Row> rows = Row.of(transition);
        if (rows.isEmpty()) {
            return false;
        }
        Row row = rows.get(0);
        BatchFinished.Summary summary = row.isNull("total_count") ? null
                : new BatchFinished.Summary(row.getLongOrZero("time_to_process_ms"), row.getLong("total_count"),
                        row.getLongOrZero("succeeded_count"), row.getLongOrZero("failed_count"),
                        errors(row.getString("error_summary")));
        finished.fire(new BatchFinished(row.getLong("id"), row.getLong("client_id"), row.getUuid("ref"),
                BatchStatus.fromCode(row.getString("status")).orElseThrow(), summary, row.getBoolean("has_log"),
                row.getString("message"), row.getInstant("modified_at"), row.getBoolean("dry_run")));
        return true;
    }

    private List<ErrorGroup> errors(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return json.readValue(stored, ERRORS);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String join(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + " " + second;
    }

    private Instant now() {
        return Timestamps.truncate(clock.instant());
    }
}
