package io.cdpbatch.lifecycle;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.opentelemetry.context.Context;

/**
 * One stage of work on one claimed batch by this instance: its live counts and, once something went
 * wrong, why it must stop. Every thread of the attempt reports here: the reader counts the lines it
 * read, the workers what they applied or refused, and any thread that dies records its
 * {@link Throwable} with {@link #fail}; the others see it at their next {@link #checkNotStopped()}.
 * The first reason to stop wins.
 */
public final class Attempt {

    private final Claim claim;
    private final String owner;
    private final Stage stage;
    private final long startNanos = System.nanoTime();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicReference<Throwable> stop = new AtomicReference<>();
    private volatile long lastProgressNanos = startNanos;
    private volatile Context traceContext = Context.root();
    private final RunState runState = new RunState();

    public Attempt(Claim claim, String owner, Stage stage) {
        this.claim = claim;
        this.owner = owner;
        this.stage = stage;
    }

    public Claim claim() {
        return claim;
    }

    public String owner() {
        return owner;
    }

    public Stage stage() {
        return stage;
    }

    public long batchId() {
        return claim.id();
    }

    public long clientId() {
        return claim.tenant().id();
    }

    /** What the writers keep for the length of this attempt. */
    public RunState runState() {
        return runState;
    }

    /** The trace context of the attempt's span: the threads of the attempt start their spans in it. */
    public Context traceContext() {
        return traceContext;
    }

    void traceContext(Context context) {
        traceContext = context;
    }

    /** A dry run: every transaction is rolled back instead of committed. */
    public boolean dryRun() {
        return claim.dryRun();
    }

    /** One more line of the file was read (blank lines are not records and are not counted). */
    public void countRead() {
        read.incrementAndGet();
        touch();
    }

    public void countSucceeded(long n) {
        succeeded.addAndGet(n);
        touch();
    }

    public void countFailed(long n) {
        failed.addAndGet(n);
        touch();
    }

    /** How many bytes of the (gzipped) upload were consumed so far. */
    public void bytesRead(long bytes) {
        bytesRead.set(bytes);
    }

    private void touch() {
        lastProgressNanos = System.nanoTime();
    }

    /** Nanos ({@link System#nanoTime()}) of the last count: a stalled attempt stops moving it. */
    public long lastProgressNanos() {
        return lastProgressNanos;
    }

    public long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The counts so far: during processing, live progress; at the end, the final counts. */
    public Tally tally() {
        return new Tally(read.get(), succeeded.get(), failed.get(), bytesRead.get(), elapsedMs());
    }

    /** Asks every thread of the attempt to stop, for this reason (the first reason wins). */
    public void stop(AttemptStopped reason) {
        stop.compareAndSet(null, reason);
    }

    /**
     * A thread of the attempt died of {@code cause}: the attempt has failed and every other thread
     * stops (the first reason wins).
     */
    public void fail(Throwable cause) {
        stop.compareAndSet(null, cause);
    }

    /** The failure of a thread, if one failed (not a mere stop). */
    public Throwable failure() {
        Throwable reason = stop.get();
        return reason instanceof AttemptStopped ? null : reason;
    }

    /** Whether the attempt was told to stop or failed. */
    public boolean stopped() {
        return stop.get() != null;
    }

    /**
     * Throws the reason to stop, if there is one: the {@link AttemptStopped} itself, or
     * {@link AttemptFailed} when a thread failed.
     */
    public void checkNotStopped() {
        Throwable reason = stop.get();
        if (reason instanceof AttemptStopped stopped) {
            throw stopped;
        }
        if (reason != null) {
            throw new AttemptFailed(reason);
        }
    }

    /** Counts of an attempt: lines read, records applied and refused, upload bytes consumed, time. */
    public record Tally(long read, long succeeded, long failed, long bytesRead, long elapsedMs) {

        /** Every line read was either applied or refused. */
        public boolean addsUp() {
            return succeeded + failed == read;
        }
    }

    /** Thrown on a thread that must stop because another thread of the attempt failed. */
    public static final class AttemptFailed extends RuntimeException {
        AttemptFailed(Throwable cause) {
            super("Another thread of the attempt failed", cause, false, false);
        }
    }
}
