package io.cdpbatch.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Batches;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Real completion webhooks verified by the reference implementation of Standard Webhooks, the npm
 * package {@code standardwebhooks} (a pinned version, installed under target/ by this test): what a
 * receiver that follows the specification's documentation would run.
 */
@QuarkusTest
@ApiTest
class StandardWebhooksInteropTest {

    static final String PACKAGE = "standardwebhooks@1.1.1";
    static final Path HOME = Path.of("target", "standardwebhooks");
    /** Reads {secret, headers, body} from the file given, verifies, exits 0 when verified and 1 otherwise. */
    static final String VERIFIER = """
            const fs = require('fs');
            const { Webhook } = require('standardwebhooks');
            const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
            try {
              const event = new Webhook(input.secret).verify(input.body, input.headers);
              process.stdout.write('verified ' + event.type + ' ' + event.data.ref);
              process.exit(0);
            } catch (e) {
              process.stdout.write('refused: ' + e.message);
              process.exit(1);
            }
            """;
    static final ObjectMapper JSON = new ObjectMapper();

    Tenants tenant;
    final List<Receiver> receivers = new ArrayList<>();
    final List<Runnable> cleanups = new ArrayList<>();

    record Run(int exitCode, String output) {
    }

    @BeforeAll
    static void installTheReferenceLibrary() throws Exception {
        Files.createDirectories(HOME);
        // Exact versions of the package and of what it depends on.
        Files.writeString(HOME.resolve("package.json"), """
                {"name": "cdp-batch-webhook-verifier", "private": true,
                 "dependencies": {"standardwebhooks": "1.1.1"},
                 "overrides": {"@stablelib/base64": "1.0.1", "fast-sha256": "1.3.0"}}
                """);
        if (!Files.exists(HOME.resolve("node_modules/standardwebhooks/package.json"))
                || !Files.readString(HOME.resolve("node_modules/standardwebhooks/package.json")).contains("\"1.1.1\"")) {
            Run install = run(List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", HOME.toString()), 300);
            assertThat(install.exitCode()).as("npm install %s: %s", PACKAGE, install.output()).isZero();
        }
        Files.writeString(HOME.resolve("verify.cjs"), VERIFIER);
    }

    @AfterEach
    void tearDown() {
        cleanups.forEach(Runnable::run);
        receivers.forEach(Receiver::close);
    }

    @Test
    void aRegisteredWebhooksCompletionEventVerifies() throws Exception {
        Receiver receiver = Receiver.ok();
        receivers.add(receiver);
        Webhooks.Registered webhook = Webhooks.register(tenant, receiver.url());
        cleanups.add(() -> tenant.given().when().delete("/v2/webhooks/{id}", webhook.id()));

        String ref = Batches.uploadLines(tenant,
                List.of(Lines.guest("i1").identifier("crm", "interop-1").firstName("Ada").upsert()));
        Batches.awaitTerminal(tenant, ref);
        Webhooks.awaitDelivery(tenant, ref, d -> "delivered".equals(d.get("state")));
        Receiver.Received post = receiver.received().get(0);

        Run verified = verify(webhook.secret(), post, post.body());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).isEqualTo("verified batch.completed " + ref);

        // the verifier does refuse: another body, another secret
        Run tampered = verify(webhook.secret(), post, post.body().replace("success", "error"));
        assertThat(tampered.exitCode()).isEqualTo(1);
        assertThat(tampered.output()).isEqualTo("refused: No matching signature found");
        Run otherSecret = verify(WebhookSignatures.secret(new byte[32]), post, post.body());
        assertThat(otherSecret.exitCode()).isEqualTo(1);
    }

    @Test
    void aPerBatchCallbackVerifiesWithTheSecretOfTheAllocation() throws Exception {
        Receiver receiver = Receiver.ok();
        receivers.add(receiver);
        byte[] file = TestFiles.ndjsonGz(List.of(Lines.guest("i2").identifier("crm", "interop-2").firstName("Ada").upsert()));
        String ref = UUID.randomUUID().toString();
        var allocated = tenant.given()
                .body("{\"checksum\":\"" + TestFiles.md5Hex(file) + "\",\"size\":" + file.length + ",\"callbackUrl\":\""
                        + receiver.url() + "\"}")
                .when().put("/v2/batches/{ref}", ref).then().statusCode(201).extract().jsonPath();
        assertThat(Uploads.put(allocated.getString("location.href"), file).status()).isEqualTo(200);
        Batches.awaitTerminal(tenant, ref);
        Webhooks.awaitDelivery(tenant, ref, d -> "delivered".equals(d.get("state")));

        Receiver.Received post = receiver.received().get(0);
        Run verified = verify(allocated.getString("callbackSecret"), post, post.body());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).isEqualTo("verified batch.completed " + ref);
    }

    private static Run verify(String secret, Receiver.Received post, String body) throws Exception {
        Path input = Files.createTempFile(HOME, "delivery-", ".json");
        try {
            Map<String, Object> delivery = Map.of("secret", secret, "body", body, "headers",
                    Map.of("webhook-id", post.header("webhook-id"), "webhook-timestamp", post.header("webhook-timestamp"),
                            "webhook-signature", post.header("webhook-signature")));
            Files.writeString(input, JSON.writeValueAsString(delivery));
            return run(List.of("node", HOME.resolve("verify.cjs").toString(), input.toString()), 60);
        } finally {
            Files.deleteIfExists(input);
        }
    }

    private static Run run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(timeoutSeconds, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
