package io.cdpbatch.batch;

import static io.cdpbatch.support.ApiErrors.assertError;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.cdpbatch.support.ApiTest;
import io.cdpbatch.support.Tenants;
import io.quarkus.test.junit.QuarkusTest;

/** Every malformed allocation body answers 400 with a message that names the field. */
@QuarkusTest
@ApiTest
class AllocationValidationTest {

    static final String CHECKSUM = "b1d600dbf7463924e24647e626cd7c1e";
    /** The default maximum file size, 50 MiB. */
    static final long MAX = 50L * 1024 * 1024;

    Tenants tenant;

    static Stream<Arguments> badBodies() {
        String sizeMessage = "size must be a positive integer";
        String checksumMessage = "checksum must be 32 hexadecimal characters";
        return Stream.of(
                Arguments.of("{\"size\":227}", "checksum is required",
                        "checksum is required: the MD5 of the gzipped file, 32 hexadecimal characters"),
                Arguments.of("{\"checksum\":null,\"size\":227}", "checksum is required",
                        "checksum is required: the MD5 of the gzipped file, 32 hexadecimal characters"),
                Arguments.of("{\"checksum\":\"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\",\"size\":227}", checksumMessage,
                        "checksum must be 32 hexadecimal characters, got \"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\" (32 characters)"),
                Arguments.of("{\"checksum\":\"b1d600dbf7463924e24647e626cd7c1\",\"size\":227}", checksumMessage,
                        "checksum must be 32 hexadecimal characters, got \"b1d600dbf7463924e24647e626cd7c1\" (31 characters)"),
                Arguments.of("{\"checksum\":\"b1d600dbf7463924e24647e626cd7c1e0\",\"size\":227}", checksumMessage,
                        "checksum must be 32 hexadecimal characters, got \"b1d600dbf7463924e24647e626cd7c1e0\" (33 characters)"),
                Arguments.of("{\"checksum\":12345,\"size\":227}", checksumMessage,
                        "checksum must be a string of 32 hexadecimal characters, got number"),
                Arguments.of("{\"checksum\":\"" + CHECKSUM + "\"}", "size is required",
                        "size is required: the byte length of the gzipped file"),
                Arguments.of("{\"checksum\":\"" + CHECKSUM + "\",\"size\":0}", sizeMessage,
                        "size must be a positive integer, got 0"),
                Arguments.of("{\"checksum\":\"" + CHECKSUM + "\",\"size\":\"0\"}", sizeMessage,
                        "size must be a positive integer, got 0"),
                Arguments.of("{\"checksum\":\"" + CHECKSUM + "\",\"size\":-3}", sizeMessage,
                        "size must be a positive integer, got -3"),
                Arguments.of("{\"checksum\":\"" + CHECKSUM + "\",\"size\":\"-3\"}", sizeMessage,
                        "size must be a positive integer, got -3"),
                Arguments.of("{\"checksum\":\"" + CHECKSUM + "\",\"size\":\"abc\"}", sizeMessage,
                        "size must be a positive integer, got \"abc\" (3 characters)"),
                Arguments.of("{\"checksum\":\"" + CHECKSUM + "\",\"size\":\"\"}", sizeMessage,
                        "size must be a positive integer, got \"\" (0 characters)"),
                Arguments.of("{\"checksum\":\"" + CHECKSUM + "\",\"size\":1.5}", sizeMessage,
                        "size must be a positive integer, got 1.5"),
                Arguments.of("{\"checksum\":\"" + CHECKSUM + "\",\"size\":true}", sizeMessage,
                        "size must be a positive integer, got boolean"),
                Arguments.of("{\"checksum\":\"" + CHECKSUM + "\",\"size\":" + (MAX + 1) + "}",
                        "size must not exceed " + MAX + " bytes",
                        "size must not exceed the maximum file size of " + MAX + " bytes, got " + (MAX + 1)),
                Arguments.of("{\"checksum\":\"" + CHECKSUM + "\",\"size\":\"" + (MAX + 1) + "\"}",
                        "size must not exceed " + MAX + " bytes",
                        "size must not exceed the maximum file size of " + MAX + " bytes, got " + (MAX + 1)),
                Arguments.of("{\"checksum\":\"" + CHECKSUM + "\",\"size\":99999999999999999999}",
                        "size must not exceed " + MAX + " bytes",
                        "size must not exceed the maximum file size of " + MAX + " bytes, got 99999999999999999999"),
                Arguments.of("[\"" + CHECKSUM + "\",227]", "Request body must be a JSON object",
                        "Request body must be a JSON object with checksum and size"),
                Arguments.of("\"just a string\"", "Request body must be a JSON object",
                        "Request body must be a JSON object with checksum and size"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badBodyIsRejectedNamingTheField(String body, String message, String developerMessage) {
        String ref = UUID.randomUUID().toString();
        assertError(tenant.given().body(body).contentType("application/json")
                .when().put("/v2/batches/{ref}", ref).then(), 400, message, developerMessage);
        // Nothing was allocated: the ref is still unknown.
        tenant.given().when().get("/v2/batches/{ref}", ref).then().statusCode(404);
    }

    @Test
    void bodyThatIsNotJsonIsRejected() {
        assertError(tenant.given().body("checksum=" + CHECKSUM + "&size=227")
                .contentType("application/x-www-form-urlencoded")
                .when().put("/v2/batches/{ref}", UUID.randomUUID()).then(), 400, "Request body must be a JSON object",
                "Request body must be a JSON object with checksum and size: Unrecognized token 'checksum': was expecting "
                        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
    }

    @Test
    void missingBodyIsRejected() {
        assertError(tenant.given().contentType("application/json")
                .when().put("/v2/batches/{ref}", UUID.randomUUID()).then(), 400, "Request body is required",
                "Request body is required: {\"checksum\": \"<md5 hex>\", \"size\": <bytes>}");
    }

    @Test
    void refThatIsNotAUuidIsRejected() {
        for (String ref : new String[] { "not-a-uuid", "12af3453-62da-4b31-b646-631b7b5f300",
                "12af345362da4b31b646631b7b5f3009",
                "12af3453-62da-4b31-b646-631b7b5f300g" }) {
            assertError(tenant.given().body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":227}")
                    .when().put("/v2/batches/{ref}", ref).then(), 400, "ref must be a UUID",
                    "ref must be a UUID such as 12af3453-62da-4b31-b646-631b7b5f3009, got \"" + ref + "\"");
        }
    }

    @Test
    void refThatIsNotAUuidIsRejectedOnStatusRoutes() {
        assertError(tenant.given().when().get("/v2/batches/{ref}", "nope").then(), 400, "ref must be a UUID",
                "ref must be a UUID such as 12af3453-62da-4b31-b646-631b7b5f3009, got \"nope\"");
        assertError(tenant.given().when().get("/v2/batches/inspect/{ref}", "nope").then(), 400, "ref must be a UUID",
                "ref must be a UUID such as 12af3453-62da-4b31-b646-631b7b5f3009, got \"nope\"");
    }

    @Test
    void unknownRefIs404WithErrorBody() {
        assertError(tenant.given().when().get("/v2/batches/{ref}", UUID.randomUUID()).then(), 404, "Batch not found",
                "Batch not found");
    }

    @Test
    void sizeBoundsAreInclusive() {
        tenant.given().body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":1}")
                .when().put("/v2/batches/{ref}", UUID.randomUUID()).then().statusCode(201).body("size", equalTo(1));
        tenant.given().body("{\"checksum\":\"" + CHECKSUM + "\",\"size\":\"" + MAX + "\"}")
                .when().put("/v2/batches/{ref}", UUID.randomUUID()).then().statusCode(201)
                .body("size", equalTo((int) MAX));
    }

    @Test
    void uppercaseChecksumAndRefAreStoredLowercase() {
        String ref = UUID.randomUUID().toString();
        tenant.given().body("{\"checksum\":\"" + CHECKSUM.toUpperCase() + "\",\"size\":227}")
                .when().put("/v2/batches/{ref}", ref.toUpperCase()).then().statusCode(201)
                .body("ref", equalTo(ref)).body("checksum", equalTo(CHECKSUM));
    }

    @Test
    void oversizedRequestBodyGetsTheErrorBody() {
        String body = "{\"checksum\":\"" + CHECKSUM + "\",\"size\":227,\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertError(tenant.given().body(body)
                .when().put("/v2/batches/{ref}", UUID.randomUUID()).then(), 413, "Request body too large",
                "The request body is limited to 65536 bytes, got " + body.length() + " bytes");
    }
}
