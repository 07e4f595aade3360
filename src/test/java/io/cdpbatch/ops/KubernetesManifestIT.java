package io.cdpbatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks the Kubernetes manifest generated at package (target/kubernetes/kubernetes.yml): the
 * probes on the management port, two replicas, resources, the grace period, configuration from the
 * ConfigMap, secrets only by reference to the Secret, and the restricted Pod Security fields.
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
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(container.path(probe).path("httpGet").path("port").asInt()).as(probe + " on the management port")
                    .isEqualTo(9000);
        }
        assertThat(containerPorts(container)).containsExactlyInAnyOrderEntriesOf(Map.of("http", 8080, "management", 9000));
    }

    /** Health and metrics answer on the management port only, and only inside the cluster: the Service leaves it out. */
    @Test
    void managementPortIsScrapedButNotPublished() throws IOException {
        assertThat(applicationProperties().getProperty("quarkus.management.enabled")).isEqualTo("true");
        JsonNode annotations = resource("Deployment", "cdp-batch").path("spec").path("template").path("metadata")
                .path("annotations");
        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo("9000");
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
        List<Integer> servicePorts = new ArrayList<>();
        resource("Service", "cdp-batch").path("spec").path("ports")
                .forEach(p -> servicePorts.add(p.path("targetPort").asInt()));
        assertThat(servicePorts).containsExactly(8080);
    }

    /** The restricted Pod Security Standard, and a root filesystem nothing can write to but two bounded emptyDirs. */
    @Test
    void podMeetsTheRestrictedPodSecurityStandard() {
        JsonNode podSpec = resource("Deployment", "cdp-batch").path("spec").path("template").path("spec");
        assertThat(podSpec.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(podSpec.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        JsonNode security = container().path("securityContext");
        assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
        List<String> dropped = new ArrayList<>();
        security.path("capabilities").path("drop").forEach(c -> dropped.add(c.asText()));
        assertThat(dropped).containsExactly("ALL");
        assertThat(security.path("capabilities").has("add")).isFalse();
        assertThat(podSpec.has("hostNetwork") || podSpec.has("hostPID") || podSpec.has("hostIPC")).isFalse();
        // no Kubernetes API token in the pod: the service never calls the API
        assertThat(podSpec.path("serviceAccountName").asText()).isEqualTo("cdp-batch");
        assertThat(podSpec.path("automountServiceAccountToken").isBoolean()).isTrue();
        assertThat(podSpec.path("automountServiceAccountToken").asBoolean()).isFalse();
        assertThat(resource("ServiceAccount", "cdp-batch").path("automountServiceAccountToken").asBoolean()).isFalse();
    }

    @Test
    void workDirectoryAndTmpAreBoundedEmptyDirs() {
        JsonNode podSpec = resource("Deployment", "cdp-batch").path("spec").path("template").path("spec");
        Map<String, String> sizeLimits = new HashMap<>();
        for (JsonNode volume : podSpec.path("volumes")) {
            assertThat(volume.has("emptyDir")).as("volume " + volume.path("name").asText() + " is an emptyDir").isTrue();
            sizeLimits.put(volume.path("name").asText(), volume.path("emptyDir").path("sizeLimit").asText());
        }
        assertThat(sizeLimits).containsExactlyInAnyOrderEntriesOf(Map.of("work", "2Gi", "tmp", "256Mi"));

        Map<String, String> mounts = new HashMap<>();
        container().path("volumeMounts").forEach(m -> mounts.put(m.path("name").asText(), m.path("mountPath").asText()));
        String workDir = resource("ConfigMap", "cdp-batch-config").path("data").path("BATCH_UPLOAD_WORK_DIR").asText();
        assertThat(mounts).containsExactlyInAnyOrderEntriesOf(Map.of("work", workDir, "tmp", "/tmp"));

        // Requested and limited: at least both emptyDirs, and the limit above the request (room for the logs).
        JsonNode resources = container().path("resources");
        long request = mebibytes(resources.path("requests").path("ephemeral-storage").asText());
        long limit = mebibytes(resources.path("limits").path("ephemeral-storage").asText());
        assertThat(request).isEqualTo(mebibytes("2Gi") + mebibytes("256Mi"));
        assertThat(limit).isGreaterThan(request);
    }

    /** A JVM hit by OutOfMemoryError exits and is restarted; the image's own options are kept. */
    @Test
    void jvmExitsOnOutOfMemoryError() throws IOException {
        String javaOpts = resource("ConfigMap", "cdp-batch-config").path("data").path("JAVA_OPTS_APPEND").asText();
        assertThat(javaOpts.split(" ")).contains("-XX:+ExitOnOutOfMemoryError",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-XX:MaxRAMPercentage=75.0");
        // the image the manifest runs (Jib) carries the option too, for whoever runs it without the ConfigMap
        assertThat(applicationProperties().getProperty("quarkus.jib.jvm-additional-arguments"))
                .contains("-XX:+ExitOnOutOfMemoryError");
    }

    /**
     * The Helm chart (deploy/helm/cdp-batch, kept by hand) and the generated manifest describe the same pod: with the
     * chart's defaults, every setting they share is equal.
     */
    @Test
    void helmChartDefaultsAgreeWithTheGeneratedManifest() throws IOException {
        HelmChartTest.Rendered chart = HelmChartTest.render(Map.of());
        JsonNode generatedPod = resource("Deployment", "cdp-batch").path("spec").path("template").path("spec");
        JsonNode chartPod = chart.podSpec();
        JsonNode generated = container();
        JsonNode charted = chart.container();

        assertThat(chart.get("Deployment", HelmChartTest.RELEASE).path("spec").path("replicas"))
                .isEqualTo(resource("Deployment", "cdp-batch").path("spec").path("replicas"));
        assertThat(charted.path("resources")).isEqualTo(generated.path("resources"));
        assertThat(charted.path("securityContext")).isEqualTo(generated.path("securityContext"));
        assertThat(chartPod.path("securityContext")).isEqualTo(generatedPod.path("securityContext"));
        assertThat(chartPod.path("volumes")).isEqualTo(generatedPod.path("volumes"));
        assertThat(charted.path("volumeMounts")).isEqualTo(generated.path("volumeMounts"));
        assertThat(chartPod.path("terminationGracePeriodSeconds"))
                .isEqualTo(generatedPod.path("terminationGracePeriodSeconds"));
        assertThat(chartPod.path("serviceAccountName")).isEqualTo(generatedPod.path("serviceAccountName"));
        assertThat(chartPod.path("automountServiceAccountToken")).isEqualTo(generatedPod.path("automountServiceAccountToken"));
        assertThat(containerPorts(charted)).isEqualTo(containerPorts(generated));
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            JsonNode mine = charted.path(probe);
            JsonNode theirs = generated.path(probe);
            assertThat(mine.path("httpGet").path("path")).as(probe).isEqualTo(theirs.path("httpGet").path("path"));
            assertThat(mine.path("httpGet").path("port").asText()).as(probe).isEqualTo("management");
            for (String field : List.of("periodSeconds", "timeoutSeconds", "failureThreshold")) {
                assertThat(mine.path(field)).as(probe + "." + field).isEqualTo(theirs.path(field));
            }
        }
        assertThat(chart.get("PodDisruptionBudget", HelmChartTest.RELEASE).path("spec").path("minAvailable"))
                .isEqualTo(resource("PodDisruptionBudget", "cdp-batch").path("spec").path("minAvailable"));

        // the same settings, by the same names, and the same secrets from a Secret of the same name
        JsonNode generatedConfig = resource("ConfigMap", "cdp-batch-config").path("data");
        JsonNode chartConfig = chart.get("ConfigMap", HelmChartTest.RELEASE + "-config").path("data");
        generatedConfig.fieldNames().forEachRemaining(
                key -> assertThat(chartConfig.path(key)).as(key).isEqualTo(generatedConfig.path(key)));
        Map<String, JsonNode> chartEnv = chart.env();
        for (String name : SECRET_ENV) {
            JsonNode ref = chartEnv.get(name).path("valueFrom").path("secretKeyRef");
            assertThat(ref.path("name").asText()).as(name).isEqualTo("cdp-batch-secrets");
            assertThat(ref.path("key").asText()).as(name).isEqualTo(name);
        }
        assertThat(chartEnv.keySet()).containsAll(SECRET_ENV);
    }

    static Map<String, Integer> containerPorts(JsonNode container) {
        Map<String, Integer> ports = new HashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        return ports;
    }

    /** "2Gi", "256Mi" as MiB. */
    static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        assertThat(quantity).endsWith("Mi");
        return Long.parseLong(quantity.substring(0, quantity.length() - 2));
    }

    static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            properties.load(reader);
        }
        return properties;
    }

    @Test
    void resourcesAreRequestedAndLimited() {
        JsonNode resources = container().path("resources");
        assertThat(resources.path("requests").path("cpu").asText()).isEqualTo("250m");
        assertThat(resources.path("requests").path("memory").asText()).isEqualTo("512Mi");
        assertThat(resources.path("limits").path("cpu").asText()).isEqualTo("2");
        assertThat(resources.path("limits").path("memory").asText()).isEqualTo("1Gi");
    }

    /** The generated Deployment keeps the whole shutdown budget: HTTP drain, batch grace, wind-down. */
    @Test
    void gracePeriodHoldsTheShutdownBudget() throws Exception {
        Properties properties = applicationProperties();
        Duration shutdown = Duration.parse("PT" + properties.getProperty("quarkus.shutdown.timeout").toUpperCase());
        Duration batchGrace = Duration.parse("PT" + io.cdpbatch.lifecycle.LifecycleConfig.class.getMethod("shutdownGrace")
                .getAnnotation(io.smallrye.config.WithDefault.class).value().toUpperCase());
        Duration windDown = Duration.ofSeconds(5);
        JsonNode podSpec = resource("Deployment", "cdp-batch").path("spec").path("template").path("spec");
        assertThat(podSpec.path("terminationGracePeriodSeconds").asLong())
                .isGreaterThan(shutdown.plus(batchGrace).plus(windDown).toSeconds());
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
