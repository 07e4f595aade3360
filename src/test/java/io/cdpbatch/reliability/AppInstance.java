package io.cdpbatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * One application process started from the packaged jar ({@code target/quarkus-app/quarkus-run.jar}),
 * configured through its environment like a container, its output in {@code target/reliability/<name>.log}.
 */
final class AppInstance {

    /** The packaged application; {@code -Dcdpbatch.app.jar} points elsewhere (the benchmark runs a snapshot of it). */
    static final Path JAR = Path.of(System.getProperty("cdpbatch.app.jar", "target/quarkus-app/quarkus-run.jar"));
    /** JVM options of most instances: a small heap, and a quick start rather than peak speed. */
    static final List<String> QUICK_START = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Map<String, String> env;
    private final Path log;
    private final List<String> jvmOptions;
    private Process process;

    AppInstance(String name, int port, Map<String, String> env, Path log, List<String> jvmOptions) {
        this.name = name;
        this.port = port;
        this.env = env;
        this.log = log;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The management interface (health, metrics): its own port, QUARKUS_MANAGEMENT_PORT of the environment. */
    String managementUrl() {
        return "http://127.0.0.1:" + env.get("QUARKUS_MANAGEMENT_PORT");
    }

    Process process() {
        return process;
    }

    /** The process id, for its {@code /proc} entries. */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the process (again, appending to the same log). */
    AppInstance start() {
        assertThat(JAR).as("the packaged application (run ./mvnw package first)").isRegularFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
        return this;
    }

    /** Waits until /q/health/ready answers 200. */
    AppInstance awaitReady() {
        Awaitility.await(name + " ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + ", see " + log);
                    }
                    return readyStatus() == 200;
                });
        return this;
    }

    /** The status of /q/health/ready, or -1 when the process does not answer. */
    int readyStatus() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** kill -9: no shutdown hook, no lease release. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }

    /** SIGTERM: the graceful shutdown. */
    void terminate() {
        if (process != null) {
            process.destroy();
        }
    }

    /** Waits for the process to exit; true when it did. */
    boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Everything the process wrote so far. */
    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
