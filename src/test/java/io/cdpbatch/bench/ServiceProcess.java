package io.cdpbatch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) in a child JVM, prod profile,
 * configured by environment variables only, with samplers of its resident memory and heap.
 */
final class ServiceProcess implements AutoCloseable {

    private final Process process;
    final String baseUrl;
    /** Health and metrics: the management interface, on its own port. */
    final String managementUrl;
    final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceProcess(Process process, String baseUrl, String managementUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.managementUrl = managementUrl;
        this.log = log;
    }

    static ServiceProcess start(Path jar, Path workDir, Map<String, String> env, List<String> jvmOptions, Duration timeout)
            throws IOException, InterruptedException {
        int port = io.cdpbatch.devstack.EmbeddedStack.freePort();
        int managementPort = io.cdpbatch.devstack.EmbeddedStack.freePort();
        Files.createDirectories(workDir);
        Path log = workDir.resolve("service.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // every collection with its pause, for reading a latency tail against the service's pauses
        command.add("-Xlog:gc:file=" + workDir.resolve("gc.log").toAbsolutePath() + ":uptime,level,tags");
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(workDir.toFile());
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        builder.environment().put("BATCH_UPLOAD_WORK_DIR", workDir.resolve("work").toAbsolutePath().toString());
        ServiceProcess service = new ServiceProcess(builder.start(), "http://127.0.0.1:" + port,
                "http://127.0.0.1:" + managementPort, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!service.process.isAlive()) {
                throw new IllegalStateException("The service stopped at start-up; see " + log + ":\n" + tail(log));
            }
            try {
                if (service.status(service.managementUrl + "/q/health/ready") == 200) {
                    return service;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                service.close();
                throw new IllegalStateException(
                        "The service was not ready within " + timeout + "; see " + log + ":\n" + tail(log));
            }
            Thread.sleep(200);
        }
    }

    long pid() {
        return process.pid();
    }

    private int status(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** VmRSS and VmHWM (peak) of the service, in bytes. */
    long[] memory() {
        long rss = 0;
        long hwm = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                }
            }
        } catch (IOException gone) {
            // the process ended
        }
        return new long[] { rss, hwm };
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }

    /** Samples memory until stopped: peak RSS and peak heap seen. */
    final class Sampler implements AutoCloseable {
        final AtomicLong peakRss = new AtomicLong();
        final AtomicLong peakHeap = new AtomicLong();
        private volatile boolean running = true;
        private final Thread rssThread;
        private final Thread heapThread;
        private final Process jstat;

        Sampler() throws IOException {
            rssThread = new Thread(() -> {
                while (running) {
                    peakRss.accumulateAndGet(memory()[0], Math::max);
                    pause(100);
                }
            }, "bench-rss");
            // heap in use from the JVM's performance counters (jstat reads them from shared memory): a request to
            // the service's metrics endpoint would take CPU from the run being measured
            String javaHome = System.getProperty("java.home");
            jstat = new ProcessBuilder(Path.of(javaHome, "bin", "jstat").toString(), "-gc", Long.toString(pid()), "500")
                    .redirectErrorStream(true).start();
            heapThread = new Thread(this::readJstat, "bench-heap");
            rssThread.setDaemon(true);
            heapThread.setDaemon(true);
            rssThread.start();
            heapThread.start();
        }

        /** jstat -gc lines: the used columns of the survivor spaces, eden and the old generation, in KiB. */
        private void readJstat() {
            try (var lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(jstat.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                List<String> header = null;
                String line;
                while ((line = lines.readLine()) != null) {
                    List<String> cells = List.of(line.trim().split("\\s+"));
                    if (cells.contains("EU")) {
                        header = cells;
                        continue;
                    }
                    if (header == null || cells.size() != header.size()) {
                        continue;
                    }
                    double kib = 0;
                    for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                        kib += Double.parseDouble(cells.get(header.indexOf(column)));
                    }
                    peakHeap.accumulateAndGet((long) (kib * 1024), Math::max);
                }
            } catch (IOException | RuntimeException ended) {
                // jstat stopped with the sampler, or the service ended
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            rssThread.join();
            jstat.destroy();
            heapThread.join();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
