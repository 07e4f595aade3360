package io.cdpbatch.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * A PostgreSQL server and an S3Proxy server started on this machine, for dev mode and tests when
 * no real ones are configured. Both live as long as the JVM that started them.
 *
 * <p>
 * The state lives in system properties rather than static fields because Quarkus builds its
 * configuration in several class loaders (augmentation, runtime, every dev-mode reload): one JVM
 * must start one stack, whichever class loader asks first.
 */
public final class EmbeddedStack {

    private static final Logger LOG = Logger.getLogger(EmbeddedStack.class);

    static final String JDBC_URL = "cdpbatch.embedded.jdbc-url";
    static final String S3_ENDPOINT = "cdpbatch.embedded.s3-endpoint";
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";
    public static final String DB_USER = "postgres";
    public static final String DB_PASSWORD = "postgres";

    private EmbeddedStack() {
    }

    /** Starts PostgreSQL once per JVM and returns its JDBC URL. */
    public static String postgres(Path dataDir) {
        synchronized (System.getProperties()) {
            String url = System.getProperty(JDBC_URL);
            if (url == null) {
                url = EmbeddedPostgresLauncher.start(dataDir);
                System.setProperty(JDBC_URL, url);
            }
            return url;
        }
    }

    /**
     * Starts S3Proxy once per JVM and returns its endpoint.
     *
     * @param dataDir where objects are kept, or {@code null} for an in-memory store
     */
    public static String s3(Path dataDir) {
        synchronized (System.getProperties()) {
            String endpoint = System.getProperty(S3_ENDPOINT);
            if (endpoint == null) {
                endpoint = startS3Proxy(dataDir);
                System.setProperty(S3_ENDPOINT, endpoint);
            }
            return endpoint;
        }
    }

    /** The configuration that points the application at the embedded servers. */
    public static Map<String, String> configFor(String jdbcUrl, String s3Endpoint) {
        var config = new java.util.HashMap<String, String>();
        if (jdbcUrl != null) {
            config.put("quarkus.datasource.jdbc.url", jdbcUrl);
            config.put("quarkus.datasource.username", DB_USER);
            config.put("quarkus.datasource.password", DB_PASSWORD);
        }
        if (s3Endpoint != null) {
            config.put("quarkus.s3.endpoint-override", s3Endpoint);
            config.put("quarkus.s3.aws.region", "us-east-1");
            config.put("quarkus.s3.path-style-access", "true");
            config.put("quarkus.s3.aws.credentials.type", "static");
            config.put("quarkus.s3.aws.credentials.static-provider.access-key-id", ACCESS_KEY);
            config.put("quarkus.s3.aws.credentials.static-provider.secret-access-key", SECRET_KEY);
            config.put("batch.storage.create-bucket", "true");
        }
        return config;
    }

    /** Starts a new S3Proxy child JVM (not shared); callers own the returned process. */
    public static S3ProxyProcess startS3ProxyProcess(Path dataDir, int port) {
        Path jar = locateS3ProxyJar();
        try {
            Path work = Files.createTempDirectory("cdpbatch-s3proxy");
            Properties props = new Properties();
            props.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
            props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            props.setProperty("s3proxy.identity", ACCESS_KEY);
            props.setProperty("s3proxy.credential", SECRET_KEY);
            props.setProperty("jclouds.identity", ACCESS_KEY);
            props.setProperty("jclouds.credential", SECRET_KEY);
            if (dataDir == null) {
                props.setProperty("jclouds.provider", "transient");
            } else {
                Files.createDirectories(dataDir);
                props.setProperty("jclouds.provider", "filesystem");
                props.setProperty("jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
            }
            Path propsFile = work.resolve("s3proxy.properties");
            try (var out = Files.newOutputStream(propsFile)) {
                props.store(out, "cdp-batch embedded S3Proxy");
            }
            Path log = work.resolve("s3proxy.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--properties", propsFile.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            S3ProxyProcess proxy = new S3ProxyProcess(process, "http://127.0.0.1:" + port, port, log);
            awaitPort(port, process, log, Duration.ofSeconds(90));
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start S3Proxy", e);
        }
    }

    /**
     * Starts the in-memory S3Proxy (the only S3Proxy store that accepts the SSE header clients
     * send). With a snapshot folder (dev mode), the objects are put back from it at start and copied
     * to it every few seconds and at exit, so uploads and error logs survive a restart of dev mode.
     */
    private static String startS3Proxy(Path snapshotDir) {
        S3ProxyProcess proxy = startS3ProxyProcess(null, freePort());
        if (snapshotDir == null) {
            Runtime.getRuntime().addShutdownHook(new Thread(proxy::stop, "embedded-s3proxy-stop"));
            LOG.infof("Embedded S3Proxy started at %s (in-memory store)", proxy.endpoint());
            return proxy.endpoint();
        }
        StoreSnapshot snapshot = new StoreSnapshot(proxy.endpoint(), snapshotDir);
        int restored = snapshot.restore();
        snapshot.keepInSync(() -> {
            snapshot.close();
            proxy.stop();
        });
        LOG.infof("Embedded S3Proxy started at %s (in memory; %d objects restored from %s, kept in sync there)",
                proxy.endpoint(), restored, snapshotDir.toAbsolutePath());
        return proxy.endpoint();
    }

    static Path locateS3ProxyJar() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("cdpbatch.s3proxy.jar");
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        candidates.add(cwd.resolve("target/s3proxy/s3proxy.jar"));
        candidates.add(cwd.resolve("s3proxy/s3proxy.jar"));
        if (cwd.getParent() != null) {
            candidates.add(cwd.getParent().resolve("target/s3proxy/s3proxy.jar"));
        }
        String repo = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        candidates.add(Path.of(repo, "org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar"));
        return candidates.stream().filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new IllegalStateException("The S3Proxy jar was not found (looked at " + candidates
                        + "). Run './mvnw generate-resources' once to fetch it, or configure a real store with "
                        + "QUARKUS_S3_ENDPOINT_OVERRIDE."));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void awaitPort(int port, Process process, Path log, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ", see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    TimeUnit.MILLISECONDS.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for S3Proxy", e);
                }
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("S3Proxy did not open port " + port + " within " + timeout + ", see " + log);
    }

    /** A running S3Proxy child process. */
    public record S3ProxyProcess(Process process, String endpoint, int port, Path log) {

        public void stop() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        public void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
