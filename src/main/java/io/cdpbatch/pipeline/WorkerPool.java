package io.cdpbatch.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The workers of one batch. Each has a bounded queue: the reader blocks when a worker falls behind
 * (back-pressure keeps memory bounded). Records with the same routing key always go to the same
 * worker, which applies them in file order; records that touch several guests wait until every
 * worker is idle and are applied alone.
 */
final class WorkerPool implements AutoCloseable {

    private static final Work END = new Work(-1, null, null);
    private static final Work BARRIER = new Work(-2, null, null);

    private final BatchRun run;
    private final ChunkApplier applier;
    private final PipelineMetrics metrics;
    private final int chunkSize;
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    WorkerPool(BatchRun run, ChunkApplier applier, PipelineMetrics metrics, ErrorLog errorLog, int workerCount,
            int queueCapacity, int chunkSize) {
        this.run = run;
        this.applier = applier;
        this.metrics = metrics;
        this.chunkSize = chunkSize;
        for (int i = 0; i < workerCount; i++) {
            Worker worker = new Worker(new ArrayBlockingQueue<>(queueCapacity), errorLog.newSink());
            workers.add(worker);
            Thread thread = new Thread(worker, "batch-" + run.claim().ref().toString().substring(0, 8) + "-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Hands a record to the worker of its routing key; blocks while that worker's queue is full. */
    void submit(Work work, String routingKey) throws InterruptedException {
        Worker worker = workers.get(Math.floorMod(routingKey.hashCode(), workers.size()));
        while (!worker.queue.offer(work, 200, TimeUnit.MILLISECONDS)) {
            run.checkNotStopped();
        }
    }

    /** Waits until every worker applied everything submitted so far, then applies this record alone. */
    void submitAlone(Work work, ErrorLog.Sink sink) throws InterruptedException {
        drain();
        record(List.of(work), applier.apply(run, List.of(work)), sink);
    }

    /** Waits until every worker applied everything submitted so far. */
    void drain() throws InterruptedException {
        CountDownLatch idle = new CountDownLatch(workers.size());
        for (Worker worker : workers) {
            worker.barrier = idle;
            while (!worker.queue.offer(BARRIER, 200, TimeUnit.MILLISECONDS)) {
                run.checkNotStopped();
            }
        }
        while (!idle.await(200, TimeUnit.MILLISECONDS)) {
            run.checkNotStopped();
        }
        run.checkNotStopped();
    }

    /** Ends the workers after what was submitted, and waits for them. */
    void finish() throws InterruptedException {
        for (Worker worker : workers) {
            while (!worker.queue.offer(END, 200, TimeUnit.MILLISECONDS)) {
                run.checkNotStopped();
            }
        }
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                thread.join(200);
                run.checkNotStopped();
            }
        }
        run.checkNotStopped();
    }

    private void record(List<Work> chunk, List<Failure> failures, ErrorLog.Sink sink) {
        for (Failure failure : failures) {
            sink.add(failure);
        }
        run.countFailed(failures.size());
        run.countSucceeded(chunk.size() - failures.size());
        // metrics by schema: a chunk is nearly always of one schema; count failures against it by line
        java.util.Map<String, long[]> bySchema = new java.util.HashMap<>(2);
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
            if (run.dryRun()) {
                metrics.dryRunRecords(schema, counts[0], counts[1]);
            } else {
                metrics.recordsApplied(schema, counts[0]);
                metrics.recordsFailed(schema, counts[1]);
            }
        });
    }

    @Override
    public void close() {
        for (Thread thread : threads) {
            thread.interrupt();
        }
    }

    private final class Worker implements Runnable {
        private final BlockingQueue<Work> queue;
        private final ErrorLog.Sink sink;
        private volatile CountDownLatch barrier;

        Worker(BlockingQueue<Work> queue, ErrorLog.Sink sink) {
            this.queue = queue;
            this.sink = sink;
        }

        @Override
        public void run() {
            List<Work> chunk = new ArrayList<>(chunkSize);
            try (var logContext = BatchLogContext.open(run.claim().tenant().clientKey(), run.claim().ref())) {
                while (true) {
                    Work first = queue.take();
                    chunk.add(first);
                    queue.drainTo(chunk, chunkSize - 1);
                    // a marker ends the chunk: apply what came before it, then act on it
                    int marker = -1;
                    for (int i = 0; i < chunk.size(); i++) {
                        if (chunk.get(i).record() == null) {
                            marker = i;
                            break;
                        }
                    }
                    List<Work> records = marker < 0 ? chunk : chunk.subList(0, marker);
                    if (!records.isEmpty()) {
                        record(records, applier.apply(run, records), sink);
                    }
                    if (marker >= 0) {
                        // The reader submits nothing after a marker until every worker passed it,
                        // so the marker is always the last element of the chunk.
                        Work markerWork = chunk.get(marker);
                        chunk.clear();
                        if (markerWork == END) {
                            return;
                        }
                        barrier.countDown();
                    } else {
                        chunk.clear();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                run.stop(e);
            }
        }
    }
}
