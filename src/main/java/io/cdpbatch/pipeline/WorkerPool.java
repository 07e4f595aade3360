package io.cdpbatch.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.cdpbatch.common.BatchLogContext;
import io.cdpbatch.lifecycle.Attempt;

/**
 * The workers of one batch. Each has a bounded queue, and all of them together hold at most
 * {@code inFlightBytes} of records (by {@link Work#bytes()}, their lines and the values in them): the
 * reader blocks when a worker falls behind or the bytes in flight reach the bound, so memory is bounded
 * by bytes whatever the size or shape of the records. A worker applies its records in chunks that close
 * at {@code chunkSize} records or {@code chunkBytes} bytes. Records with the same routing key always go to the same
 * worker, which applies them in file order; records that touch several guests wait until every
 * worker is idle and are applied alone.
 *
 * <p>
 * A worker that dies, of any {@link Throwable}, fails the attempt; the reader and the other workers
 * stop at their next check, and {@link #finish()} never reports a pool whose workers did not all
 * apply everything they were given.
 */
final class WorkerPool implements AutoCloseable {

    private static final Work END = new Work(-1, null, null);
    private static final Work BARRIER = new Work(-2, null, null);
    private static final long POLL_MS = 200;

    private final Attempt attempt;
    private final ChunkApplier applier;
    private final PipelineMetrics metrics;
    private final int chunkSize;
    private final long chunkBytes;
    /** Bytes in flight, in KiB permits (a Semaphore counts ints). */
    private final Semaphore inFlight;
    private final int inFlightPermits;
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    WorkerPool(Attempt attempt, ChunkApplier applier, PipelineMetrics metrics, ErrorLog errorLog, int workerCount,
            int queueCapacity, int chunkSize, long chunkBytes, long inFlightBytes) {
        this.attempt = attempt;
        this.applier = applier;
        this.metrics = metrics;
        this.chunkSize = chunkSize;
        this.chunkBytes = chunkBytes;
        this.inFlightPermits = (int) Math.max(1, Math.min(Integer.MAX_VALUE, inFlightBytes / 1024));
        this.inFlight = new Semaphore(inFlightPermits);
        for (int i = 0; i < workerCount; i++) {
            Worker worker = new Worker(new ArrayBlockingQueue<>(queueCapacity), errorLog.newSink());
            workers.add(worker);
            Thread thread = new Thread(worker, "batch-" + attempt.claim().ref().toString().substring(0, 8) + "-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** The permits a record holds while in flight: its KiB, at most the whole budget (so it always fits alone). */
    private int permits(Work work) {
        return (int) Math.min(inFlightPermits, Math.max(1, (work.bytes() + 1023L) / 1024));
    }

    /** Hands a record to the worker of its routing key; blocks while that worker's queue or the bytes in flight are full. */
    void submit(Work work, String routingKey) throws InterruptedException {
        Worker worker = workers.get(Math.floorMod(routingKey.hashCode(), workers.size()));
        int permits = permits(work);
        while (!inFlight.tryAcquire(permits, POLL_MS, TimeUnit.MILLISECONDS)) {
            attempt.checkNotStopped();
        }
        while (!worker.queue.offer(work, POLL_MS, TimeUnit.MILLISECONDS)) {
            attempt.checkNotStopped();
        }
    }

    /** Waits until every worker applied everything submitted so far, then applies this record alone. */
    void submitAlone(Work work, ErrorLog.Sink sink) throws InterruptedException {
        drain();
        List<Work> one = List.of(work);
        record(one, applier.apply(attempt, one), sink);
    }

    /** Waits until every worker applied everything submitted so far. */
    void drain() throws InterruptedException {
        CountDownLatch idle = new CountDownLatch(workers.size());
        for (Worker worker : workers) {
            worker.barrier = idle;
            while (!worker.queue.offer(BARRIER, POLL_MS, TimeUnit.MILLISECONDS)) {
                attempt.checkNotStopped();
            }
        }
        while (!idle.await(POLL_MS, TimeUnit.MILLISECONDS)) {
            attempt.checkNotStopped();
        }
        attempt.checkNotStopped();
    }

    /**
     * Ends the workers after what was submitted, and waits for them.
     *
     * @throws IllegalStateException when a worker ended without applying all it was given (it can
     *         only happen if a worker died unreported: a failure is never silent)
     */
    void finish() throws InterruptedException {
        for (Worker worker : workers) {
            while (!worker.queue.offer(END, POLL_MS, TimeUnit.MILLISECONDS)) {
                attempt.checkNotStopped();
            }
        }
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                thread.join(POLL_MS);
                attempt.checkNotStopped();
            }
        }
        attempt.checkNotStopped();
        for (Worker worker : workers) {
            if (!worker.completed) {
                throw new IllegalStateException("A worker of batch " + attempt.claim().ref() + " ended before its work");
            }
        }
    }

    private void record(List<Work> chunk, List<Failure> failures, ErrorLog.Sink sink) {
        for (Failure failure : failures) {
            sink.add(failure);
        }
        attempt.countFailed(failures.size());
        attempt.countSucceeded(chunk.size() - failures.size());
        // metrics by schema: a chunk is nearly always of one schema; count failures against it by line
        Map<String, long[]> bySchema = new HashMap<>(2);
        int f = 0;
        for (Work work : chunk) {
            long[] counts = bySchema.computeIfAbsent(RecordKinds.schema(work.record()), s -> new long[2]);
            if (f < failures.size() && failures.get(f).line() == work.line()) {
                counts[1]++;
                f++;
            } else {
                counts[0]++;
            }
        }
        bySchema.forEach((schema, counts) -> {
            if (attempt.dryRun()) {
                metrics.dryRunRecords(schema, counts[0], counts[1]);
            } else {
                metrics.recordsApplied(schema, counts[0]);
                metrics.recordsFailed(schema, counts[1]);
            }
        });
    }

    /** Stops the workers and waits (briefly) for them: none may write after the attempt is over. */
    @Override
    public void close() {
        for (Thread thread : threads) {
            thread.interrupt();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Worker implements Runnable {
        private final BlockingQueue<Work> queue;
        private final ErrorLog.Sink sink;
        private volatile CountDownLatch barrier;
        private volatile boolean completed;

        Worker(BlockingQueue<Work> queue, ErrorLog.Sink sink) {
            this.queue = queue;
            this.sink = sink;
        }

        @Override
        public void run() {
            List<Work> chunk = new ArrayList<>(chunkSize);
            try (var logContext = BatchLogContext.open(attempt.claim().tenant().clientKey(), attempt.claim().ref())) {
                while (true) {
                    Work marker = nextChunk(chunk);
                    if (!chunk.isEmpty()) {
                        int held = 0;
                        for (Work work : chunk) {
                            held += permits(work);
                        }
                        try {
                            record(chunk, applier.apply(attempt, chunk), sink);
                        } finally {
                            inFlight.release(held);
                            chunk.clear();
                        }
                    }
                    if (marker == END) {
                        completed = true;
                        return;
                    }
                    if (marker == BARRIER) {
                        barrier.countDown();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                // whatever kills a worker fails the attempt: the owner of the attempt decides what follows
                attempt.fail(e);
            }
        }

        /**
         * Fills {@code chunk} with the next records, up to the chunk's count and bytes; returns the
         * marker that ended it, if one did. The reader submits nothing after a marker until every
         * worker passed it, so a marker always ends a chunk.
         */
        private Work nextChunk(List<Work> chunk) throws InterruptedException {
            Work first = queue.take();
            if (first.record() == null) {
                return first;
            }
            chunk.add(first);
            long bytes = first.bytes();
            while (chunk.size() < chunkSize && bytes < chunkBytes) {
                Work next = queue.peek();
                if (next == null) {
                    return null;
                }
                if (next.record() == null) {
                    return queue.poll();
                }
                if (bytes + next.bytes() > chunkBytes) {
                    return null;
                }
                chunk.add(queue.poll());
                bytes += next.bytes();
            }
            return null;
        }
    }
}
