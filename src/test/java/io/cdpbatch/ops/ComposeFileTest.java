package io.cdpbatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * compose.yaml, read as Docker Compose reads it (no Docker here): PostgreSQL, the store with an init step creating the
 * bucket, the service built from this repository, each with a health check, wired with documented settings, and the
 * URL and credentials the documentation gives.
 */
class ComposeFileTest {

    static final Path COMPOSE = Path.of("compose.yaml");
    static final Pattern ENV_COLUMN = Pattern.compile("^\\|\\s*`[^`]+`\\s*\\|\\s*`([A-Z0-9_]+)`");

    static JsonNode services;

    @BeforeAll
    static void read() throws IOException {
        services = new YAMLMapper().readTree(COMPOSE.toFile()).path("services");
    }

    static JsonNode service() {
        return services.path("cdp-batch");
    }

    static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        service().path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    /** The environment variables of the configuration page's tables (their second column). */
    static Set<String> documentedVariables() throws IOException {
        Set<String> names = new HashSet<>();
        for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
            Matcher matcher = ENV_COLUMN.matcher(line);
            if (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    @Test
    void theStackIsPostgresTheStoreItsBucketAndTheServiceBuiltHere() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("postgres", "store", "store-init", "cdp-batch");
        assertThat(services.path("postgres").path("image").asText()).startsWith("postgres:");

        JsonNode build = service().path("build");
        assertThat(build.path("context").asText()).isEqualTo(".");
        assertThat(Path.of(build.path("dockerfile").asText())).isEqualTo(Path.of("src/main/docker/Dockerfile.jvm"))
                .isRegularFile();

        // the bucket the service uses is the one the init step creates, once the store is healthy
        JsonNode init = services.path("store-init");
        assertThat(init.path("depends_on").path("store").path("condition").asText()).isEqualTo("service_healthy");
        List<String> entrypoint = new ArrayList<>();
        init.path("entrypoint").forEach(part -> entrypoint.add(part.asText()));
        assertThat(String.join(" ", entrypoint))
                .contains("mc mb --ignore-existing local/" + environment().get("BATCH_STORAGE_BUCKET"));

        JsonNode dependsOn = service().path("depends_on");
        assertThat(dependsOn.path("postgres").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(dependsOn.path("store-init").path("condition").asText()).isEqualTo("service_completed_successfully");
    }

    @Test
    void everyLongRunningContainerHasAHealthCheck() {
        for (String name : List.of("postgres", "store", "cdp-batch")) {
            JsonNode test = services.path(name).path("healthcheck").path("test");
            assertThat(test.isArray() && test.size() > 1).as(name + " health check").isTrue();
        }
        // the service's: readiness on the management port
        List<String> test = new ArrayList<>();
        service().path("healthcheck").path("test").forEach(part -> test.add(part.asText()));
        assertThat(String.join(" ", test)).contains("/dev/tcp/127.0.0.1/9000", "GET /q/health/ready ");
        assertThat(environment()).doesNotContainKey("QUARKUS_MANAGEMENT_PORT");
    }

    /** Every variable the service gets is a configuration setting the documentation lists. */
    @Test
    void theServiceIsConfiguredWithDocumentedSettingsOnly() throws IOException {
        Set<String> documented = documentedVariables();
        assertThat(documented).contains("QUARKUS_DATASOURCE_JDBC_URL", "BATCH_STORAGE_BUCKET");
        assertThat(environment().keySet()).allSatisfy(name -> assertThat(documented).as(name).contains(name));

        Map<String, String> env = environment();
        JsonNode postgres = services.path("postgres").path("environment");
        assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL"))
                .isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.path("POSTGRES_DB").asText());
        assertThat(env.get("QUARKUS_DATASOURCE_USERNAME")).isEqualTo(postgres.path("POSTGRES_USER").asText());
        assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD")).isEqualTo(postgres.path("POSTGRES_PASSWORD").asText());
        JsonNode store = services.path("store").path("environment");
        assertThat(env.get("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID"))
                .isEqualTo(store.path("MINIO_ROOT_USER").asText());
        assertThat(env.get("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY"))
                .isEqualTo(store.path("MINIO_ROOT_PASSWORD").asText());
        assertThat(env.get("QUARKUS_S3_AWS_CREDENTIALS_TYPE")).isEqualTo("static");
        assertThat(env.get("QUARKUS_S3_PATH_STYLE_ACCESS")).isEqualTo("true");
    }

    /**
     * Presigned URLs point at the store's endpoint, so the laptop and the service must both reach it by the same
     * address: the service shares the store container's network and the endpoint is that container's localhost, on
     * the port the store listens on and publishes.
     */
    @Test
    void theStoreEndpointIsTheSameForTheLaptopAndTheService() {
        assertThat(service().path("network_mode").asText()).isEqualTo("service:store");
        List<String> command = new ArrayList<>();
        services.path("store").path("command").forEach(c -> command.add(c.asText()));
        String address = command.get(command.indexOf("--address") + 1);
        String port = address.substring(address.lastIndexOf(':') + 1);
        assertThat(environment().get("QUARKUS_S3_ENDPOINT_OVERRIDE")).isEqualTo("http://localhost:" + port);
        assertThat(publishedPorts()).containsEntry(port, port).containsEntry("8080", "8080").containsEntry("9000", "9000");
        assertThat(service().has("ports")).as("ports of a shared network are published by the store").isFalse();
    }

    /** The address and the credentials docs/kubernetes.md gives for the compose stack are those of compose.yaml. */
    @Test
    void theDocumentationGivesThisStacksUrlAndCredentials() throws IOException {
        String docs = Files.readString(Path.of("docs/kubernetes.md"));
        String section = docs.substring(docs.indexOf("## Docker Compose"));
        section = section.substring(0, section.indexOf("\n## ", 3) < 0 ? section.length() : section.indexOf("\n## ", 3));
        Map<String, String> env = environment();
        assertThat(publishedPorts()).containsEntry("8080", "8080");
        assertThat(section).contains("http://localhost:8080", "http://localhost:9000/q/health",
                "`" + env.get("BATCH_BOOTSTRAP_CLIENT_KEY") + "`", "`" + env.get("BATCH_BOOTSTRAP_CLIENT_TOKEN") + "`",
                "`" + env.get("BATCH_ADMIN_TOKEN") + "`", "docker compose up");
    }

    /** host port -> container port of the store's published ports ("[ip:]host:container"). */
    static Map<String, String> publishedPorts() {
        Map<String, String> ports = new HashMap<>();
        services.path("store").path("ports").forEach(p -> {
            String[] parts = p.asText().split(":");
            ports.put(parts[parts.length - 2], parts[parts.length - 1]);
        });
        return ports;
    }
}
