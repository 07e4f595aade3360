package io.cdpbatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cdpbatch.common.BatchLogContext;
import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Lines;
import io.cdpbatch.support.LogCapture;
import io.cdpbatch.support.Tenants;
import io.cdpbatch.support.TestFiles;
import io.cdpbatch.support.Uploads;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/** JSON logs by one variable, the batch context in them, and no secret in any log line. */
@QuarkusTest
@ApiTest
@TestProfile(LoggingTest.JsonLogs.class)
class LoggingTest {

    public static class JsonLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("BATCH_LOG_JSON", "true", "batch.admin.token", "logging-test-admin-token-0123456789abcdef");
        }
    }

    @Test
    void consoleWritesJsonWithTheBatchContext() throws Exception {
        Formatter formatter = consoleFormatter();
        assertThat(formatter.getClass().getName()).isEqualTo("io.quarkus.logging.json.runtime.JsonFormatter");

        UUID ref = UUID.fromString("12af3453-62da-4b31-b646-631b7b5f3009");
        ExtLogRecord record;
        try (var context = BatchLogContext.open("tenant-a", ref)) {
            record = new ExtLogRecord(Level.INFO, "Batch processed", LoggingTest.class.getName());
            record.copyMdc();
        }
        JsonNode json = new ObjectMapper().readTree(formatter.format(record));
        assertThat(json.path("message").asText()).isEqualTo("Batch processed");
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("mdc").path("tenant").asText()).isEqualTo("tenant-a");
        assertThat(json.path("mdc").path("batchRef").asText()).isEqualTo(ref.toString());
        assertThat(org.jboss.logging.MDC.get(BatchLogContext.TENANT)).isNull();
        assertThat(org.jboss.logging.MDC.get(BatchLogContext.BATCH_REF)).isNull();
    }

    @Test
    void contextsNestAndRestore() {
        try (var outer = BatchLogContext.open("outer", "ref-1")) {
            try (var inner = BatchLogContext.open("inner", "ref-2")) {
                assertThat(org.jboss.logging.MDC.get(BatchLogContext.TENANT)).isEqualTo("inner");
            }
            assertThat(org.jboss.logging.MDC.get(BatchLogContext.TENANT)).isEqualTo("outer");
            assertThat(org.jboss.logging.MDC.get(BatchLogContext.BATCH_REF)).isEqualTo("ref-1");
        }
        assertThat(org.jboss.logging.MDC.get(BatchLogContext.TENANT)).isNull();
    }

    @Test
    void noSignatureOrTokenIsLogged(Tenants tenant, LogCapture logs) {
        byte[] file = TestFiles.ndjsonGz(List.of(Lines.guest("1").upsert()));
        String ref = UUID.randomUUID().toString();
        String url = tenant.given().body("{\"checksum\":\"" + TestFiles.md5Hex(file) + "\",\"size\":" + file.length + "}")
                .when().put("/v2/batches/{ref}", ref).then().statusCode(201).extract().path("location.href");
        assertThat(Uploads.put(url, file).status()).isEqualTo(200);
        tenant.given().when().get("/v2/batches/inspect/{ref}", ref).then().statusCode(200);
        tenant.given().when().get("/v2/batches/inspect").then().statusCode(200);
        String issued = RestAssured.given().header("Authorization", "Bearer logging-test-admin-token-0123456789abcdef")
                .when().post("/admin/clients").then().statusCode(201).extract().path("token");

        List<String> lines = logs.messages();
        assertThat(lines).anyMatch(line -> line.contains(ref));
        assertThat(lines).noneMatch(line -> line.contains("X-Amz-Signature") || line.contains("X-Amz-Credential"));
        assertThat(lines).noneMatch(line -> line.contains(url.substring(url.indexOf('?'))));
        assertThat(lines).noneMatch(line -> line.contains(tenant.token()));
        assertThat(lines).noneMatch(line -> line.contains(issued));
        assertThat(lines).noneMatch(line -> line.contains("logging-test-admin-token-0123456789abcdef"));
        assertThat(lines).noneMatch(line -> line.contains("local-secret-key"));
    }

    /** The formatter of the console handler, wherever Quarkus nested it. */
    private static Formatter consoleFormatter() {
        List<Handler> pending = new ArrayList<>(List.of(LogContext.getLogContext().getLogger("").getHandlers()));
        while (!pending.isEmpty()) {
            Handler handler = pending.remove(0);
            if (handler instanceof org.jboss.logmanager.handlers.ConsoleHandler) {
                return handler.getFormatter();
            }
            if (handler instanceof ExtHandler ext) {
                pending.addAll(List.of(ext.getHandlers()));
            }
        }
        throw new AssertionError("No console handler");
    }
}
