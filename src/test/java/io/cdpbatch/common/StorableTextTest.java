package io.cdpbatch.common;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.LogCapture;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Text PostgreSQL cannot store (NUL, unpaired surrogates) answers 400 naming the parameter or field,
 * for every route at once, where the database used to fail with a 500 and a stack trace in the log.
 */
@QuarkusTest
@ApiTest
class StorableTextTest {

    static final String CHECKSUM = "b1d600dbf7463924e24647e626cd7c1e";
    static final String REMEDY = ": NUL and unpaired surrogates cannot be stored; remove them";

    Tenants tenant;

    LogCapture logs;

    @AfterEach
    void noErrorWasLogged() {
        List<String> errors = logs.records().stream().filter(StorableTextTest::error)
                .map(record -> record.getLoggerName() + ": " + logs.message(record) + " " + record.getThrown()).toList();
        assertThat(errors).as("no warning, error or stack trace in the log").isEmpty();
    }

    /** What a failed insert leaves: the driver's SQL error and the mapper's stack trace. */
    private static boolean error(LogRecord record) {
        boolean request = record.getLoggerName().startsWith("io.cdpbatch.error")
                || record.getLoggerName().startsWith("org.hibernate");
        return record.getThrown() != null || (request && record.getLevel().intValue() >= Level.WARNING.intValue());
    }

    @Test
    void aNulInAQueryParameterOfInspectIs400NamingIt() {
        assertError(tenant.given().queryParam("search", "12af\u0000").when().get("/v2/batches/inspect").then(), 400,
                "search contains a character that cannot be stored",
                "query parameter search contains U+0000 at position 4" + REMEDY);
        assertError(tenant.given().queryParam("status", "success").queryParam("createdBefore", "\u0000")
                .when().get("/v2/batches/inspect").then(), 400, "createdBefore contains a character that cannot be stored",
                "query parameter createdBefore contains U+0000 at position 0" + REMEDY);
    }

    @Test
    void aNulInAPathParameterIs400NamingIt() {
        assertError(tenant.given().when().get("/v2/batches/inspect/{ref}", "x\u0000").then(), 400,
                "ref contains a character that cannot be stored", "path parameter ref contains U+0000 at position 1" + REMEDY);
    }

    @Test
    void aNulInTheAllocateBodyIs400NamingTheField() {
        assertError(tenant.given().body("{\"checksum\":\"" + CHECKSUM + "\\u0000\",\"size\":227}")
                .when().put("/v2/batches/{ref}", UUID.randomUUID()).then(), 400,
                "checksum contains a character that cannot be stored",
                "field checksum contains U+0000 at position 32" + REMEDY);
        assertError(tenant.given().body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":227,\"x\\u0000\":1}")
                .when().put("/v2/batches/{ref}", UUID.randomUUID()).then(), 400,
                "a field name contains a character that cannot be stored",
                "a field name in the body contains U+0000 at position 1" + REMEDY);
    }

    @Test
    void aNulOrAnUnpairedSurrogateInAWebhookDescriptionIs400NamingTheField() {
        String id = UUID.randomUUID().toString();
        assertError(tenant.given().contentType("application/json")
                .body("{\"url\":\"https://receiver.example/hook\",\"description\":\"nightly\\u0000import\"}")
                .when().put("/v2/webhooks/{id}", id).then(), 400, "description contains a character that cannot be stored",
                "field description contains U+0000 at position 7" + REMEDY);
        assertError(tenant.given().contentType("application/json")
                .body("{\"url\":\"https://receiver.example/hook\",\"description\":\"half \\ud83d of an emoji\"}")
                .when().put("/v2/webhooks/{id}", id).then(), 400, "description contains a character that cannot be stored",
                "field description contains U+D83D at position 5" + REMEDY);
        tenant.given().when().get("/v2/webhooks/{id}", id).then().statusCode(404);
        // A whole emoji (a pair of surrogates) is text like any other.
        tenant.given().contentType("application/json")
                .body("{\"url\":\"https://receiver.example/hook\",\"description\":\"nightly \\ud83d\\ude80 import\"}")
                .when().put("/v2/webhooks/{id}", id).then().statusCode(201);
    }
}
