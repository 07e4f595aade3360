package io.cdpbatch.pipeline;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.cdpbatch.common.BatchTracing;
import io.cdpbatch.common.Timestamps;
import io.cdpbatch.lifecycle.Attempt;
import io.cdpbatch.lifecycle.DependencyUnavailable;
import io.cdpbatch.lifecycle.Fence;
import io.cdpbatch.lifecycle.LeaseLost;
import io.cdpbatch.records.ValidRecord;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * Applies a worker's chunk of records in one transaction: splits it into runs of one writer each
 * (keeping file order), fences the transaction with the batch lease so that an instance that lost
 * its lease cannot write, retries transient failures, waits out a database outage up to a limit,
 * and isolates a record that fails on its own as {@code 500 Internal error}. For a dry run every
 * step is the same except the last: the transaction is rolled back instead of committed.
 */
@ApplicationScoped
public class ChunkApplier {

    private static final Logger LOG = Logger.getLogger(ChunkApplier.class);

    /** The span of one chunk's transaction. */
    public static final String CHUNK_SPAN = "batch.chunk";
    static final AttributeKey<Long> CHUNK_RECORDS = AttributeKey.longKey("cdpbatch.chunk.records");
    static final AttributeKey<Long> CHUNK_FAILED = AttributeKey.longKey("cdpbatch.chunk.failed");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RecordWriters writers;

    @Inject
    PipelineConfig config;

    @Inject
    Clock clock;

    @Inject
    PipelineMetrics metrics;

    @Inject
    BatchTracing tracing;

    @Inject
    TableStatistics statistics;

    /** @return the failures of the chunk, in line order; every other record was applied (or, in a dry run, would have been) */
    public List<Failure> apply(Attempt attempt, List<Work> chunk) {
        try {
            return applyWithRetries(attempt, chunk);
        } catch (RecordLevelException e) {
            if (chunk.size() == 1) {
                Work work = chunk.get(0);
                LOG.warnf("Record at line %d of batch %s could not be applied: SQLState %s", work.line(), attempt.claim().ref(),
                        e.sqlState);
                return List.of(new Failure(work.line(), work.ref(), 500, Failure.INTERNAL_ERROR,
                        "the record could not be applied (database error " + e.sqlState + ")"));
            }
            List<Failure> failures = new ArrayList<>();
            for (Work work : chunk) {
                failures.addAll(apply(attempt, List.of(work)));
            }
            return failures;
        }
    }

    private List<Failure> applyWithRetries(Attempt attempt, List<Work> chunk) {
        long outageDeadline = System.nanoTime() + config.dbOutageTolerance().toNanos();
        for (int tries = 1;; tries++) {
            attempt.checkNotStopped();
            try {
                return inTransaction(attempt, chunk);
            } catch (SQLException e) {
                switch (classify(e)) {
                    case CONNECTION -> {
                        if (System.nanoTime() > outageDeadline) {
                            throw new DependencyUnavailable("The database is unreachable: " + e.getMessage(), e);
                        }
                        LOG.debugf("Database unreachable (%s), retrying", e.getMessage());
                        metrics.databaseRetry();
                        backoff(tries, Duration.ofSeconds(5));
                    }
                    case TRANSIENT -> {
                        if (tries >= config.dbAttempts()) {
                            throw new RecordLevelException(e.getSQLState());
                        }
                        metrics.databaseRetry();
                        backoff(tries, Duration.ofSeconds(1));
                    }
                    default -> throw new RecordLevelException(e.getSQLState());
                }
            }
        }
    }

    private List<Failure> inTransaction(Attempt attempt, List<Work> chunk) throws SQLException {
        // one span per transaction, inside the attempt's: retries and isolated records show as their own
        Span span = tracing.startChild(CHUNK_SPAN, attempt.traceContext(), attempt.claim().tenant().clientKey(),
                attempt.claim().ref());
        span.setAttribute(CHUNK_RECORDS, (long) chunk.size());
        try {
            List<Failure> failures = transaction(attempt, chunk);
            span.setAttribute(CHUNK_FAILED, (long) failures.size());
            return failures;
        } catch (SQLException | RuntimeException e) {
            // the SQLState only: a database message may quote a record's values
            span.setStatus(StatusCode.ERROR, e instanceof SQLException sql ? "SQLState " + sql.getSQLState()
                    : e instanceof LeaseLost ? "lease lost" : "failed");
            throw e;
        } finally {
            span.end();
        }
    }

    private List<Failure> transaction(Attempt attempt, List<Work> chunk) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Fence.check(connection, attempt);
                WriteContext context = new WriteContext(attempt.clientId(), attempt.batchId(),
                        Timestamps.truncate(clock.instant()), new TableGrowth(), attempt.runState());
                List<Failure> failures = new ArrayList<>();
                int start = 0;
                while (start < chunk.size()) {
                    RecordWriter<?> writer = writerFor(chunk.get(start).record());
                    int end = start + 1;
                    while (end < chunk.size() && writerFor(chunk.get(end).record()) == writer) {
                        end++;
                    }
                    failures.addAll(writer.write(connection, context, chunk.subList(start, end)));
                    start = end;
                }
                if (attempt.dryRun()) {
                    // a dry run: the same checks as a real run, then nothing stays
                    connection.rollback();
                } else {
                    connection.commit();
                    statistics.committed(connection, context.growth());
                }
                failures.sort(Comparator.comparingLong(Failure::line));
                return failures;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone; the transaction with it
                }
                throw e;
            }
        } catch (SQLException e) {
            if (e.getCause() instanceof LeaseLost lost) {
                throw lost;
            }
            throw e;
        }
    }

    RecordWriter<?> writerFor(ValidRecord record) {
        return writers.writerFor(record);
    }

    enum Kind {
        CONNECTION,
        TRANSIENT,
        OTHER
    }

    static Kind classify(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return Kind.CONNECTION;
        }
        String state = e.getSQLState();
        if (state == null) {
            // Agroal's acquisition timeout and broken connections carry no SQLState
            return Kind.CONNECTION;
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("53300")) {
            return Kind.CONNECTION;
        }
        if (state.equals("40001") || state.equals("40P01") || state.equals("55P03") || state.equals("23505")
                || state.equals(RetryableConflictException.SQL_STATE)) {
            return Kind.TRANSIENT;
        }
        return Kind.OTHER;
    }

    private static void backoff(int attempt, Duration cap) {
        long millis = Math.min(cap.toMillis(), 50L << Math.min(attempt, 10));
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailable("Interrupted while waiting to retry", e);
        }
    }

    /** A record-level database failure: isolate the record, do not stop the batch. */
    private static final class RecordLevelException extends RuntimeException {
        final String sqlState;

        RecordLevelException(String sqlState) {
            super(sqlState, null, false, false);
            this.sqlState = sqlState;
        }
    }
}
