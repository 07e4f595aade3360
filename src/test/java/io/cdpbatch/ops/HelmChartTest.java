package io.cdpbatch.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/**
 * The Helm chart of deploy/helm/cdp-batch, rendered by Helm's own engine (helm-java bundles the Helm library)
 * with its default values and with every option on, then read back as YAML.
 */
class HelmChartTest {

    static final Path CHART = Path.of("deploy/helm/cdp-batch");
    static final String RELEASE = "cdp-batch";
    /** The cluster version the chart is rendered for (it requires 1.25 or later: restricted Pod Security). */
    static final String KUBE_VERSION = "v1.30.0";

    /** One rendering: the resources by "Kind/name". */
    record Rendered(Map<String, JsonNode> resources) {

        JsonNode get(String kind, String name) {
            JsonNode resource = resources.get(kind + "/" + name);
            assertThat(resource).as(kind + " " + name + " in " + resources.keySet()).isNotNull();
            return resource;
        }

        List<String> kinds() {
            return resources.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).sorted().toList();
        }

        JsonNode podSpec() {
            return get("Deployment", RELEASE).path("spec").path("template").path("spec");
        }

        JsonNode container() {
            JsonNode containers = podSpec().path("containers");
            assertThat(containers.size()).isEqualTo(1);
            return containers.get(0);
        }

        /** The container's env entries by name. */
        Map<String, JsonNode> env() {
            Map<String, JsonNode> env = new HashMap<>();
            container().path("env").forEach(e -> env.put(e.path("name").asText(), e));
            return env;
        }
    }

    static Rendered render(Map<String, Object> values) throws IOException {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace("batch")
                .withKubeVersion(KUBE_VERSION);
        values.forEach(template::set);
        return parse(template.call());
    }

    static Rendered parse(String yaml) throws IOException {
        Map<String, JsonNode> resources = new HashMap<>();
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    String key = document.path("kind").asText() + "/" + document.path("metadata").path("name").asText();
                    assertThat(resources.put(key, document)).as("one " + key).isNull();
                }
            }
        }
        return new Rendered(resources);
    }

    @Test
    void theChartLintsCleanly() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void defaultsRenderTheRestrictedDeploymentAndNothingOptional() throws IOException {
        Rendered chart = render(Map.of());

        assertThat(chart.kinds()).containsExactly("ConfigMap", "Deployment", "PodDisruptionBudget", "Service",
                "ServiceAccount");
        JsonNode deployment = chart.get("Deployment", RELEASE);
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        JsonNode container = chart.container();
        assertThat(container.path("image").asText()).isEqualTo("ghcr.io/cdp-batch/cdp-batch:1.0.0-SNAPSHOT");

        // restricted Pod Security
        JsonNode pod = chart.podSpec();
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
        JsonNode security = container.path("securityContext");
        assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("capabilities").path("drop").get(0).asText()).isEqualTo("ALL");
        assertThat(pod.path("automountServiceAccountToken").isBoolean()).isTrue();
        assertThat(pod.path("automountServiceAccountToken").asBoolean()).isFalse();
        assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isEqualTo(40);

        // resources, bounded disk: two emptyDirs with sizeLimits, the work dir where the service is told it is
        JsonNode resources = container.path("resources");
        assertThat(resources.path("requests").path("ephemeral-storage").asText()).isEqualTo("2304Mi");
        assertThat(resources.path("limits").path("ephemeral-storage").asText()).isEqualTo("2560Mi");
        assertThat(resources.path("limits").path("memory").asText()).isEqualTo("1Gi");
        Map<String, String> sizeLimits = new HashMap<>();
        pod.path("volumes")
                .forEach(v -> sizeLimits.put(v.path("name").asText(), v.path("emptyDir").path("sizeLimit").asText()));
        assertThat(sizeLimits).containsExactlyInAnyOrderEntriesOf(Map.of("work", "2Gi", "tmp", "256Mi"));
        Map<String, String> mounts = new HashMap<>();
        container.path("volumeMounts").forEach(m -> mounts.put(m.path("name").asText(), m.path("mountPath").asText()));
        JsonNode config = chart.get("ConfigMap", RELEASE + "-config").path("data");
        assertThat(mounts).containsExactlyInAnyOrderEntriesOf(
                Map.of("work", config.path("BATCH_UPLOAD_WORK_DIR").asText(), "tmp", "/tmp"));
        assertThat(config.path("JAVA_OPTS_APPEND").asText().split(" ")).contains("-XX:+ExitOnOutOfMemoryError",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");

        // probes and scrape annotations on the management port, which the Service does not publish
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(container.path(probe).path("httpGet").path("port").asText()).as(probe).isEqualTo("management");
        }
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(container.path("ports").findValuesAsText("containerPort")).containsExactlyInAnyOrder("8080", "9000");
        assertThat(config.path("QUARKUS_MANAGEMENT_PORT").asText()).isEqualTo("9000");
        JsonNode annotations = deployment.path("spec").path("template").path("metadata").path("annotations");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo("9000");
        assertThat(chart.get("Service", RELEASE).path("spec").path("ports").findValuesAsText("targetPort"))
                .containsExactly("http");

        // settings: database and store from the values, secrets only by reference to an existing Secret
        assertThat(config.path("QUARKUS_DATASOURCE_JDBC_URL").asText()).isEqualTo("jdbc:postgresql://postgres:5432/cdpbatch");
        assertThat(config.path("BATCH_STORAGE_BUCKET").asText()).isEqualTo("cdp-batch");
        assertThat(config.has("QUARKUS_S3_ENDPOINT_OVERRIDE")).isFalse();
        // arrivals by the scan alone, tracing off
        assertThat(config.has("BATCH_INTAKE_EVENTS_QUEUE_URL")).isFalse();
        assertThat(config.has("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")).isFalse();
        Map<String, JsonNode> env = chart.env();
        JsonNode password = env.get("QUARKUS_DATASOURCE_PASSWORD").path("valueFrom").path("secretKeyRef");
        assertThat(password.path("name").asText()).isEqualTo("cdp-batch-secrets");
        assertThat(password.has("optional")).isFalse();
        for (String name : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "BATCH_ADMIN_TOKEN",
                "BATCH_BOOTSTRAP_CLIENT_TOKEN", "BATCH_WEBHOOKS_ENCRYPTION_KEY", "BATCH_INTAKE_EVENTS_ACCESS_KEY_ID",
                "BATCH_INTAKE_EVENTS_SECRET_ACCESS_KEY")) {
            JsonNode ref = env.get(name).path("valueFrom").path("secretKeyRef");
            assertThat(ref.path("name").asText()).as(name).isEqualTo("cdp-batch-secrets");
            assertThat(ref.path("key").asText()).as(name).isEqualTo(name);
            assertThat(ref.path("optional").asBoolean()).as(name).isTrue();
        }
        assertThat(chart.get("ServiceAccount", RELEASE).has("metadata")).isTrue();
        assertThat(chart.get("ServiceAccount", RELEASE).path("metadata").has("annotations")).isFalse();
    }

    @Test
    void everyOptionOn() throws IOException {
        Map<String, Object> values = new HashMap<>();
        values.put("image.tag", "1.2.3");
        values.put("replicas", 3);
        values.put("resources.limits.memory", "2Gi");
        values.put("workDir.sizeLimit", "8Gi");
        values.put("database.url", "jdbc:postgresql://db.internal:5432/batches");
        values.put("store.endpoint", "https://minio.example.net");
        values.put("store.pathStyleAccess", true);
        values.put("secret.create", true);
        values.put("secret.databasePassword", "db-secret");
        values.put("secret.adminToken", "admin-secret");
        values.put("secret.arrivalEventsSecretAccessKey", "queue-secret");
        values.put("arrivalEvents.queueUrl", "https://sqs.eu-west-1.amazonaws.com/123456789012/cdp-batch-arrivals");
        values.put("arrivalEvents.fallbackScanInterval", "1m");
        values.put("tracing.otlpEndpoint", "http://otel-collector.observability:4317");
        values.put("autoscaling.enabled", true);
        values.put("autoscaling.maxReplicas", 10);
        values.put("serviceMonitor.enabled", true);
        values.put("serviceMonitor.labels.release", "kube-prometheus-stack");
        values.put("networkPolicy.enabled", true);
        values.put("serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn", "arn:aws:iam::123456789012:role/cdp-batch");
        values.put("securityContext.runAsUser", 185);

        Rendered chart = render(values);

        assertThat(chart.kinds()).containsExactly("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "NetworkPolicy",
                "PodDisruptionBudget", "Secret", "Service", "Service", "ServiceAccount", "ServiceMonitor");
        JsonNode container = chart.container();
        assertThat(container.path("image").asText()).isEqualTo("ghcr.io/cdp-batch/cdp-batch:1.2.3");
        assertThat(container.path("resources").path("limits").path("memory").asText()).isEqualTo("2Gi");
        assertThat(container.path("securityContext").path("runAsUser").asInt()).isEqualTo(185);
        assertThat(chart.podSpec().path("volumes").get(0).path("emptyDir").path("sizeLimit").asText()).isEqualTo("8Gi");
        // the autoscaler owns the replica count
        assertThat(chart.get("Deployment", RELEASE).path("spec").has("replicas")).isFalse();
        JsonNode hpa = chart.get("HorizontalPodAutoscaler", RELEASE).path("spec");
        assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo(RELEASE);
        assertThat(hpa.path("minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.path("maxReplicas").asInt()).isEqualTo(10);
        assertThat(hpa.path("metrics").get(0).path("resource").path("target").path("averageUtilization").asInt()).isEqualTo(70);

        JsonNode config = chart.get("ConfigMap", RELEASE + "-config").path("data");
        assertThat(config.path("QUARKUS_DATASOURCE_JDBC_URL").asText()).isEqualTo("jdbc:postgresql://db.internal:5432/batches");
        assertThat(config.path("QUARKUS_S3_ENDPOINT_OVERRIDE").asText()).isEqualTo("https://minio.example.net");
        assertThat(config.path("QUARKUS_S3_PATH_STYLE_ACCESS").asText()).isEqualTo("true");
        assertThat(config.path("BATCH_INTAKE_EVENTS_QUEUE_URL").asText())
                .isEqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/cdp-batch-arrivals");
        assertThat(config.path("BATCH_INTAKE_EVENTS_FALLBACK_SCAN_INTERVAL").asText()).isEqualTo("1m");
        assertThat(config.has("BATCH_INTAKE_EVENTS_REGION")).as("the region of the queue URL").isFalse();
        assertThat(config.path("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").asText())
                .isEqualTo("http://otel-collector.observability:4317");

        // only the secrets given are written
        JsonNode secret = chart.get("Secret", "cdp-batch-secrets").path("stringData");
        List<String> keys = new ArrayList<>();
        secret.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("QUARKUS_DATASOURCE_PASSWORD", "BATCH_ADMIN_TOKEN",
                "BATCH_INTAKE_EVENTS_SECRET_ACCESS_KEY");
        assertThat(secret.path("QUARKUS_DATASOURCE_PASSWORD").asText()).isEqualTo("db-secret");
        assertThat(chart.env().get("BATCH_ADMIN_TOKEN").path("valueFrom").path("secretKeyRef").path("name").asText())
                .isEqualTo("cdp-batch-secrets");

        // the ServiceMonitor scrapes the management port through a Service of its own
        JsonNode management = chart.get("Service", RELEASE + "-management").path("spec");
        assertThat(management.path("type").asText()).isEqualTo("ClusterIP");
        assertThat(management.path("ports").get(0).path("port").asInt()).isEqualTo(9000);
        JsonNode monitor = chart.get("ServiceMonitor", RELEASE);
        assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(monitor.path("spec").path("endpoints").get(0).path("port").asText()).isEqualTo("management");
        assertThat(monitor.path("spec").path("endpoints").get(0).path("path").asText()).isEqualTo("/q/metrics");
        JsonNode selected = monitor.path("spec").path("selector").path("matchLabels");
        JsonNode labels = chart.get("Service", RELEASE + "-management").path("metadata").path("labels");
        selected.fieldNames().forEachRemaining(label -> assertThat(labels.path(label).asText()).as(label)
                .isEqualTo(selected.path(label).asText()));
        // ... and the public Service still does not publish it
        assertThat(chart.get("Service", RELEASE).path("spec").path("ports").size()).isEqualTo(1);

        JsonNode policy = chart.get("NetworkPolicy", RELEASE).path("spec");
        assertThat(policy.path("policyTypes").get(0).asText()).isEqualTo("Ingress");
        assertThat(policy.path("ingress").get(0).has("from")).as("the API from anywhere").isFalse();
        assertThat(policy.path("ingress").get(1).path("ports").get(0).path("port").asText()).isEqualTo("management");
        assertThat(policy.path("ingress").get(1).path("from").get(0).path("namespaceSelector").path("matchLabels")
                .path("kubernetes.io/metadata.name").asText()).isEqualTo("monitoring");

        // IRSA: the role on the service account the pods run as
        JsonNode account = chart.get("ServiceAccount", RELEASE);
        assertThat(account.path("metadata").path("annotations").path("eks.amazonaws.com/role-arn").asText())
                .isEqualTo("arn:aws:iam::123456789012:role/cdp-batch");
        assertThat(chart.podSpec().path("serviceAccountName").asText()).isEqualTo(RELEASE);
    }

    @Test
    void aSecretWrittenByTheChartNeedsTheDatabasePassword() {
        assertThatThrownBy(() -> render(Map.of("secret.create", true)))
                .hasMessageContaining("secret.databasePassword is required");
    }

    @Test
    void anotherReleaseNameNamesEveryResource() throws IOException {
        String yaml = new Helm(CHART).template().withName("billing").withKubeVersion(KUBE_VERSION).call();
        Rendered chart = parse(yaml);
        assertThat(chart.resources().keySet()).allMatch(key -> key.endsWith("/billing-cdp-batch")
                || key.endsWith("/billing-cdp-batch-config"));
        JsonNode selector = chart.get("Deployment", "billing-cdp-batch").path("spec").path("selector").path("matchLabels");
        assertThat(selector.path("app.kubernetes.io/instance").asText()).isEqualTo("billing");
    }
}
