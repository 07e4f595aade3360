package io.cdpbatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks the Kubernetes manifest generated at package (target/kubernetes/kubernetes.yml): the
 * probes, two replicas, resources, the grace period, configuration from the ConfigMap, and secrets
 * only by reference to the Secret.
 */
class KubernetesManifestIT {

    static final Path MANIFEST = Path.of("target/kubernetes/kubernetes.yml");
    static final Set<String> SECRET_ENV = Set.of("QUARKUS_DATASOURCE_PASSWORD", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "BATCH_ADMIN_TOKEN", "BATCH_BOOTSTRAP_CLIENT_TOKEN", "BATCH_WEBHOOKS_ENCRYPTION_KEY");

    static List<JsonNode> resources = new ArrayList<>();
    static String text;

    @BeforeAll
    static void read() throws IOException {
        assertThat(MANIFEST).as("run ./mvnw package first").exists();
        text = Files.readString(MANIFEST);
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(text)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    resources.add(document);
                }
            }
        }
    }

    static JsonNode resource(String kind, String name) {
        return resources.stream()
                .filter(r -> r.path("kind").asText().equals(kind) && r.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("No " + kind + " " + name + " in " + MANIFEST));
    }

    static JsonNode container() {
        JsonNode containers = resource("Deployment", "cdp-batch").path("spec").path("template").path("spec").path("containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    @Test
    void deploymentHasTwoReplicasAndTheThreeProbes() {
        JsonNode deployment = resource("Deployment", "cdp-batch");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        JsonNode container = container();
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/started");
        assertThat(container.path("readinessProbe").path("timeoutSeconds").asInt()).isEqualTo(5);
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8080);
    }

    @Test
    void resourcesAreRequestedAndLimited() {
        JsonNode resources = container().path("resources");
        assertThat(resources.path("requests").path("cpu").asText()).isEqualTo("250m");
        assertThat(resources.path("requests").path("memory").asText()).isEqualTo("512Mi");
        assertThat(resources.path("limits").path("cpu").asText()).isEqualTo("2");
        assertThat(resources.path("limits").path("memory").asText()).isEqualTo("1Gi");
    }

    @Test
    void gracePeriodIsTheShutdownTimeoutPlusTenSeconds() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        Duration shutdown = Duration.parse("PT" + properties.getProperty("quarkus.shutdown.timeout").toUpperCase());
        JsonNode podSpec = resource("Deployment", "cdp-batch").path("spec").path("template").path("spec");
        assertThat(podSpec.path("terminationGracePeriodSeconds").asLong()).isEqualTo(shutdown.plusSeconds(10).toSeconds());
    }

    @Test
    void configurationFromTheConfigMapAndSecretsOnlyByReference() {
        JsonNode container = container();
        List<String> configMaps = new ArrayList<>();
        container.path("envFrom").forEach(e -> configMaps.add(e.path("configMapRef").path("name").asText()));
        assertThat(configMaps).contains("cdp-batch-config");

        List<String> fromSecret = new ArrayList<>();
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText();
            JsonNode ref = env.path("valueFrom").path("secretKeyRef");
            if (SECRET_ENV.contains(name)) {
                assertThat(env.has("value")).as(name + " must not be inline").isFalse();
                assertThat(ref.path("name").asText()).as(name).isEqualTo("cdp-batch-secrets");
                assertThat(ref.path("key").asText()).as(name).isEqualTo(name);
                fromSecret.add(name);
            }
        }
        assertThat(fromSecret).containsExactlyInAnyOrderElementsOf(SECRET_ENV);

        JsonNode configMap = resource("ConfigMap", "cdp-batch-config").path("data");
        configMap.fieldNames().forEachRemaining(key -> assertThat(key).doesNotContainIgnoringCase("password")
                .doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("token"));
        assertThat(configMap.path("QUARKUS_DATASOURCE_JDBC_URL").asText()).startsWith("jdbc:postgresql://");

        // No kind: Secret with data in the manifest, and no known dev or test secret anywhere in it.
        assertThat(resources).noneMatch(r -> r.path("kind").asText().equals("Secret"));
        assertThat(text).doesNotContain("dev-token-change-me").doesNotContain("dev-admin-token")
                .doesNotContain("local-secret-key");
    }

    @Test
    void podDisruptionBudgetKeepsOneReplica() {
        JsonNode budget = resource("PodDisruptionBudget", "cdp-batch");
        assertThat(budget.path("spec").path("minAvailable").asInt()).isEqualTo(1);
        assertThat(budget.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText())
                .isEqualTo("cdp-batch");
        assertThat(resource("Deployment", "cdp-batch").path("spec").path("template").path("metadata").path("labels")
                .path("app.kubernetes.io/name").asText()).isEqualTo("cdp-batch");
    }
}
