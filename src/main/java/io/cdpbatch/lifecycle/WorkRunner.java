package io.cdpbatch.lifecycle;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cdpbatch.common.BatchLogContext;
import io.cdpbatch.common.BatchTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Claims work for this instance while it has room (arrived uploads to verify, verified batches to
 * process, batches whose lease expired on a stopped instance), runs the {@link StageWork} of each
 * claim on a thread of its own, and hands what came of it to {@link BatchLifecycle}. Whatever the
 * work throws is dealt with here, once: {@link AttemptStopped} gives the batch back (or, for a lost
 * lease, leaves it to its new owner); any other {@link Throwable}, an {@link Error} included, fails
 * the attempt. A finished attempt claims again at once, so a verified batch starts processing
 * without waiting for the next scan.
 */
@ApplicationScoped
public class WorkRunner {

    private static final Logger LOG = Logger.getLogger(WorkRunner.class);

    /** The span of a verification attempt. */
    public static final String VERIFY_SPAN = "batch.verify";
    /** The span of a processing attempt. */
    public static final String PROCESS_SPAN = "batch.process";
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("cdpbatch.outcome");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("cdpbatch.attempt");
    static final AttributeKey<Boolean> DRY_RUN = AttributeKey.booleanKey("cdpbatch.dry_run");
    static final AttributeKey<Long> RECORDS_READ = AttributeKey.longKey("cdpbatch.records.read");
    static final AttributeKey<Long> RECORDS_SUCCEEDED = AttributeKey.longKey("cdpbatch.records.succeeded");
    static final AttributeKey<Long> RECORDS_FAILED = AttributeKey.longKey("cdpbatch.records.failed");

    @Inject
    BatchLifecycle lifecycle;

    @Inject
    LeaseKeeper keeper;

    @Inject
    LifecycleConfig config;

    @Inject
    LifecycleMetrics metrics;

    @Inject
    BatchTracing tracing;

    @Inject
    @Any
    Instance<StageWork> works;

    private String owner;
    private final Map<Stage, StageWork> byStage = new EnumMap<>(Stage.class);
    private final Map<Stage, Semaphore> slots = new EnumMap<>(Stage.class);
    private final Map<Stage, ExecutorService> pools = new EnumMap<>(Stage.class);
    private ExecutorService claimThread;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean accepting = new AtomicBoolean(true);

    @PostConstruct
    void init() {
        owner = config.instanceId().orElseGet(WorkRunner::defaultInstanceId);
        for (StageWork work : works) {
            if (byStage.put(work.stage(), work) != null) {
                throw new IllegalStateException("Two works for the stage " + work.stage());
            }
        }
        for (Stage stage : Stage.values()) {
            if (!byStage.containsKey(stage)) {
                throw new IllegalStateException("No work for the stage " + stage);
            }
        }
        slots.put(Stage.VERIFY, new Semaphore(config.verificationSlots()));
        slots.put(Stage.PROCESS, new Semaphore(config.maxConcurrentBatches()));
        pools.put(Stage.VERIFY, Executors.newCachedThreadPool(named("verify")));
        pools.put(Stage.PROCESS, Executors.newCachedThreadPool(named("process")));
        claimThread = Executors.newSingleThreadExecutor(named("claim"));
        paused.set(config.paused());
    }

    /** The name of this instance in leases and in {@code processed_by}. */
    public String owner() {
        return owner;
    }

    /** Stops or resumes starting new processing (verification goes on). */
    public void setPaused(boolean pause) {
        paused.set(pause);
        if (!pause) {
            pumpSoon();
        }
    }

    /** Claims as much work as there is room for, and starts it. */
    public synchronized void pump() {
        claimInto(Stage.VERIFY, () -> lifecycle.claimVerification(owner));
        if (!paused.get()) {
            claimInto(Stage.PROCESS, () -> lifecycle.claimProcessing(owner));
        }
    }

    private void claimInto(Stage stage, Supplier<Optional<Claim>> next) {
        Semaphore free = slots.get(stage);
        while (accepting.get() && free.tryAcquire()) {
            Optional<Claim> claim;
            try {
                claim = next.get();
            } catch (RuntimeException e) {
                free.release();
                LOG.warnf("Could not claim work: %s", e.getMessage());
                return;
            }
            if (claim.isEmpty()) {
                free.release();
                return;
            }
            try {
                pools.get(stage).execute(() -> {
                    try {
                        run(stage, claim.get());
                    } finally {
                        free.release();
                        pumpSoon();
                    }
                });
            } catch (RejectedExecutionException e) {
                // shutting down: the lease lapses, another instance takes the batch
                free.release();
                return;
            }
        }
    }

    /** Runs one attempt of a stage on a claimed batch, to its end, whatever happens in it. */
    void run(Stage stage, Claim claim) {
        run(stage, claim, owner);
    }

    /** As {@link #run(Stage, Claim)}, for a claim made under another owner's name (tests of several instances). */
    void run(Stage stage, Claim claim, String owner) {
        Attempt attempt = new Attempt(claim, owner, stage);
        keeper.register(attempt);
        boolean started = false;
        // one span per attempt, in the trace of the batch's allocation; the attempt's threads start theirs in it
        Span span = tracing.startInBatchTrace(stage == Stage.PROCESS ? PROCESS_SPAN : VERIFY_SPAN, claim.traceparent(),
                claim.tenant().clientKey(), claim.ref());
        try (var logContext = BatchLogContext.open(claim.tenant().clientKey(), claim.ref()); Scope scope = span.makeCurrent()) {
            attempt.traceContext(Context.current());
            try {
                if (stage == Stage.PROCESS) {
                    OptionalInt number = lifecycle.start(attempt);
                    if (number.isEmpty()) {
                        span.setAttribute(OUTCOME, "not-started");
                        return;
                    }
                    started = true;
                    span.setAttribute(ATTEMPT, (long) number.getAsInt());
                    span.setAttribute(DRY_RUN, claim.dryRun());
                    keeper.processing(attempt);
                    if (claim.takeover()) {
                        metrics.leaseTakeover();
                    }
                    LOG.infof("Batch %s of %s: -> processing (attempt %d by %s%s%s)", claim.ref(), claim.tenant().clientKey(),
                            number.getAsInt(), owner, claim.takeover() ? ", taken over from a stopped instance" : "",
                            claim.dryRun() ? ", dry run" : "");
                }
                Outcome outcome = byStage.get(stage).run(attempt);
                // a thread of the attempt failed, even if the work itself returned
                attempt.checkNotStopped();
                keeper.ending(attempt);
                lifecycle.complete(attempt, outcome);
                span.setAttribute(OUTCOME, outcome.getClass().getSimpleName());
            } catch (AttemptStopped stop) {
                span.setAttribute(OUTCOME, stop.getClass().getSimpleName());
                stopped(attempt, stop, started);
            } catch (Throwable thrown) {
                Throwable cause = attempt.failure() != null ? attempt.failure() : thrown;
                if (cause instanceof AttemptStopped stop) {
                    span.setAttribute(OUTCOME, stop.getClass().getSimpleName());
                    stopped(attempt, stop, started);
                } else {
                    // what a tenant may read, never an exception's message (it may quote a record)
                    span.setStatus(StatusCode.ERROR, BatchLifecycle.describe(cause));
                    span.setAttribute(OUTCOME, "Failed");
                    failed(attempt, cause, started);
                }
            }
        } finally {
            if (stage == Stage.PROCESS && started) {
                Attempt.Tally tally = attempt.tally();
                span.setAttribute(RECORDS_READ, tally.read());
                span.setAttribute(RECORDS_SUCCEEDED, tally.succeeded());
                span.setAttribute(RECORDS_FAILED, tally.failed());
            }
            span.end();
            keeper.unregister(attempt);
        }
    }

    private void stopped(Attempt attempt, AttemptStopped stop, boolean started) {
        Claim claim = attempt.claim();
        if (stop instanceof LeaseLost) {
            LOG.warnf("Batch %s: stopped, %s", claim.ref(), stop.getMessage());
            return;
        }
        if (stop instanceof ShuttingDown) {
            LOG.infof("Batch %s: stopped by the shutdown, given back to be continued elsewhere", claim.ref());
        } else {
            LOG.warnf("Batch %s: given back to be worked on again later: %s", claim.ref(), stop.getMessage());
        }
        keeper.ending(attempt);
        try {
            lifecycle.giveBack(attempt, started);
        } catch (RuntimeException e) {
            LOG.warnf("Could not give batch %s back (its lease will expire): %s", claim.ref(), e.getMessage());
        }
    }

    private void failed(Attempt attempt, Throwable cause, boolean started) {
        Claim claim = attempt.claim();
        attempt.fail(cause);
        metrics.attemptFailed();
        LOG.errorf(cause, "Batch %s of %s: the %s attempt failed", claim.ref(), claim.tenant().clientKey(),
                attempt.stage() == Stage.PROCESS ? "processing" : "verification");
        if (attempt.stage() == Stage.PROCESS && !started) {
            // failed before the attempt began: nothing was counted, give it back as it was
            stopped(attempt, new DependencyUnavailable("could not start processing", cause), false);
            return;
        }
        keeper.ending(attempt);
        try {
            lifecycle.failed(attempt, cause);
        } catch (RuntimeException e) {
            LOG.warnf("Could not record the failure of batch %s (its lease will expire): %s", claim.ref(), e.getMessage());
        }
    }

    /** Claims again soon, on the claim thread. */
    public void pumpSoon() {
        if (accepting.get()) {
            try {
                claimThread.execute(this::pump);
            } catch (RejectedExecutionException ignored) {
                // shutting down
            }
        }
    }

    /** Whether this instance has no work in hand. */
    public boolean idle() {
        return keeper.size() == 0;
    }

    /** Stops claiming; work in hand goes on. */
    public void stopClaiming() {
        accepting.set(false);
    }

    @PreDestroy
    void shutdown() {
        accepting.set(false);
        claimThread.shutdownNow();
        pools.values().forEach(ExecutorService::shutdownNow);
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "instance";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ThreadFactory named(String prefix) {
        var counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "batch-" + prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Waits for the work in hand to end, up to the timeout; true when it did. */
    boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!idle()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }
}
