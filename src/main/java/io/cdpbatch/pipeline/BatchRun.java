package io.cdpbatch.pipeline;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.cdpbatch.intake.BatchLeases.Progress;
import io.cdpbatch.intake.Claim;

/** One processing attempt of one batch: its identity, live counters, and why it must stop, if it must. */
public final class BatchRun {

    private final Claim claim;
    private final String owner;
    private final long startNanos = System.nanoTime();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<RuntimeException> stop = new AtomicReference<>();

    public BatchRun(Claim claim, String owner) {
        this.claim = claim;
        this.owner = owner;
    }

    public Claim claim() {
        return claim;
    }

    public String owner() {
        return owner;
    }

    public long batchId() {
        return claim.id();
    }

    public long clientId() {
        return claim.tenant().id();
    }

    /** A dry run: every transaction is rolled back instead of committed. */
    public boolean dryRun() {
        return claim.dryRun();
    }

    public void countRead() {
        total.incrementAndGet();
    }

    public void countSucceeded(long n) {
        succeeded.addAndGet(n);
    }

    public void countFailed(long n) {
        failed.addAndGet(n);
    }

    public long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public Progress progress() {
        return new Progress(total.get(), succeeded.get(), failed.get(), elapsedMs());
    }

    /** Asks every thread of the run to stop, for this reason (the first reason wins). */
    public void stop(RuntimeException reason) {
        stop.compareAndSet(null, reason);
    }

    /** Throws the reason to stop, if there is one. */
    public void checkNotStopped() {
        RuntimeException reason = stop.get();
        if (reason != null) {
            throw reason;
        }
    }

    public RuntimeException stopReason() {
        return stop.get();
    }
}
