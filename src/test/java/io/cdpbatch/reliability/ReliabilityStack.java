package io.cdpbatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.cdpbatch.devstack.EmbeddedStack;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One PostgreSQL server (fixed port, data on disk: it can be stopped and started again with its
 * data) and one S3Proxy server behind a {@link TcpGate} (closing the gate makes the store
 * unreachable while its objects stay), and application processes from the packaged jar pointed at
 * them. Everything lives under {@code target/reliability/<name>/}; {@link #close()} kills every
 * process it started.
 */
final class ReliabilityStack implements AutoCloseable {

    static final String ADMIN_TOKEN = "reliability-admin-token-0123456789abcdef";

    private final Path dir;
    private final int pgPort = EmbeddedStack.freePort();
    private final int s3Port = EmbeddedStack.freePort();
    private final int s3ProxyPort = EmbeddedStack.freePort();
    private TcpGate s3Gate;
    /** Each instance reaches PostgreSQL through a gate of its own, so one instance's network can be slowed. */
    private final Map<String, TcpGate> dbGates = new HashMap<>();
    private EmbeddedPostgres postgres;
    private EmbeddedStack.S3ProxyProcess s3;
    private final List<AppInstance> instances = new ArrayList<>();

    private ReliabilityStack(Path dir) {
        this.dir = dir;
    }

    /** A fresh stack: the data of an earlier run of the same name is deleted first. */
    static ReliabilityStack start(String name) {
        Path dir = Path.of("target", "reliability", name).toAbsolutePath();
        deleteTree(dir);
        ReliabilityStack stack = new ReliabilityStack(dir);
        try {
            stack.startDatabase();
            stack.startStore();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    // --- PostgreSQL --------------------------------------------------------------------------

    void startDatabase() {
        try {
            postgres = EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(dir.resolve("pg"))
                    .setCleanDataDirectory(false).setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start PostgreSQL", e);
        }
    }

    /** Stops PostgreSQL (fast shutdown: clients are disconnected); its data stays. */
    void stopDatabase() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgres = null;
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), EmbeddedStack.DB_USER, EmbeddedStack.DB_PASSWORD);
    }

    /** Rows of a query as column → value text maps. */
    List<Map<String, String>> query(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = s.executeQuery()) {
                List<Map<String, String>> result = new ArrayList<>();
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(rows.getMetaData().getColumnLabel(i), rows.getString(i));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The batch row of this ref. */
    Map<String, String> batch(String ref) {
        List<Map<String, String>> rows = query("SELECT * FROM batch WHERE ref = ?::uuid", ref);
        assertThat(rows).as("batch %s", ref).hasSize(1);
        return rows.get(0);
    }

    // --- S3Proxy -----------------------------------------------------------------------------

    void startStore() {
        if (s3 == null) {
            // in memory: S3Proxy's filesystem store does not accept the SSE header of the presigned uploads
            s3 = EmbeddedStack.startS3ProxyProcess(null, s3ProxyPort);
        }
        if (s3Gate == null) {
            s3Gate = new TcpGate(s3Port, s3ProxyPort).open();
        }
    }

    /**
     * Makes the store unreachable: its port is closed, open connections are reset and new ones
     * refused, as when the server is down; its objects stay (S3Proxy keeps running behind the gate).
     */
    void stopStore() {
        if (s3Gate != null) {
            s3Gate.close();
            s3Gate = null;
        }
    }

    String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    // --- Application processes ---------------------------------------------------------------

    /** The work directory of an instance ({@code BATCH_UPLOAD_WORK_DIR}): its local disk. */
    Path workDir(String instance) {
        return dir.resolve("work-" + instance);
    }

    /** The gate between an instance and PostgreSQL. */
    TcpGate dbGate(String instance) {
        return dbGates.get(instance);
    }

    /** The environment of an instance: this stack's servers, a bootstrap client, the admin token. */
    Map<String, String> baseEnv(String name) {
        Map<String, String> env = new HashMap<>();
        TcpGate gate = dbGates.computeIfAbsent(name, n -> new TcpGate(EmbeddedStack.freePort(), pgPort).open());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + gate.port() + "/postgres");
        env.put("QUARKUS_DATASOURCE_USERNAME", EmbeddedStack.DB_USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", EmbeddedStack.DB_PASSWORD);
        env.put("QUARKUS_S3_ENDPOINT_OVERRIDE", s3Endpoint());
        env.put("QUARKUS_S3_AWS_REGION", "us-east-1");
        env.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
        env.put("QUARKUS_S3_AWS_CREDENTIALS_TYPE", "static");
        env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", EmbeddedStack.ACCESS_KEY);
        env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", EmbeddedStack.SECRET_KEY);
        env.put("BATCH_STORAGE_CREATE_BUCKET", "true");
        env.put("BATCH_LIFECYCLE_INSTANCE_ID", name);
        env.put("BATCH_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("BATCH_BOOTSTRAP_CLIENT_KEY", "reliability");
        env.put("BATCH_BOOTSTRAP_CLIENT_TOKEN", "reliability-token-0123456789");
        env.put("BATCH_INTAKE_SCAN_INTERVAL", "1s");
        env.put("BATCH_HEALTH_STORE_PROBE_INTERVAL", "1s");
        env.put("BATCH_HEALTH_STORE_PROBE_TIMEOUT", "1s");
        env.put("BATCH_UPLOAD_WORK_DIR", workDir(name).toString());
        env.put("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "20");
        return env;
    }

    /** Starts an instance with the base environment and these overrides; does not wait for it. */
    AppInstance startInstance(String name, Map<String, String> overrides) {
        return startInstance(name, overrides, AppInstance.QUICK_START);
    }

    /** Starts an instance with these JVM options; does not wait for it. */
    AppInstance startInstance(String name, Map<String, String> overrides, List<String> jvmOptions) {
        Map<String, String> env = baseEnv(name);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(EmbeddedStack.freePort()));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(EmbeddedStack.freePort()));
        env.putAll(overrides);
        AppInstance instance = new AppInstance(name, Integer.parseInt(env.get("QUARKUS_HTTP_PORT")), env,
                Path.of("target", "reliability", name + ".log").toAbsolutePath(), jvmOptions);
        try {
            Files.deleteIfExists(Path.of("target", "reliability", name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        instances.add(instance);
        return instance.start();
    }

    /** Starts instances in parallel and waits until every one is ready. */
    List<AppInstance> startInstances(Map<String, String> overrides, String... names) {
        List<AppInstance> started = new ArrayList<>();
        for (String name : names) {
            started.add(startInstance(name, overrides));
        }
        started.forEach(AppInstance::awaitReady);
        return started;
    }

    @Override
    public void close() {
        for (AppInstance instance : instances) {
            try {
                instance.kill();
            } catch (RuntimeException ignored) {
                // keep stopping the rest
            }
        }
        dbGates.values().forEach(TcpGate::close);
        stopStore();
        if (s3 != null) {
            s3.kill();
        }
        try {
            stopDatabase();
        } catch (RuntimeException ignored) {
            // the data directory is deleted by the next run
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
