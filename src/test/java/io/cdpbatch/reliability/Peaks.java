package io.cdpbatch.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peaks of an application process while a hostile file is processed: resident memory
 * ({@code VmRSS} of {@code /proc/<pid>/status}), heap in use ({@code jvm_memory_used_bytes} of the
 * heap pools, from {@code /q/metrics}), bytes under its work directory, and the answers of
 * {@code /q/health/ready}. Sampled on a schedule: each figure is a maximum that must stay under a
 * bound, so a sample missed between two ticks can only make it lower, never make a test pass that
 * should fail on a bound it did see exceeded.
 */
final class Peaks implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String HEAP_PREFIX = "jvm_memory_used_bytes{";
    private static final String LIVE_NAME = "jvm_gc_live_data_size_bytes";

    private final AppInstance instance;
    private final Path workDir;
    private final long diskBaseline;
    private final ScheduledExecutorService sampler = Executors.newScheduledThreadPool(3, runnable -> {
        Thread thread = new Thread(runnable, "hostile-peaks");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong rss = new AtomicLong();
    private final AtomicLong heap = new AtomicLong();
    private final AtomicLong liveHeap = new AtomicLong();
    private final long cpuAtStart;
    /** The live heap of the last full collection before the file: later values are of collections during it. */
    private final double liveAtStart;
    private volatile boolean fullCollection;
    private final AtomicLong disk = new AtomicLong();
    private final AtomicLong readyAnswers = new AtomicLong();
    private final AtomicLong readyOther = new AtomicLong();
    private volatile String lastReadyOther;

    /**
     * What was seen: peaks in bytes ({@code disk} above what the work directory held at the start;
     * {@code liveHeap} the heap still in use after a full collection during the file, 0 when none
     * happened), and the CPU time the process used.
     */
    record Seen(long rss, long heap, long liveHeap, long disk, long cpuMillis, long readyAnswers, long readyOther,
            String lastReadyOther) {
    }

    private Peaks(AppInstance instance, Path workDir) {
        this.instance = instance;
        this.workDir = workDir;
        this.diskBaseline = bytesUnder(workDir);
        this.cpuAtStart = cpuMillis(instance.pid());
        this.liveAtStart = metrics(instance, HEAP_PREFIX, LIVE_NAME).getOrDefault("live", -1.0);
    }

    /** Starts sampling this instance and its work directory. */
    static Peaks watch(AppInstance instance, Path workDir) {
        Peaks peaks = new Peaks(instance, workDir);
        peaks.sampler.scheduleWithFixedDelay(peaks::sampleRssAndDisk, 0, 100, TimeUnit.MILLISECONDS);
        peaks.sampler.scheduleWithFixedDelay(peaks::sampleHeap, 0, 500, TimeUnit.MILLISECONDS);
        peaks.sampler.scheduleWithFixedDelay(peaks::sampleReady, 0, 1000, TimeUnit.MILLISECONDS);
        return peaks;
    }

    /** Stops sampling and returns the peaks; one last sample of each is taken first. */
    Seen stop() {
        sampler.shutdown();
        try {
            if (!sampler.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The sampler did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        sampleRssAndDisk();
        sampleHeap();
        long cpu = cpuMillis(instance.pid()) - cpuAtStart;
        return new Seen(rss.get(), heap.get(), liveHeap.get(), disk.get(), cpu, readyAnswers.get(), readyOther.get(),
                lastReadyOther);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    private void sampleRssAndDisk() {
        rss.accumulateAndGet(residentBytes(instance.pid()), Math::max);
        disk.accumulateAndGet(Math.max(0, bytesUnder(workDir) - diskBaseline), Math::max);
    }

    private void sampleHeap() {
        Map<String, Double> metrics = metrics(instance, HEAP_PREFIX, LIVE_NAME);
        heap.accumulateAndGet(metrics.getOrDefault("heap", -1.0).longValue(), Math::max);
        double live = metrics.getOrDefault("live", liveAtStart);
        fullCollection |= live != liveAtStart;
        if (fullCollection) {
            liveHeap.accumulateAndGet((long) live, Math::max);
        }
    }

    private void sampleReady() {
        int status = instance.readyStatus();
        readyAnswers.incrementAndGet();
        if (status != 200) {
            readyOther.incrementAndGet();
            lastReadyOther = String.valueOf(status);
        }
    }

    /** VmRSS of a process, in bytes; 0 once it is gone. */
    static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return 0;
        } catch (IOException gone) {
            return 0;
        }
    }

    /**
     * From {@code /q/metrics}: {@code heap}, the sum of {@code jvm_memory_used_bytes} over the heap pools, and
     * {@code live}, {@code jvm_gc_live_data_size_bytes} (the old generation after the last full collection);
     * empty when the instance does not answer.
     */
    static Map<String, Double> metrics(AppInstance instance, String heapPrefix, String liveName) {
        Map<String, Double> values = new HashMap<>();
        try {
            HttpResponse<String> response = HTTP
                    .send(HttpRequest.newBuilder(URI.create(instance.managementUrl() + "/q/metrics"))
                            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            for (String line : response.body().split("\n")) {
                double value;
                try {
                    value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } catch (NumberFormatException notASample) {
                    continue;
                }
                if (line.startsWith(heapPrefix) && line.contains("area=\"heap\"")) {
                    values.merge("heap", value, Double::sum);
                } else if (line.startsWith(liveName)) {
                    values.put("live", value);
                }
            }
        } catch (IOException | RuntimeException e) {
            return values;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return values;
    }

    /** User and system CPU time of a process, in milliseconds (clock ticks of 10 ms); 0 once it is gone. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the fields after the command, which is in parentheses and may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** Bytes of the regular files under a directory; files that vanish while it is walked count for nothing. */
    static long bytesUnder(Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        AtomicLong total = new AtomicLong();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    total.addAndGet(attributes.size());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            return total.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total.get();
    }
}
