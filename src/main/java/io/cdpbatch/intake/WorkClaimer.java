package io.cdpbatch.intake;

import java.net.InetAddress;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cdpbatch.pipeline.BatchLogContext;
import io.cdpbatch.pipeline.BatchProcessor;
import io.cdpbatch.pipeline.PipelineConfig;

/**
 * Claims work for this instance while it has room: arrived uploads to verify, verified batches to
 * process, and batches whose lease expired on a stopped instance. A finished verification claims
 * again at once, so a verified batch starts processing without waiting for the next scan.
 */
@ApplicationScoped
public class WorkClaimer {

    private static final Logger LOG = Logger.getLogger(WorkClaimer.class);
    private static final int VERIFICATION_SLOTS = 2;

    @Inject
    BatchLeases leases;

    @Inject
    ActiveClaims active;

    @Inject
    UploadVerifier verifier;

    @Inject
    BatchProcessor processor;

    @Inject
    IntakeConfig intakeConfig;

    @Inject
    PipelineConfig pipelineConfig;

    private String owner;
    private Semaphore verifySlots;
    private Semaphore processSlots;
    private ExecutorService verifyPool;
    private ExecutorService processPool;
    private ExecutorService pumpThread;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean accepting = new AtomicBoolean(true);

    @PostConstruct
    void init() {
        owner = intakeConfig.instanceId().orElseGet(WorkClaimer::defaultInstanceId);
        verifySlots = new Semaphore(VERIFICATION_SLOTS);
        processSlots = new Semaphore(pipelineConfig.maxConcurrentBatches());
        verifyPool = Executors.newCachedThreadPool(named("verify"));
        processPool = Executors.newCachedThreadPool(named("process"));
        pumpThread = Executors.newSingleThreadExecutor(named("claim"));
        paused.set(pipelineConfig.paused());
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

    /** Claims as much work as there is room for. */
    public synchronized void pump() {
        if (!accepting.get()) {
            return;
        }
        claimInto(verifySlots, verifyPool, () -> leases.claimVerification(owner, intakeConfig.leaseDuration()), claim -> {
            ActiveClaims.Active entry = active.register(claim, owner);
            try {
                verifier.verify(claim, owner);
            } finally {
                active.unregister(claim);
                if (entry.lost()) {
                    LOG.debugf("Verification lease of %s was lost", claim.ref());
                }
            }
        });
        if (paused.get()) {
            return;
        }
        claimInto(processSlots, processPool, () -> leases.claimProcessing(owner, intakeConfig.leaseDuration(),
                pipelineConfig.maxPerTenant()), claim -> {
                    ActiveClaims.Active entry = active.register(claim, owner);
                    try {
                        processor.process(claim, entry, owner);
                    } finally {
                        active.unregister(claim);
                    }
                });
    }

    private void claimInto(Semaphore slots, ExecutorService pool, Supplier<Optional<Claim>> next,
            java.util.function.Consumer<Claim> work) {
        while (accepting.get() && slots.tryAcquire()) {
            Optional<Claim> claim;
            try {
                claim = next.get();
            } catch (RuntimeException e) {
                slots.release();
                LOG.debugf("Could not claim work: %s", e.getMessage());
                return;
            }
            if (claim.isEmpty()) {
                slots.release();
                return;
            }
            pool.execute(() -> {
                try (var logContext = BatchLogContext.open(claim.get().tenant().clientKey(), claim.get().ref())) {
                    work.accept(claim.get());
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Work on batch %s failed", claim.get().ref());
                } finally {
                    slots.release();
                    pumpSoon();
                }
            });
        }
    }

    /** Claims again soon, on the claim thread. */
    public void pumpSoon() {
        if (accepting.get()) {
            try {
                pumpThread.execute(this::pump);
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // shutting down
            }
        }
    }

    /** Whether this instance has no work in hand. */
    public boolean idle() {
        return active.size() == 0;
    }

    /** Stops claiming; work in hand goes on. */
    public void stopClaiming() {
        accepting.set(false);
    }

    /** Waits for the work in hand to end, up to the timeout; true when it did. */
    public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!idle()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return true;
    }

    @PreDestroy
    void shutdown() {
        accepting.set(false);
        pumpThread.shutdownNow();
        verifyPool.shutdownNow();
        processPool.shutdownNow();
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

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        var counter = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "batch-" + prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
