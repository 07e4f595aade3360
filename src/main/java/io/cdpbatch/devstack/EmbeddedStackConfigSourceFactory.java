package io.cdpbatch.devstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;

/**
 * In the {@code dev} and {@code test} profiles, points the application at an embedded PostgreSQL
 * and an embedded S3Proxy unless a datasource URL or an S3 endpoint is configured. In any other
 * profile it contributes nothing, so production never starts anything embedded.
 *
 * <p>
 * The servers start lazily, the first time one of their keys is read, so building the application
 * does not start them. Dev mode keeps its database under {@code .dev-data/} of the project (uploaded
 * files stay in memory, see below); tests use throw-away storage.
 */
public class EmbeddedStackConfigSourceFactory implements ConfigSourceFactory {

    static final Set<String> DB_KEYS = Set.of("quarkus.datasource.jdbc.url", "quarkus.datasource.username",
            "quarkus.datasource.password");
    static final Set<String> S3_KEYS = Set.of("quarkus.s3.endpoint-override", "quarkus.s3.aws.region",
            "quarkus.s3.path-style-access", "quarkus.s3.aws.credentials.type",
            "quarkus.s3.aws.credentials.static-provider.access-key-id",
            "quarkus.s3.aws.credentials.static-provider.secret-access-key", "batch.storage.create-bucket");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean dev = profiles.contains("dev");
        if (!dev && !profiles.contains("test")) {
            return List.of();
        }
        if ("false".equalsIgnoreCase(valueOf(context, "batch.embedded.enabled"))) {
            return List.of();
        }
        boolean needDb = isBlank(valueOf(context, "quarkus.datasource.jdbc.url"));
        boolean needS3 = isBlank(valueOf(context, "quarkus.s3.endpoint-override"));
        if (!needDb && !needS3) {
            return List.of();
        }
        Path dataDir = dev ? devDataDir() : null;
        return List.of(new LazySource(
                needDb ? () -> EmbeddedStack.postgres(dataDir == null ? null : dataDir.resolve("postgres"))
                        : null,
                // dev mode keeps the objects of the in-memory store in .dev-data/s3 across restarts
                needS3 ? () -> EmbeddedStack.s3(dataDir == null ? null : dataDir.resolve("s3")) : null));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(50);
    }

    /** Dev mode runs with {@code target/} as its working directory; keep data next to it. */
    static Path devDataDir() {
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path project = cwd.getFileName() != null && cwd.getFileName().toString().equals("target") ? cwd.getParent() : cwd;
        return project.resolve(".dev-data");
    }

    private static String valueOf(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Below application.properties (250) and the environment (300): explicit settings win. */
    private static final class LazySource implements ConfigSource {

        private final Supplier<String> db;
        private final Supplier<String> s3;
        private volatile Map<String, String> values;

        LazySource(Supplier<String> db, Supplier<String> s3) {
            this.db = db;
            this.s3 = s3;
        }

        @Override
        public Set<String> getPropertyNames() {
            var names = new java.util.HashSet<String>();
            if (db != null) {
                names.addAll(DB_KEYS);
            }
            if (s3 != null) {
                names.addAll(S3_KEYS);
            }
            return names;
        }

        @Override
        public String getValue(String propertyName) {
            boolean wanted = (db != null && DB_KEYS.contains(propertyName)) || (s3 != null && S3_KEYS.contains(propertyName));
            if (!wanted) {
                return null;
            }
            return values().get(propertyName);
        }

        private Map<String, String> values() {
            Map<String, String> current = values;
            if (current == null) {
                synchronized (this) {
                    if (values == null) {
                        values = EmbeddedStack.configFor(db == null ? null : db.get(), s3 == null ? null : s3.get());
                    }
                    current = values;
                }
            }
            return current;
        }

        @Override
        public int getOrdinal() {
            return 50;
        }

        @Override
        public String getName() {
            return "cdp-batch embedded stack";
        }
    }
}
